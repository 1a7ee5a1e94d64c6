/**
 * What the feed poller remembers between polls and restarts: per feed its HTTP validators, its
 * schedule and health, and every item it has seen, so that nothing is added twice. Kept in
 * `<dataDir>/.newsdesk/feeds-state.json` (a hidden folder: the article loader and the folder
 * watcher pass it over), written atomically, read tolerantly.
 */
import { createHash } from 'node:crypto'
import { rename } from 'node:fs/promises'
import { join } from 'node:path'
import { readJsonFile, writeJsonFile } from '../store/json-file.js'
import type { Logger } from '../types.js'
import type { FeedItem } from './parse-feed.js'

/** Where the state is kept, relative to the data folder. */
export const FEED_STATE_FILE = join('.newsdesk', 'feeds-state.json')

/** An item the poller has seen. */
export interface SeenItem {
  /** The item's canonical link (see canonicalLink), or `null`. */
  link: string | null
  /** contentHash of its title and text when last seen: a change means the item was edited. */
  hash: string
  /**
   * The article file written for it, relative to the data folder (`/` separators), or `null`:
   * passed over at the first poll, the same article as another feed's, or no text (yet).
   */
  file: string | null
  /** When it was first and last seen in the feed (ISO 8601). */
  firstSeen: string
  lastSeen: string
  /** Failed tries to make an article of it (its page and content gave no text); retried a few times. */
  attempts?: number
}

/** One feed's state. Times are ISO 8601; `null` when not yet. */
export interface FeedState {
  /** The validators of the last feed read, sent with the next request (If-None-Match, If-Modified-Since). */
  etag: string | null
  lastModified: string | null
  lastPoll: string | null
  lastSuccess: string | null
  /** Why the last poll failed, for people; `null` after a success. */
  lastError: string | null
  /** Failed polls in a row (0 after a success). */
  failures: number
  nextPollAt: string | null
  /** Article files written for the feed, in all. */
  articles: number
  /** The feed's own title, as last read. */
  title: string | null
  /** The folder under `<dataDir>/feeds/` its articles are written into, once chosen. */
  folder: string | null
  /** The items seen, by itemKey. */
  items: Record<string, SeenItem>
}

/** The whole state: every feed ever polled, by URL (a feed taken off the list keeps its items). */
export interface PollerState {
  version: 1
  feeds: Record<string, FeedState>
}

/** A state for a feed never polled. */
export function emptyFeedState(): FeedState {
  return {
    etag: null,
    lastModified: null,
    lastPoll: null,
    lastSuccess: null,
    lastError: null,
    failures: 0,
    nextPollAt: null,
    articles: 0,
    title: null,
    folder: null,
    items: {},
  }
}

/**
 * Reads the state of the data folder `dataDir`. A missing file is an empty state; a damaged one
 * (not JSON, or not the right shape) is logged, moved aside (`feeds-state.damaged-<time>.json`,
 * for an operator to look at) and read as empty; a damaged entry is dropped on its own. Never throws.
 */
export async function readPollerState(dataDir: string, logger?: Logger): Promise<PollerState> {
  const path = join(dataDir, FEED_STATE_FILE)
  let raw: unknown
  try {
    raw = await readJsonFile(path)
  } catch (err) {
    const aside = join(dataDir, '.newsdesk', `feeds-state.damaged-${Date.now()}.json`)
    const moved = await rename(path, aside).then(
      () => true,
      () => false,
    )
    logger?.warn(
      `Newsdesk: the feed state ${path} is damaged (${(err as Error).message}); starting afresh` +
        (moved ? ` (the old file is kept as ${aside})` : ''),
    )
    return { version: 1, feeds: {} }
  }
  if (raw === null) return { version: 1, feeds: {} }
  const feeds: Record<string, FeedState> = {}
  const rawFeeds = isRecord(raw) && isRecord(raw.feeds) ? raw.feeds : null
  if (rawFeeds === null) {
    logger?.warn(`Newsdesk: the feed state ${path} is not a feed state; starting afresh`)
    return { version: 1, feeds: {} }
  }
  let dropped = 0
  for (const [url, value] of Object.entries(rawFeeds)) {
    const state = feedStateOf(value)
    if (state === null) dropped++
    else feeds[url] = state
  }
  if (dropped > 0) logger?.warn(`Newsdesk: ${dropped} damaged feed(s) in ${path} were left out`)
  return { version: 1, feeds }
}

/** Writes the state atomically (a `.newsdesk-tmp…` file renamed over the old one). */
export async function writePollerState(dataDir: string, state: PollerState): Promise<void> {
  await writeJsonFile(join(dataDir, FEED_STATE_FILE), state)
}

function feedStateOf(value: unknown): FeedState | null {
  if (!isRecord(value)) return null
  const s = emptyFeedState()
  s.etag = str(value.etag)
  s.lastModified = str(value.lastModified)
  s.lastPoll = str(value.lastPoll)
  s.lastSuccess = str(value.lastSuccess)
  s.lastError = str(value.lastError)
  s.failures = count(value.failures)
  s.nextPollAt = str(value.nextPollAt)
  s.articles = count(value.articles)
  s.title = str(value.title)
  s.folder = str(value.folder)
  if (s.folder !== null && !/^[a-z0-9][a-z0-9-]*$/.test(s.folder)) s.folder = null
  if (isRecord(value.items)) {
    for (const [key, item] of Object.entries(value.items)) {
      if (!isRecord(item) || typeof item.hash !== 'string') continue
      const seen: SeenItem = {
        link: str(item.link),
        hash: item.hash,
        file: str(item.file),
        firstSeen: str(item.firstSeen) ?? new Date(0).toISOString(),
        lastSeen: str(item.lastSeen) ?? new Date(0).toISOString(),
      }
      if (count(item.attempts) > 0) seen.attempts = count(item.attempts)
      s.items[key] = seen
    }
  }
  return s
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0
}

// Query parameters that say where a reader came from, not which page it is.
const TRACKING_PARAM = /^(?:utm_[a-z_]*|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$/i

/**
 * A link as the same page is always written: no fragment, no tracking parameters (utm_*,
 * fbclid…), no trailing slash, the host in lower case. `null` for no link or not an http(s) URL.
 */
export function canonicalLink(link: string | null): string | null {
  const url = untrackedUrl(link)
  if (url === null) return null
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '')
  return url.href
}

/**
 * A link without its fragment and tracking parameters (utm_*, fbclid…), as shown in an
 * article's front matter; `null` for no link or not an http(s) URL.
 */
export function withoutTracking(link: string | null): string | null {
  return untrackedUrl(link)?.href ?? null
}

function untrackedUrl(link: string | null): URL | null {
  if (link === null) return null
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  url.hash = ''
  for (const name of [...url.searchParams.keys()]) if (TRACKING_PARAM.test(name)) url.searchParams.delete(name)
  // An emptied query leaves no lone `?`.
  if (url.searchParams.size === 0) url.search = ''
  return url
}

/** The key two spellings of one page share: the canonical link without its scheme (http and https are one page). */
export function linkKey(canonical: string): string {
  return canonical.replace(/^https?:\/\//i, '')
}

/** A hash of an item's title and text (content, else summary), markup and white space aside: its date is not in it. */
export function contentHash(item: Pick<FeedItem, 'title' | 'content' | 'summary'>): string {
  return createHash('sha1')
    .update(normalisedText(`${item.title ?? ''}\n${item.content ?? item.summary ?? ''}`))
    .digest('hex')
}

/** An item's text, without markup, for hashing and for telling a real body from a bare title. */
export function normalisedText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|\s+/g, ' ')
    .trim()
    .toLowerCase()
}

/** The key an item is kept under: its guid, else its canonical link, else its content hash. */
export function itemKey(item: Pick<FeedItem, 'guid'>, link: string | null, hash: string): string {
  if (item.guid !== null) return `guid:${item.guid}`
  if (link !== null) return `link:${linkKey(link)}`
  return `hash:${hash}`
}
