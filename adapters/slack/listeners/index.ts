import type { App } from '@slack/bolt'
import * as actions from './actions.js'
import * as commands from './commands.js'
import type { Deps } from './deps.js'
import * as events from './events.js'
import * as messages from './messages.js'

/** Registers every listener, by kind. */
export function registerListeners(app: App, deps: Deps): void {
  events.register(app, deps)
  messages.register(app, deps)
  commands.register(app, deps)
  actions.register(app, deps)
}
