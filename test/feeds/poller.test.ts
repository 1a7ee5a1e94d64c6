// The feed poller end to end against local servers: first polls that take only the newest items,
// conditional requests, feeds that reorder, re-date or edit their items, restarts, broken feeds,
// back-off, Retry-After, and a schedule that leaves no timer behind.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import {
  addFeed,
  FEED_LIST_FILE,
  FEED_STATE_FILE,
  type FeedArticleEvent,
  FeedPoller,
  type FeedPollerOptions,
  type FeedPollReport,
  NODE_TIMERS,
  type PollerTimers,
  removeFeed,
} from '../../src/feeds/index.js'
import { readFrontMatter } from '../../src/ingest/front-matter.js'
import { loadArticles } from '../../src/ingest/load.js'
import { eventually } from '../support/eventually.js'
import { recordingLogger } from '../support/logger.js'
import { folderWith, tempDir } from '../support/temp-dir.js'
import { articlePage, fixture, HTML_TYPE, RSS_TYPE, rss, site, storyText, type TestItem } from './helpers.js'

const HOUR = 3_600_000
const T0 = Date.parse('2024-05-14T12:00:00Z')

/** Every article file the poller wrote, relative to the data folder, sorted. */
function articleFiles(dataDir: string): string[] {
  const root = join(dataDir, 'feeds')
  if (!existsSync(root)) return []
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name))
      else out.push(relative(dataDir, join(dir, e.name)).split('\\').join('/'))
    }
  }
  walk(root)
  return out.sort()
}

function fields(dataDir: string, file: string): Record<string, string> {
  return readFrontMatter(readFileSync(join(dataDir, file), 'utf8'))!.fields
}

/**
 * A news site: its feed at /feed.xml lists `items` (changed by the test as it goes), each linking
 * to /story/<n> unless given a link. The feed's ETag follows its text; a matching If-None-Match
 * gets a 304 unless `ignoreConditional` is set.
 */
async function newsSite(title = 'Harbour Gazette feed') {
  const s = await site()
  const state = { items: [] as TestItem[], ignoreConditional: false }
  s.routes.set('/feed.xml', (req) => {
    const body = rss(title, state.items)
    const etag = `"${Buffer.from(body).length}-${hash(body)}"`
    if (!state.ignoreConditional && req.headers['if-none-match'] === etag) return { status: 304, headers: { etag } }
    return { headers: { ...RSS_TYPE, etag }, body }
  })
  const story = (n: number, extra = '') => {
    s.routes.set(`/story/${n}`, {
      headers: HTML_TYPE,
      body: articlePage(
        `Page title ${n}${extra === '' ? '' : ' (updated)'}`,
        'The Harbour Gazette',
        storyText(n, extra),
      ),
    })
  }
  const item = (n: number, hoursAgo: number): TestItem => ({
    guid: `story-${n}`,
    link: `${s.origin}/story/${n}?utm_source=rss`,
    title: `Item title ${n}`,
    date: new Date(T0 - hoursAgo * HOUR),
    description: `Summary of story ${n}.`,
  })
  return { s, state, story, item, feedUrl: `${s.origin}/feed.xml` }
}

function hash(text: string): string {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0
  return (h >>> 0).toString(16)
}

/** A poller over a local site, recording what it tells. */
function poller(dataDir: string, options: Partial<FeedPollerOptions> = {}) {
  const logger = recordingLogger()
  const articles: FeedArticleEvent[] = []
  const polls: FeedPollReport[] = []
  const p = new FeedPoller({
    dataDir,
    logger,
    fetch: { allowPrivate: true },
    jitter: 0,
    onArticle: (e) => articles.push(e),
    onPoll: (r) => polls.push(r),
    ...options,
  })
  return { p, logger, articles, polls }
}

describe('FeedPoller follows a feed', () => {
  it('first poll: only the newest items, with the page’s title and outlet and the item’s date', async () => {
    const news = await newsSite()
    // 30 items, newest third in the feed (feeds are not always in date order).
    news.state.items = Array.from({ length: 30 }, (_, i) => news.item(i + 1, i + 1))
    news.state.items.unshift(news.state.items.splice(2, 1)[0]!)
    for (let n = 1; n <= 30; n++) news.story(n)
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${news.feedUrl} Harbour Gazette\n` })
    const { p, articles } = poller(dataDir, { firstPollItems: 3 })

    const [report] = await p.pollNow()
    expect(report).toMatchObject({ url: news.feedUrl, ok: true, added: 3, updated: 0, lastError: null, articles: 3 })
    const files = articleFiles(dataDir)
    expect(files).toEqual([
      'feeds/harbour-gazette/page-title-1.md',
      'feeds/harbour-gazette/page-title-2.md',
      'feeds/harbour-gazette/page-title-3.md',
    ])
    expect(articles.map((e) => e.kind)).toEqual(['added', 'added', 'added'])
    expect(articles.map((e) => e.file).sort()).toEqual(files)
    // Only the three pages were fetched, never the history.
    expect(
      news.s.seen
        .filter((r) => r.path.startsWith('/story/'))
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/story/1?utm_source=rss', '/story/2?utm_source=rss', '/story/3?utm_source=rss'])
    const first = fields(dataDir, 'feeds/harbour-gazette/page-title-1.md')
    expect(first).toEqual({
      title: 'Page title 1',
      outlet: 'The Harbour Gazette',
      url: `${news.s.origin}/story/1`,
      published: new Date(T0 - HOUR).toISOString().slice(0, 10),
    })
    expect(readFileSync(join(dataDir, 'feeds/harbour-gazette/page-title-1.md'), 'utf8')).toContain(storyText(1)[0])
    // The articles load as the folder loader reads them.
    const loaded = await loadArticles(join(dataDir, 'feeds'))
    expect(loaded.articles.map((a) => a.title).sort()).toEqual(['Page title 1', 'Page title 2', 'Page title 3'])
    expect(existsSync(join(dataDir, FEED_STATE_FILE))).toBe(true)
    expect(readdirSync(join(dataDir, 'feeds/harbour-gazette')).filter((n) => n.startsWith('.'))).toEqual([])
  })

  it('never twice: 304, reordering, re-dating, restart; an edit rewrites its file; new items are added', async () => {
    const news = await newsSite()
    news.state.items = [1, 2, 3, 4, 5].map((n) => news.item(n, n))
    for (let n = 0; n <= 5; n++) news.story(n)
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${news.feedUrl}\n` })
    const { p, articles } = poller(dataDir, { firstPollItems: 20 })
    expect((await p.pollNow())[0]).toMatchObject({ ok: true, added: 5 })
    const after = articleFiles(dataDir)
    expect(after).toHaveLength(5)
    const texts = () => after.map((f) => readFileSync(join(dataDir, f), 'utf8'))
    const before = texts()
    articles.length = 0

    // Unchanged: the conditional request gets a 304.
    const pages = () => news.s.seen.filter((r) => r.path.startsWith('/story/')).length
    const pagesBefore = pages()
    expect((await p.pollNow())[0]).toMatchObject({ ok: true, notModified: true, added: 0, updated: 0 })
    const conditional = news.s.hits('/feed.xml').at(-1)!
    expect(conditional.headers['if-none-match']).toMatch(/^"\d+-[0-9a-f]+"$/)

    // Reordered, one item re-dated, one link re-spelled (fragment, trailing slash): nothing new.
    news.state.items.reverse()
    news.state.items[1]!.date = new Date(T0 + 5 * HOUR)
    news.state.items[2]!.link = `${news.s.origin}/story/3/#comments`
    news.state.items[2]!.guid = undefined
    expect((await p.pollNow())[0]).toMatchObject({ ok: true, notModified: false, added: 0, updated: 0 })
    expect(articleFiles(dataDir)).toEqual(after)
    expect(texts()).toEqual(before)
    expect(articles).toEqual([])
    expect(pages()).toBe(pagesBefore)

    // A new item: one new file.
    news.state.items.unshift(news.item(0, 0))
    expect((await p.pollNow())[0]).toMatchObject({ added: 1, updated: 0, articles: 6 })
    expect(articleFiles(dataDir)).toHaveLength(6)
    expect(articles).toEqual([
      { feed: news.feedUrl, file: 'feeds/harbour-gazette-feed/page-title-0.md', kind: 'added' },
    ])
    articles.length = 0

    // Story 4 edited, in the feed and on its page: its own file is rewritten, no second file.
    const four = news.state.items.find((i) => i.guid === 'story-4')!
    four.title = 'Item title 4, corrected'
    four.description = 'Summary of story 4, corrected.'
    news.story(4, ' A correction was added.')
    expect((await p.pollNow())[0]).toMatchObject({ added: 0, updated: 1 })
    expect(articles).toEqual([
      { feed: news.feedUrl, file: 'feeds/harbour-gazette-feed/page-title-4.md', kind: 'updated' },
    ])
    expect(articleFiles(dataDir)).toHaveLength(6)
    expect(fields(dataDir, 'feeds/harbour-gazette-feed/page-title-4.md').title).toBe('Page title 4 (updated)')
    expect(readFileSync(join(dataDir, 'feeds/harbour-gazette-feed/page-title-4.md'), 'utf8')).toContain(
      'A correction was added.',
    )
    await p.stop()

    // A restart over the same data folder, the whole feed served again: nothing re-added.
    news.state.ignoreConditional = true
    const again = poller(dataDir)
    expect((await again.p.pollNow())[0]).toMatchObject({ ok: true, added: 0, updated: 0, articles: 6 })
    expect(again.articles).toEqual([])
    expect(articleFiles(dataDir)).toHaveLength(6)
  })

  it('uses the item’s own content when its page cannot be fetched, and keeps items without links', async () => {
    const s = await site()
    const feedUrl = `${s.origin}/notices.xml`
    s.routes.set('/notices.xml', {
      headers: RSS_TYPE,
      body: rss('Parish Notices', [
        {
          guid: 'n-1',
          link: `${s.origin}/gone`,
          title: 'Hall closed for floor repairs',
          date: new Date('2024-04-03T09:00:00Z'),
          content: '<p>The village hall will be closed from 8 April for two weeks, the parish clerk said.</p>',
        },
        {
          title: 'Spring clean volunteers wanted',
          date: new Date('2024-04-02T09:00:00Z'),
          description: 'Volunteers are asked to meet at the green at ten on Saturday with gloves.',
        },
      ]),
    })
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${feedUrl}\n` })
    const { p } = poller(dataDir)
    expect((await p.pollNow())[0]).toMatchObject({ ok: true, added: 2 })
    const files = articleFiles(dataDir)
    expect(files).toEqual([
      'feeds/parish-notices/hall-closed-for-floor-repairs.md',
      'feeds/parish-notices/spring-clean-volunteers-wanted.md',
    ])
    expect(fields(dataDir, files[0]!)).toEqual({
      title: 'Hall closed for floor repairs',
      outlet: 'Parish Notices',
      url: `${s.origin}/gone`,
      published: '2024-04-03',
    })
    expect(readFileSync(join(dataDir, files[0]!), 'utf8')).toContain('The village hall will be closed from 8 April')
    expect(readFileSync(join(dataDir, files[1]!), 'utf8')).toContain('Volunteers are asked to meet at the green')
    expect(s.hits('/gone')).toHaveLength(1)
    expect((await p.pollNow())[0]).toMatchObject({ ok: true, added: 0 })
  })

  it('writes a story listed twice in one feed once', async () => {
    const news = await newsSite()
    news.story(1)
    news.state.items = [
      news.item(1, 1),
      { ...news.item(1, 2), guid: 'story-1-again', link: `${news.s.origin}/story/1#top` },
    ]
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${news.feedUrl}\n` })
    const { p } = poller(dataDir)
    expect((await p.pollNow())[0]).toMatchObject({ added: 1 })
    expect(articleFiles(dataDir)).toHaveLength(1)
  })

  it('writes a story carried by two feeds once', async () => {
    const news = await newsSite()
    news.story(1)
    news.state.items = [news.item(1, 1)]
    news.s.routes.set('/top.xml', {
      headers: RSS_TYPE,
      body: rss('Top stories', [{ ...news.item(1, 1), guid: 'top-1' }]),
    })
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${news.feedUrl}\n${news.s.origin}/top.xml\n` })
    const { p } = poller(dataDir)
    const reports = await p.pollNow()
    expect(reports.map((r) => r.added).reduce((a, b) => a + b)).toBe(1)
    expect(articleFiles(dataDir)).toHaveLength(1)
  })

  it('without dates, the first poll takes the first items in feed order', async () => {
    const s = await site()
    const items = [1, 2, 3, 4, 5].map((n) => ({
      guid: `undated-${n}`,
      title: `Notice ${n}`,
      content: `<p>Notice number ${n} was posted on the parish board by the clerk this week.</p>`,
    }))
    s.routes.set('/undated.xml', { headers: RSS_TYPE, body: rss('Undated Notices', items) })
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${s.origin}/undated.xml\n` })
    const { p } = poller(dataDir, { firstPollItems: 2 })
    expect((await p.pollNow())[0]).toMatchObject({ added: 2 })
    expect(articleFiles(dataDir)).toEqual(['feeds/undated-notices/notice-1.md', 'feeds/undated-notices/notice-2.md'])
    // The rest were passed over for good.
    expect((await p.pollNow())[0]).toMatchObject({ added: 0 })
  })

  it('reads a windows-1252 feed that says so only in its XML declaration', async () => {
    const s = await site()
    const bytes = Buffer.from(
      fixture('windows-1252.xml').toString('latin1').replaceAll('https://cafe-quarter.example', s.origin),
      'latin1',
    )
    s.routes.set('/cafe.xml', { headers: { 'content-type': 'application/rss+xml' }, body: bytes })
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${s.origin}/cafe.xml\n` })
    const { p } = poller(dataDir)
    expect((await p.pollNow())[0]).toMatchObject({ ok: true, added: 1 })
    const [file] = articleFiles(dataDir)
    expect(file).toBe('feeds/cafe-quarter-news/best-cafe-prize-goes-to-the-rue-verte-again.md')
    expect(fields(dataDir, file!)).toMatchObject({
      title: '“Best café” prize goes to the Rue Verte – again',
      outlet: 'Café Quarter News',
      published: '2024-05-10',
    })
    expect(readFileSync(join(dataDir, file!), 'utf8')).toContain('a coffee still costs €2.')
  })
})

describe('FeedPoller reports broken feeds and goes on', () => {
  it('web page, malformed XML, 50 MB body, server error: each a clear lastError; the good feed goes on', async () => {
    const news = await newsSite()
    news.story(1)
    news.state.items = [news.item(1, 1)]
    const s = news.s
    s.routes.set('/front', { headers: HTML_TYPE, body: fixture('web-page.html') })
    s.routes.set('/broken.xml', { headers: RSS_TYPE, body: fixture('malformed.xml') })
    s.routes.set('/error.xml', { status: 500, headers: { 'content-type': 'text/plain' }, body: 'oops' })
    let streamed = 0
    // 50 MB offered, written as the client reads it (no Content-Length): never held in memory here.
    s.routes.set('/huge.xml', {
      write: (res) => {
        res.writeHead(200, RSS_TYPE)
        const chunk = Buffer.alloc(64 * 1024, 'x')
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>')
        const pump = () => {
          while (streamed < 50 * 1024 * 1024 && !res.destroyed) {
            streamed += chunk.length
            if (!res.write(chunk)) return void res.once('drain', pump)
          }
          res.end()
        }
        pump()
      },
    })
    const broken = ['/front', '/broken.xml', '/huge.xml', '/error.xml'].map((path) => `${s.origin}${path}`)
    const dataDir = folderWith({ [FEED_LIST_FILE]: [...broken, news.feedUrl].join('\n') })
    const { p, logger } = poller(dataDir)

    const reports = await p.pollNow()
    const byUrl = new Map(reports.map((r) => [r.url, r]))
    expect(byUrl.get(news.feedUrl)).toMatchObject({ ok: true, added: 1, lastError: null })
    expect(byUrl.get(broken[0]!)!.lastError).toBe(
      `cannot read the feed ${s.origin}/front: it is a web page (HTML), not a feed; ` +
        `the page names its feed: ${s.origin}/local/feed/`,
    )
    expect(byUrl.get(broken[1]!)!.lastError).toMatch(
      new RegExp(`^cannot read the feed ${s.origin}/broken.xml: its XML is malformed \\(.+\\)$`),
    )
    expect(byUrl.get(broken[2]!)!.lastError).toBe(
      `cannot fetch ${s.origin}/huge.xml: it is more than the limit of 10 MB (maxFeedBytes); reading stopped there`,
    )
    expect(streamed).toBeLessThan(50 * 1024 * 1024)
    expect(byUrl.get(broken[3]!)!.lastError).toBe(
      `cannot fetch ${s.origin}/error.xml: the server answered 500 Internal Server Error`,
    )
    for (const url of broken) expect(byUrl.get(url)).toMatchObject({ ok: false, failures: 1, lastSuccess: null })
    // status() says the same, in list order.
    expect(p.status().map((st) => [st.url, st.lastError === null])).toEqual([
      ...broken.map((u) => [u, false]),
      [news.feedUrl, true],
    ])
    expect(logger.warnings).toHaveLength(4)

    // Once per failure streak: a second failed poll is not logged again at warn level.
    await p.pollNow()
    expect(logger.warnings).toHaveLength(4)
    expect(p.status()[1]).toMatchObject({ failures: 2 })
  })

  it('gives up on a feed that does not answer in time', async () => {
    const s = await site()
    s.routes.set('/silent.xml', { write: () => {} })
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${s.origin}/silent.xml\n` })
    const { p } = poller(dataDir, { fetch: { allowPrivate: true, timeoutMs: 200 } })
    expect((await p.pollNow())[0]).toMatchObject({
      ok: false,
      lastError: `cannot fetch ${s.origin}/silent.xml: it took longer than 200 ms (timeoutMs)`,
    })
  })

  it('reads a damaged state file as empty, keeps it aside, and goes on', async () => {
    const news = await newsSite()
    news.story(1)
    news.state.items = [news.item(1, 1)]
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${news.feedUrl}\n`, [FEED_STATE_FILE]: '{"version":1,"feeds":{' })
    const { p, logger } = poller(dataDir)
    expect((await p.pollNow())[0]).toMatchObject({ ok: true, added: 1 })
    expect(logger.warnings.join('\n')).toMatch(
      /feeds-state\.json is damaged .*starting afresh \(the old file is kept as /,
    )
    expect(readdirSync(join(dataDir, '.newsdesk')).some((n) => n.startsWith('feeds-state.damaged-'))).toBe(true)
    expect(JSON.parse(readFileSync(join(dataDir, FEED_STATE_FILE), 'utf8')).version).toBe(1)
  })
})

describe('FeedPoller backs off', () => {
  it('doubles the delay per failure up to maxBackoffSeconds, and resets it on success', async () => {
    const s = await site()
    let failing = true
    s.routes.set('/flaky.xml', () =>
      failing
        ? { status: 502, headers: { 'content-type': 'text/plain' }, body: 'bad gateway' }
        : { headers: RSS_TYPE, body: rss('Flaky', []) },
    )
    const url = `${s.origin}/flaky.xml`
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${url}\n` })
    let clock = T0
    const { p, logger } = poller(dataDir, { now: () => clock, intervalSeconds: 600, maxBackoffSeconds: 3000 })
    const delay = async () => {
      const [r] = await p.pollNow(url)
      return (Date.parse(r!.nextPollAt!) - clock) / 1000
    }
    expect(await delay()).toBe(1200)
    clock += 1200_000
    expect(await delay()).toBe(2400)
    clock += 2400_000
    expect(await delay()).toBe(3000)
    expect(await delay()).toBe(3000)
    expect(logger.warnings).toHaveLength(1)
    failing = false
    expect(await delay()).toBe(600)
    expect(p.status()[0]).toMatchObject({ failures: 0, lastError: null, lastSuccess: new Date(clock).toISOString() })
    expect(logger.infos.join('\n')).toMatch(/works again/)
    // A feed's own every= is its interval.
    writeFileSync(join(dataDir, FEED_LIST_FILE), `${url} every=2h\n`)
    expect(await delay()).toBe(7200)
  })

  it('waits as long as a Retry-After asks, in seconds or as a date', async () => {
    const s = await site()
    s.routes.set('/busy.xml', { status: 429, headers: { 'retry-after': '9000' } })
    s.routes.set('/down.xml', {
      status: 503,
      headers: { 'retry-after': new Date(Date.now() + 5 * HOUR).toUTCString() },
    })
    s.routes.set('/soon.xml', { status: 503, headers: { 'retry-after': '5' } })
    const urls = ['/busy.xml', '/down.xml', '/soon.xml'].map((path) => `${s.origin}${path}`)
    const dataDir = folderWith({ [FEED_LIST_FILE]: urls.join('\n') })
    const { p } = poller(dataDir, { intervalSeconds: 900 })
    const started = Date.now()
    const reports = await p.pollNow()
    const wait = (i: number) => (Date.parse(reports[i]!.nextPollAt!) - started) / 1000
    expect(wait(0)).toBeGreaterThanOrEqual(9000)
    expect(wait(0)).toBeLessThan(9000 + 60)
    expect(wait(1)).toBeGreaterThan(5 * 3600 - 60)
    expect(wait(1)).toBeLessThan(5 * 3600 + 60)
    // A Retry-After shorter than the back-off does not shorten it.
    expect(wait(2)).toBeGreaterThanOrEqual(1800)
    expect(reports[0]!.lastError).toMatch(/the server answered 429/)
  })
})

/** Timers a test runs by hand, on a clock of its own. */
function manualTimers(start = T0) {
  let clock = start
  let next = 0
  const pending = new Map<number, { at: number; ms: number; run: () => void }>()
  const timers: PollerTimers = {
    setTimeout: (run, ms) => {
      pending.set(++next, { at: clock + ms, ms, run })
      return next
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number)
    },
  }
  return {
    timers,
    now: () => clock,
    pending,
    delays: () => [...pending.values()].map((t) => t.ms).sort((a, b) => a - b),
    /** Moves the clock to the earliest timer and runs it. */
    runNext() {
      const [handle, t] = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0]!
      pending.delete(handle)
      clock = Math.max(clock, t.at)
      t.run()
    },
  }
}

describe('FeedPoller schedules each feed on its own', () => {
  it('polls soon after start, then every interval; a failing feed backs off alone; stop clears all', async () => {
    const news = await newsSite()
    news.story(1)
    news.state.items = [news.item(1, 1)]
    const down = `${news.s.origin}/down.xml`
    const dataDir = folderWith({ [FEED_LIST_FILE]: `${news.feedUrl}\n${down}\n` })
    const t = manualTimers()
    const polled: string[] = []
    let onPolled: (() => void) | null = null
    const { p } = poller(dataDir, {
      timers: t.timers,
      now: t.now,
      random: () => 0.5,
      startDelaySeconds: 4,
      listCheckSeconds: 30,
      intervalSeconds: 600,
      onPoll: (r) => {
        polled.push(r.url)
        onPolled?.()
      },
    })
    const nextPoll = () => new Promise<void>((resolve) => (onPolled = resolve))
    await p.start()
    // Both feeds within startDelaySeconds, and the list check.
    expect(t.delays()).toEqual([2000, 2000, 30_000])
    let polledOnce = nextPoll()
    t.runNext()
    await polledOnce
    polledOnce = nextPoll()
    t.runNext()
    await polledOnce
    expect(polled.sort()).toEqual([down, news.feedUrl].sort())
    // The good feed again in 600 s, the failing one in 1200 s; the list check still pending.
    expect(t.delays()).toEqual([30_000, 600_000, 1_200_000])
    expect(p.status().map((st) => st.failures)).toEqual([0, 1])
    await p.stop()
    expect(t.pending.size).toBe(0)
  })

  it('follows changes to feeds.txt while running, and leaves no timer behind on stop', async () => {
    const news = await newsSite()
    news.story(1)
    news.state.items = [news.item(1, 1)]
    const dataDir = tempDir()
    const live = new Set<unknown>()
    const refs: boolean[] = []
    // Real (unref'd) Node timers, watched.
    const timers: PollerTimers = {
      setTimeout: (run, ms) => {
        const handle = NODE_TIMERS.setTimeout(() => {
          live.delete(handle)
          run()
        }, ms)
        refs.push((handle as NodeJS.Timeout).hasRef())
        live.add(handle)
        return handle
      },
      clearTimeout: (handle) => {
        live.delete(handle)
        NODE_TIMERS.clearTimeout(handle)
      },
    }
    const polled: FeedPollReport[] = []
    const { p } = poller(dataDir, {
      timers,
      listCheckSeconds: 0.02,
      startDelaySeconds: 0,
      onPoll: (r) => polled.push(r),
    })
    await p.start()
    expect(p.status()).toEqual([])
    await addFeed(dataDir, news.feedUrl, 'Harbour')
    await eventually(() => polled.find((r) => r.url === news.feedUrl && r.added === 1))
    expect(p.status()).toMatchObject([{ url: news.feedUrl, name: 'Harbour', articles: 1 }])
    await removeFeed(dataDir, 1)
    await eventually(() => p.status().length === 0)
    await p.stop()
    expect(live.size).toBe(0)
    expect(refs.length).toBeGreaterThan(0)
    expect(refs.every((r) => r === false)).toBe(true)
  })

  it('says so when asked to poll a feed not in the list', async () => {
    const { p } = poller(tempDir())
    expect(await p.pollNow('https://nowhere.example/feed')).toMatchObject([
      { url: 'https://nowhere.example/feed', ok: false, lastError: 'https://nowhere.example/feed is not in feeds.txt' },
    ])
  })
})

describe('FeedPoller options are checked up front', () => {
  it.each([
    [{ intervalSeconds: 5 }, /option intervalSeconds must be a whole number from 30 to 604800 \(got 5\)/],
    [{ firstPollItems: -1 }, /option firstPollItems must be a whole number from 0 to 1000/],
    [{ jitter: 2 }, /option jitter must be a number from 0 to 0\.5 \(got 2\)/],
    [{ maxFeedBytes: 0 }, /option maxFeedBytes must be a whole number/],
    [{ maxBackoffSeconds: 1.5 }, /option maxBackoffSeconds must be a whole number/],
    [{ logger: {} }, /option logger must have debug, info, warn and error methods/],
    [{ onArticle: 'yes' }, /option onArticle must be a function/],
    [{ fetch: { timeoutMs: 0 } }, /the option timeoutMs must be a whole number/],
    [{ fetch: { conditional: {} } }, /sets the fetch option conditional itself/],
    [{ interval: 60 }, /unknown feed poller option "interval"/],
    [{ dataDir: '' }, /option dataDir must name the data folder/],
  ])('refuses %o', (options, message) => {
    const make = () => new FeedPoller({ dataDir: 'data/articles', ...(options as Partial<FeedPollerOptions>) })
    expect(make).toThrow(ConfigError)
    expect(make).toThrow(message)
  })
})
