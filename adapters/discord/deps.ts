import type { Logger, Newsdesk } from '../../src/index.js'
import type { ChatAdding } from '../shared/add.js'
import type { ConversationMemory } from '../shared/conversation-memory.js'
import type { RateLimiter } from '../shared/rate-limit.js'
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
  /** Questions per person per minute; absent: no limit. */
  limiter?: RateLimiter
}

// Nothing a reply says may ping anyone, the asker included.
export const NO_PINGS = { parse: [] as [], repliedUser: false }

/**
 * A message's nonce, with Discord told to enforce it: when discord.js retries a POST that timed
 * out but did arrive, Discord returns the message already created instead of a second one.
 */
export function once(): { nonce: string; enforceNonce: true } {
  return { nonce: `${Date.now()}${Math.floor(Math.random() * 1e6)}`.slice(-25), enforceNonce: true }
}
