/**
 * Polls the feeds of `feeds.txt` and turns their new items into article files of the data folder,
 * which the folder watcher then indexes. Each feed has its own schedule: a broken one backs off
 * and is reported, and never delays the others. Items are recognised by guid, canonical link and
 * content hash, so a feed that reorders, re-dates or repeats its items adds nothing twice, and an
 * edited item rewrites its own file.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError, NewsdeskError } from '../errors.js'
import { type ArticleRecord, makeArticle } from '../ingest/article.js'
import { fromHtml } from '../ingest/html.js'
import { fromText } from '../ingest/load.js'
import { silentLogger } from '../logger.js'
import { FetchError, type FetchOptions, resolveFetchOptions, safeFetch } from '../net/safe-fetch.js'
import { articleMarkdown, fileNameFor, slug, writeAtomically } from '../store/article-file.js'
import type { Article, Logger } from '../types.js'
import { FEED_LIST_FILE, type FeedEntry, readFeedList, sameFeedKey } from './feed-list.js'
import {
  canonicalLink,
  contentHash,
  emptyFeedState,
  type FeedState,
  itemKey,
  linkKey,
  normalisedText,
  type PollerState,
  readPollerState,
  type SeenItem,
  withoutTracking,
  writePollerState,
} from './feed-state.js'
import { FEED_CONTENT_TYPES, type FeedItem, type ParsedFeed, parseFeed } from './parse-feed.js'

/** The folder of the data folder that feed articles are written into, one sub-folder per feed. */
export const FEEDS_FOLDER = 'feeds'

/** Timers the poller uses; injectable so that tests can run its schedule without waiting. */
export interface PollerTimers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** An article file the poller wrote. `file` is relative to the data folder. */
export interface FeedArticleEvent {
  feed: string
  file: string
  kind: 'added' | 'updated'
}

/** How a feed is doing. Times are ISO 8601, `null` when not yet. */
export interface FeedStatus {
  url: string
  /** The name given in feeds.txt, else the feed's own title once read, else `null`. */
  name: string | null
  lastPoll: string | null
  lastSuccess: string | null
  /** Why the last poll failed, for people; `null` when it worked. */
  lastError: string | null
  /** Failed polls in a row. */
  failures: number
  /** Article files written for the feed, in all. */
  articles: number
  nextPollAt: string | null
}

/** What one poll of a feed did, with the feed's status after it. */
export interface FeedPollReport extends FeedStatus {
  ok: boolean
  /** The server answered 304 Not Modified. */
  notModified: boolean
  added: number
  updated: number
}

/** How the poller works; see DEFAULT_POLLER_OPTIONS for the defaults. */
export interface FeedPollerOptions {
  /** The data folder: `feeds.txt` is read from it, articles go to `feeds/<feed>/`, state to `.newsdesk/`. */
  dataDir: string
  logger: Logger
  /** Seconds between polls of a feed that gives no `every=` (the CLI sets it from NEWSDESK_FEED_INTERVAL). */
  intervalSeconds: number
  /** At the first poll of a feed, at most this many of its newest items become articles; the rest are passed over. */
  firstPollItems: number
  /** A failing feed is polled again after its interval doubled per failure, up to this (or its interval if longer). */
  maxBackoffSeconds: number
  /** Each delay is moved by up to this share of it, either way, so feeds polled together drift apart (0–0.5). */
  jitter: number
  /** How pages and feeds are fetched (`allowPrivate` for intranets and tests); see safeFetch. */
  fetch: Partial<FetchOptions>
  /** A feed larger than this many bytes is refused (item pages keep `fetch.maxBytes`). */
  maxFeedBytes: number
  /** How often feeds.txt is checked for changes while running, in seconds. */
  listCheckSeconds: number
  /** The first poll of each feed after start comes within this many seconds (spread at random). */
  startDelaySeconds: number
  /** Feeds polled at the same time at most. */
  maxConcurrentFeeds: number
  /** The clock, in ms since the epoch. */
  now: () => number
  /** A number in [0, 1), for the jitter. */
  random: () => number
  /** The timers (unref'd Node timers by default: the poller never keeps a process alive by itself). */
  timers: PollerTimers
  /** Told of every article file written or rewritten. */
  onArticle?: (event: FeedArticleEvent) => void
  /** Told of every poll done, failed ones too. */
  onPoll?: (report: FeedPollReport) => void
}

// setTimeout cannot wait longer (about 24.8 days); no delay of the poller comes near it (at most
// 7 days and its jitter), and a longer one would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1

/** Unref'd Node timers: a waiting poll never keeps the process alive. */
export const NODE_TIMERS: PollerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, Math.min(Math.max(0, ms), MAX_TIMER_MS)).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

/** The shipped options (dataDir and the callbacks have none). */
export const DEFAULT_POLLER_OPTIONS: Readonly<Omit<FeedPollerOptions, 'dataDir' | 'onArticle' | 'onPoll'>> =
  Object.freeze({
    logger: silentLogger,
    intervalSeconds: 900,
    firstPollItems: 20,
    maxBackoffSeconds: 6 * 3600,
    jitter: 0.1,
    fetch: {},
    maxFeedBytes: 10 * 1024 * 1024,
    listCheckSeconds: 5,
    startDelaySeconds: 5,
    maxConcurrentFeeds: 4,
    now: () => Date.now(),
    random: () => Math.random(),
    timers: NODE_TIMERS,
  })

const OPTION_NAMES = new Set([...Object.keys(DEFAULT_POLLER_OPTIONS), 'dataDir', 'onArticle', 'onPoll'])

// An item whose page and content gave no text is tried again at this many polls, then passed over.
const MAX_ATTEMPTS = 3
// Items of a feed remembered although gone from it: enough for any feed's history window.
const MAX_REMEMBERED = 5000
// A content hash recognises an item only when it hashes this much text: bare titles repeat.
const MIN_HASHED_TEXT = 80

/**
 * Polls the feeds listed in `<dataDir>/feeds.txt` (see readFeedList) and writes their new items as
 * Markdown articles into `<dataDir>/feeds/<feed>/`. `start()` schedules every feed and follows
 * changes to the list; `pollNow()` polls at once; `stop()` leaves nothing running.
 */
export class FeedPoller {
  private readonly o: FeedPollerOptions
  private state: PollerState | null = null
  private loading: Promise<void> | null = null
  private feeds: FeedEntry[] = []
  private listStamp: string | null = null
  private running = false
  private readonly timers = new Map<string, unknown>()
  private listTimer: unknown = null
  private readonly inFlight = new Map<string, Promise<FeedPollReport>>()
  private saving: Promise<void> = Promise.resolve()
  private active = 0
  private readonly waiting: Array<() => void> = []
  // The links of the articles written (or being written) in this run, by link key, to the feed
  // that wrote them: two feeds polled at once must not both write one story.
  private readonly claims = new Map<string, string>()

  /** Throws a ConfigError naming the option when one cannot work. */
  constructor(options: Partial<FeedPollerOptions> & { dataDir: string }) {
    this.o = resolvePollerOptions(options)
  }

  /** Reads the list and the state and schedules every feed: the first polls come within `startDelaySeconds`. */
  async start(): Promise<void> {
    if (this.running) return
    this.running = true
    await this.load()
    await this.refreshList()
    if (!this.running) return // stopped meanwhile
    const now = this.o.now()
    for (const feed of this.feeds) this.scheduleFirst(feed, now)
    this.scheduleListCheck()
  }

  /** Clears every timer and waits for the polls under way to end (none is started after). */
  async stop(): Promise<void> {
    this.running = false
    for (const handle of this.timers.values()) this.o.timers.clearTimeout(handle)
    this.timers.clear()
    if (this.listTimer !== null) this.o.timers.clearTimeout(this.listTimer)
    this.listTimer = null
    await Promise.allSettled([...this.inFlight.values()])
    await this.saving
  }

  /**
   * Polls one feed (by its URL as listed) or all of them now, whatever their schedule; resolves
   * with what each poll did once done. A URL not in the list gets a report saying so.
   */
  async pollNow(url?: string): Promise<FeedPollReport[]> {
    await this.load()
    await this.refreshList()
    if (url === undefined) return Promise.all(this.feeds.map((f) => this.pollFeed(f)))
    const key = sameFeedKey(url)
    const feed = this.feeds.find((f) => sameFeedKey(f.url) === key)
    if (feed === undefined) {
      return [
        {
          ...this.statusOf({ url, name: null, everySeconds: null, line: 0 }),
          ok: false,
          notModified: false,
          added: 0,
          updated: 0,
          lastError: `${url} is not in ${FEED_LIST_FILE}`,
        },
      ]
    }
    return [await this.pollFeed(feed)]
  }

  /** Every listed feed's status, in list order. */
  status(): FeedStatus[] {
    return this.feeds.map((f) => this.statusOf(f))
  }

  private statusOf(feed: FeedEntry): FeedStatus {
    const s = this.state?.feeds[feed.url] ?? emptyFeedState()
    return {
      url: feed.url,
      name: feed.name ?? s.title,
      lastPoll: s.lastPoll,
      lastSuccess: s.lastSuccess,
      lastError: s.lastError,
      failures: s.failures,
      articles: s.articles,
      nextPollAt: s.nextPollAt,
    }
  }

  private load(): Promise<void> {
    this.loading ??= readPollerState(this.o.dataDir, this.o.logger).then((state) => {
      this.state = state
    })
    return this.loading
  }

  private feedState(url: string): FeedState {
    const feeds = this.state!.feeds
    feeds[url] ??= emptyFeedState()
    return feeds[url]
  }

  /** Reads feeds.txt again if it changed (or was never read); schedules new feeds, drops removed ones. */
  private async refreshList(): Promise<void> {
    const path = join(this.o.dataDir, FEED_LIST_FILE)
    const info = await stat(path).catch(() => null)
    const stamp = info === null ? 'none' : `${info.ino}:${info.mtimeMs}:${info.size}`
    if (stamp === this.listStamp) return
    this.listStamp = stamp
    const { feeds, problems } = await readFeedList(this.o.dataDir)
    for (const problem of problems) this.o.logger.warn(`Newsdesk: ${problem}`)
    const before = new Map(this.feeds.map((f) => [f.url, f]))
    this.feeds = feeds
    if (!this.running) return
    const listed = new Set(feeds.map((f) => f.url))
    for (const [url, handle] of this.timers) {
      if (listed.has(url)) continue
      this.o.timers.clearTimeout(handle)
      this.timers.delete(url)
      this.o.logger.info(`Newsdesk: no longer polling ${url} (taken off ${FEED_LIST_FILE})`)
    }
    const now = this.o.now()
    for (const feed of feeds) {
      if (before.has(feed.url) || this.timers.has(feed.url) || this.inFlight.has(feed.url)) continue
      this.o.logger.info(`Newsdesk: now polling ${feed.url}`)
      this.scheduleFirst(feed, now)
    }
  }

  private scheduleListCheck(): void {
    this.listTimer = this.o.timers.setTimeout(() => {
      this.listTimer = null
      if (!this.running) return
      this.refreshList()
        .catch((err: unknown) => this.o.logger.error(`Newsdesk: could not read ${FEED_LIST_FILE}`, err))
        .finally(() => {
          if (this.running && this.listTimer === null) this.scheduleListCheck()
        })
    }, this.o.listCheckSeconds * 1000)
  }

  /** The first poll after start: soon, but not before a back-off or Retry-After a previous run recorded. */
  private scheduleFirst(feed: FeedEntry, now: number): void {
    const soon = now + this.o.random() * this.o.startDelaySeconds * 1000
    const recorded = Date.parse(this.state?.feeds[feed.url]?.nextPollAt ?? '')
    const failing = (this.state?.feeds[feed.url]?.failures ?? 0) > 0
    // A feed that worked is polled soon after a restart; a failing one keeps its back-off.
    const at = failing && Number.isFinite(recorded) ? Math.max(soon, recorded) : soon
    this.schedule(feed.url, at - now)
  }

  private schedule(url: string, delayMs: number): void {
    const old = this.timers.get(url)
    if (old !== undefined) this.o.timers.clearTimeout(old)
    const handle = this.o.timers.setTimeout(
      () => {
        this.timers.delete(url)
        this.onTimer(url)
      },
      Math.min(Math.max(0, Math.round(delayMs)), MAX_TIMER_MS),
    )
    this.timers.set(url, handle)
  }

  private onTimer(url: string): void {
    if (!this.running) return
    const feed = this.feeds.find((f) => f.url === url)
    if (feed === undefined) return // taken off the list meanwhile
    this.pollFeed(feed).catch((err: unknown) => this.o.logger.error(`Newsdesk: polling ${url} failed`, err))
  }

  /**
   * Polls a feed, or joins the poll of it under way; then schedules its next poll if running, and
   * tells onPoll (so a listener sees the next poll already scheduled).
   */
  private pollFeed(feed: FeedEntry): Promise<FeedPollReport> {
    const under = this.inFlight.get(feed.url)
    if (under !== undefined) return under
    const run = this.withSlot(() => this.poll(feed)).then(
      (report) => {
        this.afterPoll(feed)
        this.tell(() => this.o.onPoll?.(report))
        return report
      },
      (err: unknown) => {
        // poll() catches everything; this is a bug's last line of defence.
        this.afterPoll(feed)
        throw err
      },
    )
    this.inFlight.set(feed.url, run)
    return run
  }

  private afterPoll(feed: FeedEntry): void {
    this.inFlight.delete(feed.url)
    if (!this.running || !this.feeds.some((f) => f.url === feed.url)) return
    const next = Date.parse(this.state?.feeds[feed.url]?.nextPollAt ?? '')
    this.schedule(feed.url, Number.isFinite(next) ? next - this.o.now() : this.intervalMs(feed))
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.o.maxConcurrentFeeds) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.active++
    try {
      return await work()
    } finally {
      this.active--
      this.waiting.shift()?.()
    }
  }

  private intervalMs(feed: FeedEntry): number {
    return (feed.everySeconds ?? this.o.intervalSeconds) * 1000
  }

  /** One poll of one feed: never throws; what went wrong is in the state and the report. */
  private async poll(feed: FeedEntry): Promise<FeedPollReport> {
    const state = this.feedState(feed.url)
    state.lastPoll = new Date(this.o.now()).toISOString()
    let added = 0
    let updated = 0
    let notModified = false
    let ok = true
    let retryAfter: number | undefined
    try {
      const page = await safeFetch(feed.url, {
        ...this.o.fetch,
        maxBytes: this.o.maxFeedBytes,
        accept: FEED_CONTENT_TYPES,
        conditional: {
          ...(state.etag === null ? {} : { etag: state.etag }),
          ...(state.lastModified === null ? {} : { lastModified: state.lastModified }),
        },
      })
      if (page.status === 304) {
        notModified = true
      } else {
        const parsed = parseFeed(page.text, page.url)
        if (typeof parsed === 'string') throw new FeedReadError(`Newsdesk: cannot read the feed ${page.url}: ${parsed}`)
        state.title = parsed.title
        const taken = await this.takeItems(feed, state, parsed)
        added = taken.added
        updated = taken.updated
        // Items left to retry need the whole feed next time, not a 304.
        state.etag = taken.complete ? (page.headers.etag ?? null) : null
        state.lastModified = taken.complete ? (page.headers.lastModified ?? null) : null
      }
      if (state.failures > 0) this.o.logger.info(`Newsdesk: the feed ${feed.url} works again`)
      state.failures = 0
      state.lastError = null
      state.lastSuccess = new Date(this.o.now()).toISOString()
    } catch (err) {
      ok = false
      state.failures++
      state.lastError = messageOf(err)
      retryAfter = err instanceof FetchError ? err.retryAfterSeconds : undefined
      // The feed's own limit is maxFeedBytes, not the page limit safeFetch names.
      if (err instanceof FetchError && err.reason === 'too-large') {
        state.lastError = state.lastError.replace('(maxBytes)', '(maxFeedBytes)')
      }
      // Once per failure streak: a feed down for a day must not fill the log.
      if (state.failures === 1)
        this.o.logger.warn(`Newsdesk: ${state.lastError} (polling it less often until it works)`)
      else this.o.logger.debug(`Newsdesk: still failing (${state.failures} times): ${state.lastError}`)
    }
    state.nextPollAt = new Date(this.o.now() + this.nextDelayMs(feed, state.failures, retryAfter)).toISOString()
    await this.save()
    return { ...this.statusOf(feed), ok, notModified, added, updated }
  }

  /**
   * The delay before the next poll: the interval, doubled per failure in a row up to
   * maxBackoffSeconds, never shorter than a Retry-After; moved by the jitter.
   */
  private nextDelayMs(feed: FeedEntry, failures: number, retryAfterSeconds: number | undefined): number {
    const interval = this.intervalMs(feed) / 1000
    let seconds = interval
    if (failures > 0)
      seconds = Math.min(Math.max(this.o.maxBackoffSeconds, interval), interval * 2 ** Math.min(failures, 30))
    seconds *= 1 + this.o.jitter * (2 * this.o.random() - 1)
    if (retryAfterSeconds !== undefined) seconds = Math.max(seconds, retryAfterSeconds)
    return Math.round(seconds * 1000)
  }

  /** Writes articles for the feed's new items and rewrites those of edited ones; records every item seen. */
  private async takeItems(feed: FeedEntry, state: FeedState, parsed: ParsedFeed): Promise<Taken> {
    const nowIso = new Date(this.o.now()).toISOString()
    const first = state.lastSuccess === null && Object.keys(state.items).length === 0
    const folder = this.folderFor(feed, state, parsed)
    if (first) await this.adoptFiles(state, folder, nowIso)
    const { fresh, edited, current } = classify(state, parsed.items, nowIso)
    let take = fresh
    if (first) {
      take = newestFirst(fresh).slice(0, this.o.firstPollItems)
      const chosen = new Set(take)
      // The rest of the feed's history is passed over for good: a subscription starts from now.
      for (const f of fresh) if (!chosen.has(f)) state.items[f.key] = seenItem(f, nowIso)
    }
    // Oldest first (feeds list the newest first), so that the events come in order.
    take = [...take].sort((a, b) => b.order - a.order)
    const taken: Taken = { added: 0, updated: 0, complete: true }
    const elsewhere = this.filesOfOtherFeeds(feed.url)
    for (const f of take) await this.addItem(f, { feed, state, parsed, folder, elsewhere, nowIso }, taken)
    for (const e of edited) await this.rewriteItem(e, feed, parsed, taken)
    forgetOld(state, current)
    return taken
  }

  /** Writes the article of a new item (or one to try again) and records it. */
  private async addItem(f: Candidate, on: PollContext, taken: Taken): Promise<void> {
    const { feed, state } = on
    const seen = state.items[f.key] ?? seenItem(f, on.nowIso)
    seen.hash = f.hash
    state.items[f.key] = seen
    // Another feed of the list already brought (or is bringing) this article: a story in two
    // sections. Checked and claimed in one step, as feeds are polled side by side.
    const linkId = f.link === null ? null : linkKey(f.link)
    const twin = linkId === null ? undefined : (on.elsewhere.get(linkId) ?? this.claimedBy(linkId, feed.url))
    if (twin !== undefined) {
      delete seen.attempts
      this.o.logger.debug(`Newsdesk: ${f.item.link} of ${feed.url} is already in ${twin}`)
      return
    }
    if (linkId !== null) this.claims.set(linkId, feed.url)
    const failed = (why: string, level: 'info' | 'error'): void => {
      if (linkId !== null) this.claims.delete(linkId)
      seen.attempts = (seen.attempts ?? 0) + 1
      const last = seen.attempts >= MAX_ATTEMPTS
      // Items left to try again need the whole feed at the next poll, not a 304.
      if (!last) taken.complete = false
      const what = f.item.link ?? f.item.title ?? 'an item'
      this.o.logger[level](
        `Newsdesk: no article from ${what} of ${feed.url}: ${why}${last ? ' (passed over)' : ' (will try again)'}`,
      )
    }
    const article = await this.articleFor(f.item, feed, on.parsed)
    if (typeof article === 'string') return failed(article, 'info')
    try {
      seen.file = await this.writeNew(on.folder, article)
    } catch (err) {
      return failed(messageOf(err), 'error')
    }
    delete seen.attempts
    taken.added++
    state.articles++
    const file = seen.file
    this.tell(() => this.o.onArticle?.({ feed: feed.url, file, kind: 'added' }))
  }

  /** Rewrites the file of an edited item in place, when its article changed. */
  private async rewriteItem(e: Edited, feed: FeedEntry, parsed: ParsedFeed, taken: Taken): Promise<void> {
    const file = e.seen.file!
    const path = join(this.o.dataDir, file)
    // A file someone deleted stays deleted: an edit of the item does not bring it back.
    if (!existsSync(path)) {
      e.seen.hash = e.hash
      return
    }
    const article = await this.articleFor(e.item, feed, parsed)
    // The old hash stays, so the edit is tried again at the next poll (which must not be a 304).
    if (typeof article === 'string') {
      taken.complete = false
      return
    }
    try {
      const text = articleMarkdown(article)
      if ((await readFile(path, 'utf8').catch(() => null)) !== text) {
        await writeAtomically(path, text)
        taken.updated++
        this.tell(() => this.o.onArticle?.({ feed: feed.url, file, kind: 'updated' }))
      }
      e.seen.hash = e.hash
    } catch (err) {
      taken.complete = false
      this.o.logger.error(`Newsdesk: ${messageOf(err)}`)
    }
  }

  /**
   * The article of an item: its page (fetched like `newsdesk add` does), else its own content or
   * summary; the item's title, date, author and link fill what the page does not state. A string
   * says why there is none.
   */
  private async articleFor(item: FeedItem, feed: FeedEntry, parsed: ParsedFeed): Promise<Article | string> {
    let record: ArticleRecord | null = null
    let why = 'it has no link, content or summary'
    if (item.link !== null) {
      try {
        const page = await safeFetch(item.link, this.o.fetch)
        const read = /html|xml/i.test(page.contentType) ? fromHtml(page.text, page.url) : fromText(page.text)
        if (typeof read === 'string') why = `its page ${page.url}: ${read}`
        else if ((read.paragraphs ?? []).length === 0) why = `its page ${page.url} holds no article text`
        else record = { ...read, url: read.url ?? withoutTracking(page.url) }
      } catch (err) {
        why = messageOf(err)
      }
    }
    if (record === null) {
      for (const html of [item.content, item.summary]) {
        if (html === null) continue
        const read = fromHtml(asArticlePage(html, item), item.link ?? feed.url)
        if (typeof read !== 'string' && (read.paragraphs ?? []).length > 0) {
          record = { ...read, url: withoutTracking(item.link), outlet: null }
          break
        }
      }
    }
    if (record === null) return why
    const article = makeArticle(
      {
        ...record,
        title: record.title.trim() || item.title || '',
        outlet: record.outlet ?? parsed.title ?? feed.name,
        url: record.url ?? withoutTracking(item.link),
        published: record.published ?? item.published,
        author: record.author ?? item.author,
      },
      'feed-item',
    )
    return article.paragraphs.length === 0 ? why : article
  }

  /** The feed's folder under `feeds/`, chosen once (from its name, its title or its URL) and kept. */
  private folderFor(feed: FeedEntry, state: FeedState, parsed: ParsedFeed): string {
    if (state.folder === null) {
      const taken = new Set(
        Object.entries(this.state!.feeds)
          .filter(([url]) => url !== feed.url)
          .map(([, s]) => s.folder),
      )
      const base =
        slug(feed.name ?? '') ||
        slug(parsed.title ?? '') ||
        slug(feed.url.replace(/^https?:\/\/(www\.)?/i, '')) ||
        'feed'
      let name = base
      for (let n = 2; taken.has(name); n++) name = `${base}-${n}`
      state.folder = name
    }
    return state.folder
  }

  /**
   * Before a feed's first poll, the article files already in its folder (a state file lost or
   * damaged) are taken as seen by their `url:`, so that they are not written a second time.
   */
  private async adoptFiles(state: FeedState, folder: string, nowIso: string): Promise<void> {
    const dir = join(this.o.dataDir, FEEDS_FOLDER, folder)
    const names = await readdir(dir).catch(() => [] as string[])
    for (const name of names) {
      if (!name.endsWith('.md') || name.startsWith('.')) continue
      const head = await readFile(join(dir, name), 'utf8').then(
        (t) => t.slice(0, 4096),
        () => '',
      )
      const url = /^---\r?\n[\s\S]*?^url:\s*(\S+)\s*$/m.exec(head)?.[1] ?? null
      const link = canonicalLink(url)
      if (link === null) continue
      state.items[`link:${linkKey(link)}`] = {
        link,
        hash: '',
        file: `${FEEDS_FOLDER}/${folder}/${name}`,
        firstSeen: nowIso,
        lastSeen: nowIso,
      }
    }
  }

  /** The feed other than `url` that claimed a link in this run, if any. */
  private claimedBy(linkId: string, url: string): string | undefined {
    const owner = this.claims.get(linkId)
    return owner === undefined || owner === url ? undefined : owner
  }

  /** The article files other feeds wrote, by the link key of their items. */
  private filesOfOtherFeeds(url: string): Map<string, string> {
    const out = new Map<string, string>()
    for (const [other, s] of Object.entries(this.state!.feeds)) {
      if (other === url) continue
      for (const seen of Object.values(s.items)) {
        if (seen.link !== null && seen.file !== null) out.set(linkKey(seen.link), seen.file)
      }
    }
    return out
  }

  /** Writes a new article file into the feed's folder under a unique name; returns it relative to the data folder. */
  private async writeNew(folder: string, article: Article): Promise<string> {
    const dir = join(this.o.dataDir, FEEDS_FOLDER, folder)
    await mkdir(dir, { recursive: true })
    const name = fileNameFor(article, (n) => existsSync(join(dir, n)))
    await writeAtomically(join(dir, name), articleMarkdown(article))
    return `${FEEDS_FOLDER}/${folder}/${name}`
  }

  private save(): Promise<void> {
    const run = this.saving
      .then(() => writePollerState(this.o.dataDir, this.state!))
      .catch((err: unknown) => this.o.logger.error('Newsdesk: could not save the feed state', err))
    this.saving = run
    return run
  }

  /** Calls a callback of the caller's: what it throws is logged, never the poller's problem. */
  private tell(call: () => unknown): void {
    try {
      const result = call()
      if (result instanceof Promise) {
        result.catch((err: unknown) => this.o.logger.error('Newsdesk: a feed poller callback failed', err))
      }
    } catch (err) {
      this.o.logger.error('Newsdesk: a feed poller callback failed', err)
    }
  }
}

/** A feed that was fetched but is no feed: the message says why, for people. */
export class FeedReadError extends NewsdeskError {}

/** What a poll did with a feed's items. */
interface Taken {
  added: number
  updated: number
  /** False when an item is left to try again: the next poll then asks for the whole feed. */
  complete: boolean
}

/** A feed item to make an article of. */
interface Candidate {
  item: FeedItem
  key: string
  link: string | null
  hash: string
  /** Its place in the feed. */
  order: number
}

/** A seen item whose title or text changed. */
interface Edited {
  item: FeedItem
  seen: SeenItem
  hash: string
}

interface PollContext {
  feed: FeedEntry
  state: FeedState
  parsed: ParsedFeed
  folder: string
  elsewhere: Map<string, string>
  nowIso: string
}

/**
 * Sorts a feed's items into new ones (and seen ones to try again) and edited ones, recognising
 * an item by its key (guid), else its canonical link, else its content hash when it has text
 * enough to tell it apart. Marks every seen item as seen now. `current` holds the keys of the
 * items in the feed.
 */
function classify(
  state: FeedState,
  items: readonly FeedItem[],
  nowIso: string,
): { fresh: Candidate[]; edited: Edited[]; current: Set<string> } {
  const byLink = new Map<string, string>()
  const byHash = new Map<string, string>()
  for (const [key, seen] of Object.entries(state.items)) {
    if (seen.link !== null) byLink.set(linkKey(seen.link), key)
    byHash.set(seen.hash, key)
  }
  const fresh: Candidate[] = []
  const edited: Edited[] = []
  const current = new Set<string>()
  const freshLinks = new Map<string, string>()
  items.forEach((item, order) => {
    const link = canonicalLink(item.link)
    const hash = contentHash(item)
    const key = itemKey(item, link, hash)
    const hashable = normalisedText(item.content ?? item.summary ?? '').length >= MIN_HASHED_TEXT
    const known =
      (state.items[key] === undefined ? undefined : key) ??
      (link === null ? undefined : byLink.get(linkKey(link))) ??
      (hashable ? byHash.get(hash) : undefined)
    // The same item twice in one feed (twice the guid, or two guids for one page): taken once.
    const id = known ?? (link === null ? undefined : freshLinks.get(linkKey(link))) ?? key
    if (current.has(id)) return
    current.add(id)
    if (known === undefined) {
      if (link !== null) freshLinks.set(linkKey(link), key)
      fresh.push({ item, key, link, hash, order })
      return
    }
    const seen = state.items[known]!
    seen.lastSeen = nowIso
    const attempts = seen.attempts ?? 0
    if (seen.file === null && attempts > 0 && attempts < MAX_ATTEMPTS)
      fresh.push({ item, key: known, link, hash, order })
    else if (seen.hash !== hash) {
      // An item passed over keeps no file to rewrite: its new text is only remembered.
      if (seen.file === null) seen.hash = hash
      else edited.push({ item, seen, hash })
    }
  })
  return { fresh, edited, current }
}

function seenItem(f: Candidate, nowIso: string): SeenItem {
  return { link: f.link, hash: f.hash, file: null, firstSeen: nowIso, lastSeen: nowIso }
}

function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.replace(/^Newsdesk: /, '')
}

/** Items newest first when dates are stated (undated ones after, in feed order), else in feed order. */
function newestFirst<T extends { item: FeedItem; order: number }>(items: T[]): T[] {
  const time = (t: T) => (t.item.published === null ? Number.NaN : Date.parse(t.item.published))
  const dated = items.filter((t) => Number.isFinite(time(t)))
  if (dated.length === 0) return [...items].sort((a, b) => a.order - b.order)
  return [...items].sort((a, b) => {
    const ta = time(a)
    const tb = time(b)
    if (Number.isFinite(ta) && Number.isFinite(tb)) return tb - ta || a.order - b.order
    if (Number.isFinite(ta)) return -1
    if (Number.isFinite(tb)) return 1
    return a.order - b.order
  })
}

/** Forgets the items longest gone from the feed beyond MAX_REMEMBERED; those still in it are kept. */
function forgetOld(state: FeedState, current: Set<string>): void {
  const entries = Object.entries(state.items)
  if (entries.length <= MAX_REMEMBERED) return
  const gone = entries.filter(([key]) => !current.has(key)).sort((a, b) => a[1].lastSeen.localeCompare(b[1].lastSeen))
  for (const [key] of gone.slice(0, entries.length - MAX_REMEMBERED)) delete state.items[key]
}

/**
 * An item's own HTML as a page that says it is an article (its content is the article, short or
 * not), with the item's title, date and author as the page's metadata.
 */
function asArticlePage(html: string, item: FeedItem): string {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
  const meta = (key: string, name: string, value: string | null) =>
    value === null ? '' : `<meta ${key}="${name}" content="${attr(value)}">`
  return (
    '<!DOCTYPE html><html><head><meta property="og:type" content="article">' +
    meta('property', 'og:title', item.title) +
    meta('property', 'article:published_time', item.published) +
    meta('name', 'author', item.author) +
    `</head><body><article>${html}</article></body></html>`
  )
}

/** The options with the defaults filled in, each checked: a ConfigError names the one that cannot work. */
export function resolvePollerOptions(options: Partial<FeedPollerOptions> & { dataDir: string }): FeedPollerOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('Newsdesk: the feed poller options must be an object, such as { dataDir: "data/articles" }')
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new ConfigError(`Newsdesk: unknown feed poller option "${name}" (known: ${[...OPTION_NAMES].join(', ')})`)
    }
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
  const o = { ...DEFAULT_POLLER_OPTIONS, ...defined } as FeedPollerOptions
  if (typeof o.dataDir !== 'string' || o.dataDir.trim() === '') {
    throw new ConfigError('Newsdesk: the feed poller option dataDir must name the data folder')
  }
  const number = (name: keyof FeedPollerOptions, min: number, max: number, whole: boolean): void => {
    const value = o[name]
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (whole && !Number.isInteger(value))
    ) {
      const kind = whole ? 'whole number' : 'number'
      throw new ConfigError(
        `Newsdesk: the feed poller option ${name} must be a ${kind} from ${min} to ${max} (got ${String(value)})`,
      )
    }
  }
  number('intervalSeconds', 30, 7 * 24 * 3600, true)
  number('firstPollItems', 0, 1000, true)
  number('maxBackoffSeconds', 1, 7 * 24 * 3600, true)
  number('jitter', 0, 0.5, false)
  number('maxFeedBytes', 1, 1024 * 1024 * 1024, true)
  number('listCheckSeconds', 0.01, 3600, false)
  number('startDelaySeconds', 0, 3600, false)
  number('maxConcurrentFeeds', 1, 64, true)
  const fn = (name: keyof FeedPollerOptions, optional: boolean): void => {
    const value = o[name]
    if (!(optional && value === undefined) && typeof value !== 'function') {
      throw new ConfigError(`Newsdesk: the feed poller option ${name} must be a function`)
    }
  }
  fn('now', false)
  fn('random', false)
  fn('onArticle', true)
  fn('onPoll', true)
  const logger = o.logger as Partial<Logger> | null
  if (
    logger === null ||
    typeof logger !== 'object' ||
    !(['debug', 'info', 'warn', 'error'] as const).every((l) => typeof logger[l] === 'function')
  ) {
    throw new ConfigError('Newsdesk: the feed poller option logger must have debug, info, warn and error methods')
  }
  const timers = o.timers as Partial<PollerTimers> | null
  if (
    timers === null ||
    typeof timers !== 'object' ||
    typeof timers.setTimeout !== 'function' ||
    typeof timers.clearTimeout !== 'function'
  ) {
    throw new ConfigError('Newsdesk: the feed poller option timers must have setTimeout and clearTimeout')
  }
  // The fetch options are checked now, not at the first poll.
  resolveFetchOptions(o.fetch)
  for (const name of ['accept', 'conditional'] as const) {
    if (o.fetch[name] === undefined) continue
    throw new ConfigError(`Newsdesk: the feed poller sets the fetch option ${name} itself; leave it out`)
  }
  return o
}
