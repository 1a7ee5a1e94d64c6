import add from './add.js'
import ask from './ask.js'
import feeds from './feeds.js'
import quote from './quote.js'
import source from './source.js'
import type { SlashCommand } from './types.js'
import unwatch from './unwatch.js'
import watch from './watch.js'
import watches from './watches.js'

export type { SlashCommand } from './types.js'

/** Every slash command by name: what the interaction handler dispatches and the register script sends. */
export const commands: ReadonlyMap<string, SlashCommand> = new Map(
  [ask, source, quote, add, watch, watches, unwatch, feeds].map((c) => [c.data.name, c]),
)
