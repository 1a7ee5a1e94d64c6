// The feeds list: feeds.txt in the data folder, read with its problems reported by line, changed
// by addFeed / removeFeed without disturbing the lines around.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addFeed, FEED_LIST_FILE, parseEvery, readFeedList, removeFeed } from '../../src/feeds/index.js'
import { folderWith, tempDir } from '../support/temp-dir.js'

const LIST = [
  '# Feeds the desk follows',
  '',
  'https://harbour-gazette.example/local/feed/ Harbour Gazette local every=10m',
  'https://valley-courier.example/news/atom.xml   # the regional paper',
  'ftp://files.example/feed.xml',
  'not-a-url Some name',
  'https://northern-lights-review.example/feed.json every=2s',
  'https://northern-lights-review.example/feed.json Review every=90s every=2h',
  'https://HARBOUR-gazette.example/local/feed Again',
  'https://fen-recorder.example/rss every=2h Fen Recorder',
  '',
].join('\n')

describe('readFeedList', () => {
  it('reads URL, name and interval, and reports each bad line by number without throwing', async () => {
    const dir = folderWith({ [FEED_LIST_FILE]: LIST })
    const { feeds, problems } = await readFeedList(dir)
    expect(feeds).toEqual([
      { url: 'https://harbour-gazette.example/local/feed/', name: 'Harbour Gazette local', everySeconds: 600, line: 3 },
      { url: 'https://valley-courier.example/news/atom.xml', name: null, everySeconds: null, line: 4 },
      { url: 'https://fen-recorder.example/rss', name: 'Fen Recorder', everySeconds: 7200, line: 10 },
    ])
    expect(problems).toHaveLength(5)
    expect(problems[0]).toMatch(
      /^feeds\.txt line 5: "ftp:\/\/files\.example\/feed\.xml" is not an http or https address/,
    )
    expect(problems[1]).toMatch(/^feeds\.txt line 6: "not-a-url" is not a URL/)
    expect(problems[2]).toMatch(/^feeds\.txt line 7: every=2s is out of range/)
    expect(problems[3]).toMatch(/^feeds\.txt line 8: every= is given twice/)
    expect(problems[4]).toMatch(/^feeds\.txt line 9: the same feed as line 3/)
  })

  it('takes a missing file as an empty list', async () => {
    expect(await readFeedList(tempDir())).toEqual({ feeds: [], problems: [] })
    expect(await readFeedList(join(tempDir(), 'no-such-folder'))).toEqual({ feeds: [], problems: [] })
  })

  it('reads every= in seconds, minutes and hours', () => {
    expect(parseEvery('90s')).toBe(90)
    expect(parseEvery('15m')).toBe(900)
    expect(parseEvery('2H')).toBe(7200)
    expect(parseEvery('1.5h')).toMatch(/not an interval/)
    expect(parseEvery('10')).toMatch(/not an interval/)
  })
})

describe('addFeed', () => {
  it('appends the feed, keeping comments and other lines as they were, atomically', async () => {
    const dir = folderWith({ [FEED_LIST_FILE]: '# mine\nhttps://a.example/feed   Alpha   # first\n\n# end' })
    const added = await addFeed(dir, 'https://b.example/rss.xml', '  Bravo   News ')
    expect(added).toMatchObject({
      ok: true,
      kind: 'added',
      feed: { url: 'https://b.example/rss.xml', name: 'Bravo News' },
    })
    expect(added.message).toBe('Added feed 2: https://b.example/rss.xml (Bravo News).')
    expect(readFileSync(join(dir, FEED_LIST_FILE), 'utf8')).toBe(
      '# mine\nhttps://a.example/feed   Alpha   # first\n\n# end\nhttps://b.example/rss.xml Bravo News\n',
    )
    // No temporary file left behind.
    expect(readdirSync(dir)).toEqual([FEED_LIST_FILE])
    const { feeds } = await readFeedList(dir)
    expect(feeds.map((f) => f.url)).toEqual(['https://a.example/feed', 'https://b.example/rss.xml'])
  })

  it('creates the list when there is none', async () => {
    const dir = tempDir()
    expect((await addFeed(dir, 'https://a.example/feed')).ok).toBe(true)
    expect(readFileSync(join(dir, FEED_LIST_FILE), 'utf8')).toBe('https://a.example/feed\n')
  })

  it('refuses a duplicate, however it is spelled', async () => {
    const dir = folderWith({ [FEED_LIST_FILE]: 'https://a.example/feed/\n' })
    const twice = await addFeed(dir, 'https://A.EXAMPLE/feed#top')
    expect(twice).toEqual({
      ok: false,
      kind: 'duplicate',
      message: 'https://A.EXAMPLE/feed#top is already in the list (feed 1).',
    })
    expect(readFileSync(join(dir, FEED_LIST_FILE), 'utf8')).toBe('https://a.example/feed/\n')
  })

  it('refuses what is not an absolute http(s) URL, and names that would not read back', async () => {
    const dir = tempDir()
    for (const url of ['', 'feed.xml', '/feed.xml', 'javascript:alert(1)', 'file:///etc/passwd']) {
      const result = await addFeed(dir, url)
      expect(result.ok, url).toBe(false)
      expect(result.kind).toBe('invalid')
    }
    expect((await addFeed(dir, 'https://a.example/f', 'News #1')).message).toMatch(/cannot hold "#1"/)
    expect((await addFeed(dir, 'https://a.example/f', 'Fast every=1m')).message).toMatch(/cannot hold "every=1m"/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('loses no feed when several are added at once', async () => {
    const dir = tempDir()
    const urls = Array.from({ length: 8 }, (_, i) => `https://site${i}.example/feed`)
    await Promise.all(urls.map((u) => addFeed(dir, u)))
    expect((await readFeedList(dir)).feeds.map((f) => f.url).sort()).toEqual([...urls].sort())
  })
})

describe('removeFeed', () => {
  const text =
    '# top\r\nhttps://a.example/feed Alpha\r\n# about b\r\nhttps://b.example/feed\r\n' +
    'bad line\r\nhttps://c.example/feed\r\n'

  it('removes by number (1-based, as listed) or by URL, keeping the other lines and the line endings', async () => {
    const dir = folderWith({ [FEED_LIST_FILE]: text })
    const second = await removeFeed(dir, 2)
    expect(second).toMatchObject({ ok: true, kind: 'removed', feed: { url: 'https://b.example/feed' } })
    expect(second.message).toBe('Removed feed 2: https://b.example/feed.')
    expect(readFileSync(join(dir, FEED_LIST_FILE), 'utf8')).toBe(
      '# top\r\nhttps://a.example/feed Alpha\r\n# about b\r\nbad line\r\nhttps://c.example/feed\r\n',
    )
    const byUrl = await removeFeed(dir, 'https://a.example/feed/')
    expect(byUrl.message).toBe('Removed feed 1: https://a.example/feed (Alpha).')
    expect(readFileSync(join(dir, FEED_LIST_FILE), 'utf8')).toBe(
      '# top\r\n# about b\r\nbad line\r\nhttps://c.example/feed\r\n',
    )
    expect(readdirSync(dir)).toEqual([FEED_LIST_FILE])
  })

  it('says what is wrong with a number or URL not in the list', async () => {
    const dir = folderWith({ [FEED_LIST_FILE]: text })
    expect(await removeFeed(dir, 4)).toEqual({
      ok: false,
      kind: 'not-found',
      message: 'There is no feed 4: the list has feeds 1 to 3.',
    })
    expect((await removeFeed(dir, '0')).kind).toBe('not-found')
    expect(await removeFeed(dir, 'https://z.example/feed')).toEqual({
      ok: false,
      kind: 'not-found',
      message: 'https://z.example/feed is not in the list of feeds.',
    })
    expect((await removeFeed(tempDir(), 1)).message).toBe('There is no feed 1: the list is empty.')
    expect(readFileSync(join(dir, FEED_LIST_FILE), 'utf8')).toBe(text)
  })
})
