// Metadata is stated, never guessed: the outlet, URL, date and byline come only from the lines of a
// page that state them for this article. Every page below is invented for these tests.
import { describe, expect, it } from 'vitest'
import { type Article, loadArticles } from '../../src/index.js'
import { parseDate } from '../../src/ingest/dates.js'
import { recordingLogger } from '../support/logger.js'
import { folderWith } from './helpers.js'

/** The one article a page yields. */
async function pageArticle(text: string, name = 'page.txt'): Promise<Article> {
  const { articles } = await loadArticles(folderWith({ [name]: text }))
  expect(articles).toHaveLength(1)
  return articles[0]
}

/** Blocks separated by blank lines, as a scraped page is saved. */
const page = (...blocks: string[]): string => `${blocks.join('\n\n')}\n`

const BODY = [
  'The harbour at Pellham reopened on Monday after three weeks of repairs to the sea wall.',
  'Fishing boats returned to their moorings before dawn, the harbour master said.',
  'The council expects the remaining work on the promenade to finish by the end of the month.',
]

describe('the outlet', () => {
  it.each([
    ['an image host', 'https://i.guim.co.uk/img/media/3f2a/0_0_4000_2400/master/4000.jpg?width=700&quality=85'],
    ['a photo agency', 'https://media.gettyimages.com/id/1234567/photo/harbour-wall.jpg?s=612x612'],
    ['a publishing CDN', 'https://cloudfront-eu-west-1.images.arcpublishing.com/gazette/ABCDEF123.png'],
    ['a CloudFront distribution', 'https://d2x7abc123.cloudfront.net/uploads/harbour-hero'],
    ['an asset host', 'https://assets.pellham-post.example/2025/08/harbour-hero'],
    ['an ad server', 'https://ad.doubleclick.net/ddm/trackclk/N1234.567/B890;dc_trk_aid=1'],
  ])('never comes from %s', async (_what, url) => {
    const a = await pageArticle(page('Harbour reopens after repairs', url, ...BODY))
    expect(a.outlet).toBeNull()
    expect(a.url).toBeNull()
  })

  it("never comes from an ad's link or a link in a reader comment", async () => {
    const a = await pageArticle(
      page(
        'Harbour reopens after repairs',
        'Advertisement',
        'https://deals.boatshop.example/summer-sale',
        ...BODY,
        'Comments (2)',
        'Sam K: the wall was rebuilt badly last time, see my photos',
        'https://www.sams-harbour-blog.example/2025/08/the-wall',
      ),
    )
    expect(a.outlet).toBeNull()
    expect(a.url).toBeNull()
  })

  it("never comes from a related story's dateline", async () => {
    const a = await pageArticle(
      page(
        'Harbour reopens after repairs',
        ...BODY,
        'Related stories',
        'Ferry fares to rise in spring',
        'DOVERTON (Coastwire) – Ferry fares will rise by a tenth from April, the operator said.',
      ),
    )
    expect(a.outlet).toBeNull()
  })

  it("comes from the page's own labelled URL even when an image link comes first", async () => {
    const a = await pageArticle(
      page(
        'Harbour reopens after repairs',
        'https://i.guim.co.uk/img/media/3f2a/master/4000.jpg',
        ...BODY,
        'URL: https://www.pellham-post.example/news/2025/aug/19/harbour-reopens',
      ),
    )
    expect(a.url).toBe('https://www.pellham-post.example/news/2025/aug/19/harbour-reopens')
    expect(a.outlet).toBe('pellham-post.example')
  })

  it('does not take a bare URL after the article body as the page address', async () => {
    const a = await pageArticle(
      page('Harbour reopens after repairs', ...BODY, 'https://www.other-paper.example/2025/08/ferry-fares-rise'),
    )
    expect(a.url).toBeNull()
    expect(a.outlet).toBeNull()
  })

  it('comes from a byline that names it', async () => {
    const wire = await pageArticle(page('Harbour reopens after repairs', 'By Jane Roe, Reuters', ...BODY))
    expect(wire).toMatchObject({ author: 'Jane Roe', outlet: 'Reuters' })
    const freelance = await pageArticle(
      page('Harbour reopens after repairs', 'By Jane Roe for The Pellham Post', ...BODY),
    )
    expect(freelance).toMatchObject({ author: 'Jane Roe', outlet: 'The Pellham Post' })
    // A role is not an outlet.
    const role = await pageArticle(page('Harbour reopens after repairs', 'By Jane Roe, Coastal Correspondent', ...BODY))
    expect(role).toMatchObject({ author: 'Jane Roe', outlet: null })
  })
})

describe('the published date', () => {
  it('reads the common date formats, and a day/month pair only when it is unambiguous', () => {
    const cases: Array<[string, string | null]> = [
      ['Tue 19 Aug 2025 06.00 BST', '2025-08-19'],
      ['2025-08-19T06:00:00+01:00', '2025-08-19'],
      ['2025-08-19', '2025-08-19'],
      ['August 19, 2025', '2025-08-19'],
      ['Aug. 19, 2025', '2025-08-19'],
      ['19 August 2025', '2025-08-19'],
      ['19th August 2025', '2025-08-19'],
      ['21/08/2025', '2025-08-21'],
      ['08/21/2025', '2025-08-21'],
      ['21.08.2025', '2025-08-21'],
      ['04/04/2025', '2025-04-04'],
      ['03/04/2025', null],
      ['31/02/2025', null],
      ['sometime in August', null],
    ]
    expect(cases.map(([text]) => [text, parseDate(text)])).toEqual(cases)
  })

  it("is the first date line near the headline, not a related story's further down", async () => {
    const a = await pageArticle(
      page(
        'Harbour reopens after repairs',
        'Jane Roe',
        'Tue 19 Aug 2025 06.00 BST',
        ...BODY,
        'Related',
        'Ferry fares to rise in spring',
        'Published: 12 March 2024',
      ),
    )
    expect(a.published).toBe('2025-08-19')
    const labelled = await pageArticle(
      page(
        'Harbour reopens after repairs',
        'Published: 21/08/2025',
        ...BODY,
        'Ferry fares to rise in spring',
        'Published: 12/03/2024',
      ),
    )
    expect(labelled.published).toBe('2025-08-21')
  })

  it('stays empty when only a related story further down has a date', async () => {
    const a = await pageArticle(
      page('Harbour reopens after repairs', ...BODY, 'Ferry fares to rise in spring', 'Published: March 12, 2024'),
    )
    expect(a.published).toBeNull()
  })

  it('stays empty when the stated day and month cannot be told apart (an update date is not a stand-in)', async () => {
    const a = await pageArticle(
      page('Harbour reopens after repairs', 'Published: 03/04/2025', 'Updated: 5 April 2025', ...BODY),
    )
    expect(a.published).toBeNull()
    expect(a.text).not.toContain('2025')
  })
})

describe('the byline', () => {
  it("is not a related-story teaser's By line", async () => {
    const a = await pageArticle(
      page('Harbour reopens after repairs', ...BODY, 'More on this story', 'Ferry fares to rise', 'By John Smith'),
    )
    expect(a.author).toBeNull()
  })

  it('is read when a date or a handle follows the name, and its date is used when no other is given', async () => {
    const cases: Array<[string, string, string | null]> = [
      ['By Jane Roe | @janeroe', 'Jane Roe', null],
      ['By Jane Roe, 19 August 2025', 'Jane Roe', '2025-08-19'],
      ['By Jane Roe • Aug 19, 2025', 'Jane Roe', '2025-08-19'],
      ['By Jane Roe — 21/08/2025', 'Jane Roe', '2025-08-21'],
      ['By Jane de Souza and John Smith @pellhampost', 'Jane de Souza and John Smith', null],
    ]
    for (const [line, author, published] of cases) {
      const a = await pageArticle(page('Harbour reopens after repairs', line, ...BODY))
      expect({ line, author: a.author, published: a.published }).toEqual({ line, author, published })
      expect(a.text).not.toContain('Jane')
    }
    // A date line of its own wins over the byline's.
    const both = await pageArticle(
      page('Harbour reopens after repairs', 'By Jane Roe, 19 August 2025', 'Published: 18 August 2025', ...BODY),
    )
    expect(both.published).toBe('2025-08-18')
  })

  it('is not a sentence that starts with "By"', async () => {
    const a = await pageArticle(
      page(
        'Harbour reopens after repairs',
        'By Monday, the council had voted to close the old slipway for good.',
        ...BODY,
      ),
    )
    expect(a.author).toBeNull()
    expect(a.text).toContain('By Monday, the council had voted')
  })
})

describe('front-matter and record URLs', () => {
  it.each([
    '/news/harbour-reopens',
    'www.pellham-post.example/news/harbour-reopens',
    'javascript:alert(1)',
    'ftp://files.pellham-post.example/harbour.txt',
  ])('refuses %s with a warning naming the file, and still loads the article', async (url) => {
    const logger = recordingLogger()
    const dir = folderWith({
      'harbour.md': `---\ntitle: Harbour reopens\nurl: ${url}\n---\n${BODY.join('\n\n')}\n`,
    })
    const { articles, warnings } = await loadArticles(dir, logger)
    expect(articles).toHaveLength(1)
    expect(articles[0].url).toBeNull()
    expect(warnings).toHaveLength(1)
    expect(warnings[0].file).toBe('harbour.md')
    expect(warnings[0].reason).toMatch(/url/)
    expect(logger.warnings.join('\n')).toContain('harbour.md')
  })

  it('refuses a relative url in a JSON lines record, naming the line', async () => {
    const { articles, warnings } = await loadArticles(
      folderWith({
        'news.jsonl':
          '{"title":"One","text":"One text.","url":"https://www.pellham-post.example/one"}\n' +
          '{"title":"Two","text":"Two text.","url":"two.html"}\n',
      }),
    )
    expect(articles.map((a) => [a.title, a.url])).toEqual([
      ['One', 'https://www.pellham-post.example/one'],
      ['Two', null],
    ])
    expect(warnings.map((w) => w.file)).toEqual(['news.jsonl line 2'])
  })
})

describe('bad records', () => {
  it('skips one bad line of a JSON lines file with a warning naming it, and loads the rest', async () => {
    const { articles, warnings } = await loadArticles(
      folderWith({
        'news.jsonl': [
          '{"title":"One","text":"One text."}',
          '{"title":"Two","text":',
          '{"text":"Three has no title."}',
          '["not an object"]',
          '{"title":"Five","text":""}',
          '{"title":"Six","text":"Six text."}',
        ].join('\n'),
      }),
    )
    expect(articles.map((a) => a.title)).toEqual(['One', 'Six'])
    const said = warnings.map((w) => `${w.file}: ${w.reason}`)
    expect(said).toHaveLength(4)
    expect(said[0]).toMatch(/^news\.jsonl line 2: .*JSON/)
    expect(said[1]).toMatch(/^news\.jsonl line 3: .*title/)
    expect(said[2]).toMatch(/^news\.jsonl line 4: .*object/)
    expect(said[3]).toMatch(/^news\.jsonl line 5: .*text/)
  })

  it('skips one bad item of a JSON array with a warning naming it, and loads the rest', async () => {
    const { articles, warnings } = await loadArticles(
      folderWith({
        'news.json': JSON.stringify([
          { title: 'One', text: 'One text.' },
          'not an object',
          { title: 'Three' },
          { title: 'Four', text: 'Four text.' },
        ]),
      }),
    )
    expect(articles.map((a) => a.title)).toEqual(['One', 'Four'])
    expect(warnings.map((w) => w.file)).toEqual(['news.json item 2', 'news.json item 3'])
  })
})

describe('notes files in the articles folder', () => {
  it('skips README.md and other notes files without front matter, in a debug line, not a warning', async () => {
    const logger = recordingLogger()
    const dir = folderWith({
      'README.md': '# Our articles\n\nDrop scraped pages here. One file per article.\n',
      'NOTES.md': 'Notes\n\nAsk Jane about the harbour follow-up.\n',
      'CHANGELOG.md': 'Changelog\n\nAdded the harbour story.\n',
      LICENSE: 'All rights reserved by the Pellham Post.\n',
      'LICENSE.txt': 'All rights reserved by the Pellham Post.\n',
      '.draft.md': 'Draft\n\nNot ready yet.\n',
      'harbour.txt': page('Harbour reopens after repairs', ...BODY),
      'archive/notes.md': `---\ntitle: Ferry fares to rise\n---\nFerry fares will rise in spring, the operator said.\n`,
    })
    const { articles, warnings } = await loadArticles(dir, logger)
    expect(articles.map((a) => a.title).sort()).toEqual(['Ferry fares to rise', 'Harbour reopens after repairs'])
    expect(warnings).toEqual([])
    expect(logger.warnings).toEqual([])
    const debug = logger.lines.filter((l) => l.startsWith('debug ')).join('\n')
    for (const name of ['README.md', 'NOTES.md', 'CHANGELOG.md', 'LICENSE', 'LICENSE.txt'])
      expect(debug).toContain(name)
  })
})
