// parseFeed over invented samples in the shapes outlets publish: RSS 2.0 with content:encoded,
// Atom with xml:base and relative links, JSON Feed 1.1, RSS 1.0 (RDF), and broken ones.
import { describe, expect, it } from 'vitest'
import { parseFeed } from '../../src/feeds/index.js'
import { isoDate } from '../../src/feeds/parse-feed.js'
import { decodeBody } from '../../src/net/decode.js'
import { fixture } from './helpers.js'

const text = (name: string) => fixture(name).toString('utf8')

describe('parseFeed reads each format', () => {
  it('RSS 2.0: content:encoded, dc:creator, a guid that is no permalink, RFC 822 dates', () => {
    const feed = parseFeed(text('rss-content.xml'), 'https://harbour-gazette.example/local/feed/')
    if (typeof feed === 'string') throw new Error(feed)
    expect(feed.format).toBe('rss')
    expect(feed.title).toBe('The Harbour Gazette – Local')
    expect(feed.items).toHaveLength(2)
    expect(feed.items[0]).toEqual({
      guid: 'https://harbour-gazette.example/?p=40211',
      link: 'https://harbour-gazette.example/local/2024/05/14/ferry-timetable-summer/?utm_source=rss&utm_medium=rss',
      // Markup in a title is text for people.
      title: 'Ferry timetable changes as summer season opens',
      published: '2024-05-14T07:45:00+01:00',
      author: 'Morwenna Tallis',
      content: expect.stringContaining('<p>The island ferry will add two evening crossings from Friday'),
      summary: '<p>The island ferry adds two evening crossings from Friday.</p>',
    })
    expect(feed.items[1]!.published).toBe('2024-05-13T18:20:00Z')
  })

  it('Atom 1.0: relative links resolved against xml:base (feed and entry), published before updated', () => {
    const feed = parseFeed(text('atom-relative.xml'), 'https://valley-courier.example/news/atom.xml')
    if (typeof feed === 'string') throw new Error(feed)
    expect(feed.format).toBe('atom')
    expect(feed.title).toBe('Valley Courier & Advertiser')
    expect(feed.link).toBe('https://valley-courier.example/news/')
    const [bridge, rowing] = feed.items
    expect(bridge).toMatchObject({
      guid: 'tag:valley-courier.example,2024:story-881',
      link: 'https://valley-courier.example/news/2024/06/footbridge-ardle',
      title: 'Council approves new footbridge over the Ardle',
      published: '2024-06-01T16:10:00+02:00',
      author: 'Liesel Vondrak',
      summary: '<p>The bridge will link the station to the market square.</p>',
    })
    expect(bridge!.content).toMatch(/^<p>The town council voted 14 to 3/)
    expect(rowing).toMatchObject({
      link: 'https://valley-courier.example/sport/rowing-cup.html',
      published: '2024-05-31T20:00:00Z',
      // The feed's author stands for an entry that names none.
      author: 'Valley Courier newsroom',
      content: '<p>The Ardle Rowing Club won the regional cup for the first time in eleven years.</p>',
    })
  })

  it('Atom relative links without xml:base resolve against the feed URL', () => {
    const atom = text('atom-relative.xml').replace(/ xml:base="[^"]*"/g, '')
    const feed = parseFeed(atom, 'https://mirror.example/feeds/courier.xml')
    if (typeof feed === 'string') throw new Error(feed)
    expect(feed.items.map((i) => i.link)).toEqual([
      'https://mirror.example/feeds/2024/06/footbridge-ardle',
      'https://mirror.example/feeds/rowing-cup.html',
    ])
  })

  it('JSON Feed 1.1: content_html, content_text as HTML, a relative url, the feed author', () => {
    const feed = parseFeed(text('json-feed.json'), 'https://northern-lights-review.example/feed.json')
    if (typeof feed === 'string') throw new Error(feed)
    expect(feed.format).toBe('json')
    expect(feed.title).toBe('Northern Lights Review')
    expect(feed.items[0]).toMatchObject({
      guid: 'nlr-2024-118',
      link: 'https://northern-lights-review.example/2024/07/observatory-open-night',
      published: '2024-07-05T22:15:00-04:00',
      author: 'Annika Solberg',
      summary: '<p>The dome opened to visitors again.</p>',
    })
    expect(feed.items[1]).toMatchObject({
      link: 'https://northern-lights-review.example/2024/07/library-hours',
      author: 'Review desk',
      content: '<p>The central library will open on Sundays from August.</p>\n<p>Staff numbers rise by four.</p>',
    })
  })

  it('RSS 1.0 (RDF): link, dc:date and dc:creator', () => {
    const feed = parseFeed(text('rdf.xml'), 'https://fen-recorder.example/rss')
    if (typeof feed === 'string') throw new Error(feed)
    expect(feed.format).toBe('rdf')
    expect(feed.items).toEqual([
      {
        guid: 'https://fen-recorder.example/drainage-board-vote',
        link: 'https://fen-recorder.example/drainage-board-vote',
        title: 'Drainage board votes to raise the river banks',
        published: '2024-02-20T14:30:00Z',
        author: 'Harriet Quayle',
        content: null,
        summary: 'The board backed a two-year plan.',
      },
    ])
  })

  it('keeps items without links, and a feed without items is a feed with nothing yet', () => {
    const feed = parseFeed(text('no-links.xml'), 'https://parish-notices.example/feed')
    if (typeof feed === 'string') throw new Error(feed)
    expect(feed.items.map((i) => [i.guid, i.link, i.title])).toEqual([
      ['notice-2024-031', null, 'Hall closed for floor repairs'],
      [null, null, 'Spring clean volunteers wanted'],
    ])
    expect(parseFeed(text('empty.xml'), 'https://quiet-quarterly.example/feed')).toMatchObject({
      title: 'Quiet Quarterly',
      items: [],
    })
  })

  it('keeps only http(s) links, and never resolves a guid', () => {
    const feed = parseFeed(
      '<rss version="2.0"><channel><title>T</title><link>https://t.example/</link><description>d</description>' +
        '<item><title>A</title><link>javascript:alert(1)</link><guid>12345</guid></item>' +
        '<item><title>B</title><link>../up/b.html</link></item>' +
        '<item><title>C</title><guid>https://t.example/c</guid></item></channel></rss>',
      'https://t.example/feeds/rss.xml',
    )
    if (typeof feed === 'string') throw new Error(feed)
    expect(feed.items.map((i) => i.link)).toEqual([null, 'https://t.example/up/b.html', 'https://t.example/c'])
  })

  it('reads a windows-1252 feed declared in its XML declaration, once decoded', () => {
    const { text: decoded, encoding } = decodeBody(fixture('windows-1252.xml'), 'application/rss+xml')
    expect(encoding).toBe('windows-1252')
    const feed = parseFeed(decoded, 'https://cafe-quarter.example/feed')
    if (typeof feed === 'string') throw new Error(feed)
    expect(feed.title).toBe('Café Quarter News')
    expect(feed.items[0]!.title).toBe('“Best café” prize goes to the Rue Verte – again')
    expect(feed.items[0]!.summary).toContain('costs €2')
  })
})

describe('parseFeed says why a text is no feed', () => {
  it.each([
    ['malformed.xml', /^its XML is malformed \(.+\)$/],
    [
      'web-page.html',
      /^it is a web page \(HTML\), not a feed; the page names its feed: https:\/\/site\.example\/local\/feed\/$/,
    ],
  ])('%s', (name, message) => {
    expect(parseFeed(text(name), 'https://site.example/')).toMatch(message)
  })

  it('empty, XML of another kind, JSON of another kind, plain text', () => {
    expect(parseFeed('', 'https://x.example/')).toBe('it is empty')
    expect(parseFeed(' \n\ufeff', 'https://x.example/')).toBe('it is empty')
    expect(parseFeed('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', 'https://x.example/')).toBe(
      'it is XML but not an RSS, Atom or RDF feed',
    )
    expect(parseFeed('{"status":"ok"}', 'https://x.example/')).toBe('it is JSON but not a JSON Feed')
    expect(parseFeed('Service unavailable', 'https://x.example/')).toBe(
      'it is not a feed (neither RSS, Atom, RDF nor JSON Feed)',
    )
    expect(parseFeed('<html><body>Sign in</body></html>', 'https://x.example/')).toBe(
      'it is a web page (HTML), not a feed',
    )
  })
})

describe('isoDate', () => {
  it.each([
    ['Tue, 14 May 2024 07:45:00 +0100', '2024-05-14T07:45:00+01:00'],
    ['Mon, 13 May 2024 18:20:00 GMT', '2024-05-13T18:20:00Z'],
    ['Fri, 31 May 2024 23:30:00 EDT', '2024-05-31T23:30:00-04:00'],
    ['Mar, 14 May 2024 07:45:00 +0200', '2024-05-14T07:45:00+02:00'],
    ['2024-06-01T16:10:00+02:00', '2024-06-01T16:10:00+02:00'],
    ['2024-06-01T16:10:00.250Z', '2024-06-01T16:10:00.250Z'],
    ['2024-06-01T16:10', '2024-06-01T16:10:00Z'],
    ['2024-06-01', '2024-06-01T00:00:00Z'],
  ])('%s', (raw, iso) => {
    expect(isoDate(raw)).toBe(iso)
  })

  it('is null for what is no date', () => {
    expect(isoDate('soon')).toBeNull()
    expect(isoDate('')).toBeNull()
    expect(isoDate(undefined)).toBeNull()
  })
})
