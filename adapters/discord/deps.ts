import type { Logger, Newsdesk } from '../../src/index.js'
import type { DiscordConfig } from './config.js'

/** What every handler gets: the engine and the adapter's own state. */
export interface Deps {
  engine: Newsdesk
  config: DiscordConfig
  logger: Logger
  /** Questions asked in each channel or thread where the bot answered, newest last. */
  threads: Map<string, string[]>
}

// Nothing a reply says may ping anyone, the asker included.
export const NO_PINGS = { parse: [] as [], repliedUser: false }

export function rememberQuestion (deps: Deps, channel: string, question: string): void {
  const list = [...(deps.threads.get(channel) ?? []), question.slice(0, 2000)].slice(-5)
  deps.threads.delete(channel)
  deps.threads.set(channel, list)
  if (deps.threads.size > 5000) deps.threads.delete(deps.threads.keys().next().value as string)
}
