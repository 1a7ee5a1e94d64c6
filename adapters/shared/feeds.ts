import {
  addFeed,
  type FeedPoller,
  type FeedStatus,
  readFeedList,
  readPollerState,
  removeFeed,
} from '../../src/index.js'

/** Feeds managed from the command line or chat: the data folder's list, and the poller if one runs. */
export interface FeedsControl {
  dataDir: string
  /** The running poller (for fresh status, and to poll a new feed at once); null when none runs. */
  poller: FeedPoller | null
}

export const FEEDS_USAGE =
  'Usage: feeds add <url> [name], feeds list, feeds remove <url or number>, for example ' +
  'feeds add https://news.example/rss.xml Coast Gazette'

/**
 * `/feeds …` from Slack or Discord: editors only (NEWSDESK_EDITORS), as for `/add`; off when no
 * editors are set. Never throws for a user's mistake.
 */
export async function feedsFromChat(
  control: FeedsControl | undefined,
  editors: ReadonlySet<string> | null | undefined,
  user: string,
  text: string,
): Promise<string> {
  if (control === undefined) return 'Feeds are not available here.'
  if (editors === null || editors === undefined) {
    return 'Managing feeds from chat is off here: an admin can list the editors in NEWSDESK_EDITORS.'
  }
  if (!editors.has(user)) return 'Sorry, only editors can manage feeds.'
  return (await feedsCommand(control, text)).replace(/^Usage: feeds/, 'Usage: /feeds')
}

/**
 * `feeds add <url> [name]`, `feeds list`, `feeds remove <url|n>`: changes or shows the data
 * folder's feeds list. The answer is for people; a bad request gets a message, never a throw.
 */
export async function feedsCommand(control: FeedsControl, text: string): Promise<string> {
  const [verb = '', ...rest] = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
  switch (verb.toLowerCase()) {
    case 'add': {
      if (rest.length === 0) return FEEDS_USAGE
      const change = await addFeed(control.dataDir, rest[0], rest.slice(1).join(' ') || undefined)
      if (change.ok && control.poller !== null) void control.poller.pollNow(change.feed.url).catch(() => {})
      return change.message
    }
    case 'remove':
    case 'rm':
    case 'delete': {
      if (rest.length === 0) return FEEDS_USAGE
      const which = /^\d+$/.test(rest[0]) ? Number(rest[0]) : rest[0]
      return (await removeFeed(control.dataDir, which)).message
    }
    case '':
    case 'list':
      return await feedsList(control)
    default:
      return FEEDS_USAGE
  }
}

/** The feeds, numbered as `feeds remove` takes them, each with its last success or error and its articles. */
async function feedsList(control: FeedsControl): Promise<string> {
  const list = await readFeedList(control.dataDir)
  const problems = list.problems.map((p) => `(${p})`)
  if (list.feeds.length === 0) {
    return [`No feeds yet. ${FEEDS_USAGE}`, ...problems].join('\n')
  }
  const running = new Map((control.poller?.status() ?? []).map((s) => [s.url, s]))
  const saved = control.poller === null ? (await readPollerState(control.dataDir)).feeds : {}
  const lines = list.feeds.map((feed, i) => {
    const s: Partial<FeedStatus> = running.get(feed.url) ?? saved[feed.url] ?? {}
    const parts = [`${i + 1}. ${feed.name === null ? feed.url : `${feed.name} — ${feed.url}`}`]
    if (feed.everySeconds !== null) parts.push(`every ${duration(feed.everySeconds)}`)
    parts.push(`${s.articles ?? 0} article${s.articles === 1 ? '' : 's'}`)
    parts.push(s.lastSuccess ? `last read ${when(s.lastSuccess)}` : 'not read yet')
    if (s.lastError) parts.push(`last error: ${s.lastError}`)
    return parts.join(' · ')
  })
  return [`Feeds (${list.feeds.length}):`, ...lines, ...problems].join('\n')
}

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`
  if (seconds % 60 === 0) return `${seconds / 60} min`
  return `${seconds} s`
}

/** An ISO time as "2026-12-01 02:30 UTC". */
function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`
}
