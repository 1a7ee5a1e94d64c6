import type { Logger, Newsdesk } from '../../../src/index.js'
import type { ChatAdding } from '../../shared/add.js'
import type { ConversationMemory } from '../../shared/conversation-memory.js'
import type { RateLimiter } from '../../shared/rate-limit.js'
import type { ChatWatching } from '../../shared/watch.js'
import type { SlackConfig } from '../config.js'

/** What every listener gets: the engine and the adapter's own state. */
export interface Deps {
  engine: Newsdesk
  config: SlackConfig
  logger: Logger
  /** Questions asked in each thread or DM, keyed `channel/thread` (`channel/dm` for a DM). */
  threads: ConversationMemory
  /** Adding articles with /add; absent when the service was started without a data folder. */
  adding?: ChatAdding
  /** /watch, /watches, /unwatch; absent when the service runs without them. */
  watching?: ChatWatching
  /** Questions per person per minute; absent: no limit. */
  limiter?: RateLimiter
}

/** The wait a person must make before asking again, in seconds; null when they may ask now. */
export function mustWait(deps: Deps, user: string | undefined): number | null {
  return user === undefined ? null : (deps.limiter?.take(user) ?? null)
}

/** Slack's escaping of what a user typed, undone; mentions of people and the bot removed. */
export function questionFrom(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/gi, ' ')
    .replace(/<(https?:[^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}
