// Reading articles never fails on what a file may hold: hostile text, odd markup, wrong JSON
// types. A bad file is a warning, never an exception, and what is read is well-formed.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Article } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import { fromHtml } from '../../src/ingest/html.js'
import { fromText, readArticleFile } from '../../src/ingest/load.js'
import { tempDir } from '../support/temp-dir.js'
import { articleRecord, hostileText, LONE_SURROGATE, longLine, SEED, stringsOf, wellFormedText } from './arbitraries.js'

/** What every article must be, however it was read. */
function checkArticle(a: Article): void {
  expect(typeof a.id).toBe('string')
  expect(typeof a.title).toBe('string')
  expect(a.text).toBe(a.paragraphs.join('\n\n'))
  for (const p of a.paragraphs) {
    expect(p.length).toBeGreaterThan(0)
    expect(a.text.includes(p)).toBe(true)
  }
  expect(a.url === null || /^https?:\/\/\S+$/i.test(a.url)).toBe(true)
  expect(a.published === null || /^\d{4}-\d{2}-\d{2}$/.test(a.published)).toBe(true)
}

/** A text file as people save them: maybe front matter, a headline, paragraphs, a byline. */
const textFile = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.option(fc.tuple(text, text, text), { nil: undefined }),
      text,
      fc.array(fc.oneof(text, longLine(3000)), { maxLength: 6 }),
      fc.constantFrom('\n\n', '\n', '\r\n\r\n', '\r'),
    )
    .map(([front, title, paragraphs, gap]) => {
      const fm = front === undefined ? '' : `---\ntitle: ${front[0]}\noutlet: ${front[1]}\nurl: ${front[2]}\n---\n`
      return `${fm}${title}${gap}${paragraphs.join(gap)}`
    })

/** A saved page: the hostile text in the title, meta tags, JSON-LD, headings and paragraphs. */
const htmlPage = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(text, text, fc.array(text, { minLength: 1, maxLength: 6 }), fc.boolean())
    .map(([title, site, paragraphs, ld]) => {
      const json = JSON.stringify({ '@type': 'NewsArticle', headline: title, publisher: { name: site } })
      return (
        `<!doctype html><html><head><title>${title} | ${site}</title>` +
        `<meta property="og:site_name" content="${site.replace(/"/g, '&quot;')}">` +
        (ld ? `<script type="application/ld+json">${json}</script>` : '') +
        `</head><body><nav>${site}</nav><article><h1>${title}</h1>` +
        paragraphs.map((p) => `<p>${p}</p>`).join('') +
        '</article></body></html>'
      )
    })

describe('ingest over hostile input', () => {
  it('fromText never throws, and makes a well-formed article of well-formed text', () => {
    fc.assert(
      fc.property(textFile(wellFormedText(20)), (file) => {
        const article = makeArticle(fromText(file), 'p')
        checkArticle(article)
        // Cleaning a page cuts nothing in half: no lone surrogate comes out of whole characters.
        expect(stringsOf(article).filter((s) => LONE_SURROGATE.test(s))).toEqual([])
      }),
      { seed: SEED, numRuns: 150 },
    )
    fc.assert(
      fc.property(textFile(hostileText(20)), (file) => {
        checkArticle(makeArticle(fromText(file), 'p'))
      }),
      { seed: SEED, numRuns: 100 },
    )
  })

  it('fromHtml never throws: an article record or the reason there is none', () => {
    fc.assert(
      fc.property(fc.oneof(htmlPage(hostileText(15)), hostileText(30)), (page) => {
        const read = fromHtml(page, 'page.html')
        if (typeof read === 'string') expect(read.length).toBeGreaterThan(0)
        else checkArticle(makeArticle(read, 'p'))
      }),
      { seed: SEED, numRuns: 60 },
    )
  })

  it('makeArticle keeps every paragraph as a slice of the text', () => {
    fc.assert(
      fc.property(articleRecord(hostileText(15)), (record) => {
        checkArticle(makeArticle(record, 'p'))
      }),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('a JSON file with fields of the wrong types is a warning, never an exception', async () => {
    const dir = tempDir()
    const field = fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileText(10), fc.constant(undefined))
    const record = fc.record(
      { title: field, text: fc.oneof(field, wellFormedText(20)), outlet: field, url: field, published: field },
      { requiredKeys: [] },
    )
    const content = fc.oneof(
      record.map((r) => JSON.stringify(r)),
      fc.array(fc.oneof(record, fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 }).map((a) => JSON.stringify(a)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
      hostileText(20),
    )
    await fc.assert(
      fc.asyncProperty(content, fc.constantFrom('a.json', 'b.jsonl'), async (text, name) => {
        const path = join(dir, name)
        const body = name.endsWith('.jsonl')
          ? text
              .replace(/^\[|\]$/g, '')
              .split(/,(?=\{)/)
              .join('\n')
          : text
        writeFileSync(path, body)
        const read = await readArticleFile(dir, path)
        for (const { article } of read.articles) checkArticle(article)
        for (const w of read.warnings) expect(typeof w.reason).toBe('string')
      }),
      { seed: SEED, numRuns: 120 },
    )
  })

  it('a 1 MB line, and a 20 MB one, are read as text', () => {
    const family = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}'
    const sentence = `The harbour council approved ${family} a pier, \u201cwe will build,\u201d Maren Ostrova said. `
    const mb = sentence.repeat(Math.ceil(1_000_000 / sentence.length))
    const article = makeArticle(fromText(`Headline\n\n${mb}\n\nLast paragraph.`), 'big')
    checkArticle(article)
    expect(article.text.length).toBeGreaterThan(1_000_000)
    const html = fromHtml(`<html><body><article><h1>T</h1><p>${mb}</p></article></body></html>`, 'big.html')
    expect(typeof html).toBe('object')
    // 20 MB once, with no sentence end at all: one line the cleaner must not choke on.
    const huge = makeArticle(fromText(`Headline\n\n${'x'.repeat(20_000_000)}`), 'huge')
    expect(huge.text.length).toBe(20_000_000)
  })
})
