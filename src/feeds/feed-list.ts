/**
 * The list of feeds a news team follows: `feeds.txt` in the data folder, one feed a line, edited
 * by hand or through addFeed / removeFeed. A line is `URL [name words…] [every=15m]`; `#` starts a
 * comment (a whole line, or the rest of a line after the URL); blank lines are allowed. A bad line
 * is reported with its number, never thrown: the other feeds go on.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The file name of the feeds list, in the data folder. */
export const FEED_LIST_FILE = 'feeds.txt'

// `every=` bounds: more often than once a minute is rude to an outlet; less than weekly is no feed.
const MIN_EVERY_SECONDS = 60
const MAX_EVERY_SECONDS = 7 * 24 * 3600

/** One feed of the list. */
export interface FeedEntry {
  /** The feed's URL as written (absolute http or https). */
  url: string
  /** The name given after the URL, or `null`. */
  name: string | null
  /** How often to poll it (`every=`), in seconds, or `null` for the poller's interval. */
  everySeconds: number | null
  /** The line of feeds.txt it is on (1-based). */
  line: number
}

/** The feeds of the list, and what is wrong with the lines that are not feeds. */
export interface FeedListRead {
  feeds: FeedEntry[]
  /** One message per bad line: "feeds.txt line 4: … ". */
  problems: string[]
}

/** What addFeed or removeFeed did; `message` is for people. */
export type FeedListChange =
  | { ok: true; kind: 'added' | 'removed'; feed: FeedEntry; message: string }
  | { ok: false; kind: 'invalid' | 'duplicate' | 'not-found'; message: string }

/** Reads `<dataDir>/feeds.txt`: no file is an empty list, an unreadable one a problem. Never throws. */
export async function readFeedList(dataDir: string): Promise<FeedListRead> {
  try {
    return parseFeedList((await readListText(dataDir)) ?? '')
  } catch (err) {
    return { feeds: [], problems: [`${FEED_LIST_FILE} could not be read: ${(err as Error).message}`] }
  }
}

/** Reads the text of a feeds list (see readFeedList). */
export function parseFeedList(text: string): FeedListRead {
  const feeds: FeedEntry[] = []
  const problems: string[] = []
  const seen = new Map<string, number>()
  splitLines(text).forEach((raw, i) => {
    const line = i + 1
    const parsed = parseLine(raw)
    if (parsed === null) return
    if (typeof parsed === 'string') {
      problems.push(`${FEED_LIST_FILE} line ${line}: ${parsed}`)
      return
    }
    const key = sameFeedKey(parsed.url)
    const first = seen.get(key)
    if (first !== undefined) {
      problems.push(`${FEED_LIST_FILE} line ${line}: the same feed as line ${first}; it is polled once`)
      return
    }
    seen.set(key, line)
    feeds.push({ ...parsed, line })
  })
  return { feeds, problems }
}

/**
 * Adds a feed at the end of the list (the file is created if need be), after checking that the
 * URL is an absolute http(s) address not in the list yet. The rest of the file is kept as it was.
 */
export async function addFeed(dataDir: string, url: string, name?: string): Promise<FeedListChange> {
  const checked = checkUrl(String(url ?? '').trim())
  if (typeof checked !== 'string') return { ok: false, kind: 'invalid', message: checked.problem }
  const cleanName = name === undefined ? null : String(name).replace(/\s+/g, ' ').trim() || null
  if (cleanName !== null) {
    const bad = cleanName.split(' ').find((w) => w.startsWith('#') || /^every=/i.test(w))
    if (bad !== undefined) {
      return {
        ok: false,
        kind: 'invalid',
        message: `The name cannot hold "${bad}": in ${FEED_LIST_FILE} it would read as a comment or an interval.`,
      }
    }
  }
  return withListLock(dataDir, async () => {
    const text = (await readListText(dataDir)) ?? ''
    const { feeds } = parseFeedList(text)
    const key = sameFeedKey(checked)
    const twin = feeds.findIndex((f) => sameFeedKey(f.url) === key)
    if (twin >= 0) {
      return { ok: false, kind: 'duplicate', message: `${checked} is already in the list (feed ${twin + 1}).` }
    }
    const eol = text.includes('\r\n') ? '\r\n' : '\n'
    const before = text === '' || text.endsWith('\n') ? text : `${text}${eol}`
    const lineText = cleanName === null ? checked : `${checked} ${cleanName}`
    await writeListText(dataDir, `${before}${lineText}${eol}`)
    const feed: FeedEntry = { url: checked, name: cleanName, everySeconds: null, line: splitLines(before).length + 1 }
    const label = cleanName === null ? '' : ` (${cleanName})`
    return { ok: true, kind: 'added', feed, message: `Added feed ${feeds.length + 1}: ${checked}${label}.` }
  })
}

/**
 * Removes a feed, named by its URL or by its number in the list (1-based, as readFeedList lists
 * them). Only its line goes; comments and the other lines stay as they were.
 */
export async function removeFeed(dataDir: string, urlOrNumber: string | number): Promise<FeedListChange> {
  return withListLock(dataDir, async () => {
    const text = await readListText(dataDir)
    const { feeds } = parseFeedList(text ?? '')
    const wanted = String(urlOrNumber).trim()
    let index = -1
    if (/^\d+$/.test(wanted)) {
      const n = Number(wanted)
      if (n < 1 || n > feeds.length) {
        const has = feeds.length === 0 ? 'the list is empty' : `the list has feeds 1 to ${feeds.length}`
        return { ok: false, kind: 'not-found', message: `There is no feed ${n}: ${has}.` }
      }
      index = n - 1
    } else {
      const key = sameFeedKey(wanted)
      index = feeds.findIndex((f) => sameFeedKey(f.url) === key)
      if (index < 0) return { ok: false, kind: 'not-found', message: `${wanted} is not in the list of feeds.` }
    }
    const feed = feeds[index]!
    const lines = (text ?? '').split(/(?<=\n)/)
    lines.splice(feed.line - 1, 1)
    await writeListText(dataDir, lines.join(''))
    const label = feed.name === null ? '' : ` (${feed.name})`
    return { ok: true, kind: 'removed', feed, message: `Removed feed ${index + 1}: ${feed.url}${label}.` }
  })
}

/** A line as a feed, `null` for a blank or comment line, or why it is no feed. */
function parseLine(raw: string): Omit<FeedEntry, 'line'> | null | string {
  const words = raw.trim().split(/\s+/)
  const comment = words.findIndex((w) => w.startsWith('#'))
  if (comment >= 0) words.length = comment
  if (words.length === 0 || words[0] === '') return null
  const checked = checkUrl(words[0]!)
  if (typeof checked !== 'string') return checked.problem
  let everySeconds: number | null = null
  const nameWords: string[] = []
  for (const word of words.slice(1)) {
    const every = /^every=(.*)$/i.exec(word)
    if (every === null) {
      nameWords.push(word)
      continue
    }
    if (everySeconds !== null) return 'every= is given twice'
    const seconds = parseEvery(every[1]!)
    if (typeof seconds === 'string') return seconds
    everySeconds = seconds
  }
  return { url: checked, name: nameWords.length === 0 ? null : nameWords.join(' '), everySeconds }
}

/** `every=` value ("90s", "10m", "2h") in seconds, or why it is not one. */
export function parseEvery(value: string): number | string {
  const m = /^(\d{1,7})(s|m|h)$/i.exec(value.trim())
  if (m === null) return `every=${value} is not an interval (write it as 90s, 10m or 2h)`
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2]!.toLowerCase() as 's' | 'm' | 'h']
  if (seconds < MIN_EVERY_SECONDS || seconds > MAX_EVERY_SECONDS) {
    return `every=${value} is out of range (from 1m to ${MAX_EVERY_SECONDS / 3600}h)`
  }
  return seconds
}

/** The URL if it is an absolute http(s) address with a host, else the problem for people. */
function checkUrl(text: string): string | { problem: string } {
  if (text === '') return { problem: 'no URL given (type it as https://…)' }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { problem: `"${shown(text)}" is not a URL (type it as https://…)` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `"${shown(text)}" is not an http or https address` }
  }
  if (url.hostname === '') return { problem: `"${shown(text)}" has no host` }
  return text
}

function shown(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  const safe = text.replace(/[\u0000-\u001f\u007f]/g, '?')
  return safe.length > 120 ? `${safe.slice(0, 119)}…` : safe
}

/** Two spellings of one feed (host case, default port, fragment, trailing slash) give the same key. */
export function sameFeedKey(text: string): string {
  try {
    const url = new URL(text)
    url.hash = ''
    if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '')
    return url.href
  } catch {
    return text.trim()
  }
}

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split(/\r?\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

async function readListText(dataDir: string): Promise<string | null> {
  try {
    return await readFile(join(dataDir, FEED_LIST_FILE), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/** Writes the list atomically: a temporary file the folder watcher ignores, then renamed over the old one. */
async function writeListText(dataDir: string, text: string): Promise<void> {
  await mkdir(dataDir, { recursive: true })
  const tmp = join(dataDir, `.newsdesk-tmp-${randomBytes(6).toString('hex')}`)
  try {
    await writeFile(tmp, text, { flag: 'wx' })
    await rename(tmp, join(dataDir, FEED_LIST_FILE))
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

// One change at a time per list in this process: two adds at once must not both read the old file.
const locks = new Map<string, Promise<unknown>>()

async function withListLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const key = join(dataDir, FEED_LIST_FILE)
  const before = locks.get(key) ?? Promise.resolve()
  const run = before.then(work, work)
  const settled = run.catch(() => undefined)
  locks.set(key, settled)
  try {
    return await run
  } finally {
    if (locks.get(key) === settled) locks.delete(key)
  }
}
