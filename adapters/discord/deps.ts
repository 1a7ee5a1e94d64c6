import type { Logger, Newsdesk } from '../../src/index.js'
import type { ChatAdding } from '../shared/add.js'
import type { ConversationMemory } from '../shared/conversation-memory.js'
import type { ChatWatching } from '../shared/watch.js'
import type { DiscordConfig } from './config.js'

/** What every handler gets: the engine and the adapter's own state. */
export interface Deps {
  engine: Newsdesk
  config: DiscordConfig
  logger: Logger
  /** Questions asked in each channel or thread where the bot answered, keyed by channel ID. */
  threads: ConversationMemory
  /** Adding articles with /add; absent when the service was started without a data folder. */
  adding?: ChatAdding
  /** /watch, /watches, /unwatch; absent when the service runs without them. */
  watching?: ChatWatching
}

// Nothing a reply says may ping anyone, the asker included.
export const NO_PINGS = { parse: [] as [], repliedUser: false }
