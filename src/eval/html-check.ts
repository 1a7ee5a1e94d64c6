// `npm run eval:html [-- DIR]`
// Measures the two readers of a news page on hand-labelled pages: each `NAME.html` in DIR
// (default test/fixtures/html) or a sub-folder of it (extra/: more pages, kept apart from the
// twelve that test/engine/html.test.ts checks) beside a `NAME.expected.json` of {title, outlet,
// url, published, author, body: [paragraphs], captions: [...]}.
//  - HTML: the saved-page reader (src/ingest/html.ts) on the page itself.
//  - Plain text: the text a person gets from the page with "select all, copy" in a browser
//    (src/eval/select-all.ts), read as a .txt file is (`fromText`, src/ingest/scraped-text.ts).
//    Such a copy holds no <meta> tags, so some metadata cannot be the page's: an optional
//    `NAME.text-expected.json` gives the fields whose right value differs for the copy (`url`
//    null when the address is not in the visible text, `published` as the visible text states
//    it), read off the visible page by hand. The body to find is the same.
// Reports, per format, body-sentence precision and recall (sentences of the extracted body
// against those of the expected body, exact after white space is normalised, each sentence
// counted as often as it occurs) and, per metadata field, the share of pages where it equals the
// expected value (null included), overall and per page; then the totals of each format, for all
// the pages and for each folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ArticleRecord, makeArticle } from '../ingest/article.js'
import { fromHtml } from '../ingest/html.js'
import { fromText } from '../ingest/load.js'
import { splitSentences } from '../text/sentences.js'
import type { Article } from '../types.js'
import { selectAllText } from './select-all.js'

const FIELDS = ['title', 'outlet', 'url', 'published', 'author'] as const
type Field = (typeof FIELDS)[number]

interface Expected extends Record<Field, string | null> {
  body: string[]
  captions: string[]
}

// The repository this script belongs to (dist/src/eval/ or src/eval/ below it), wherever it is run from.
const REPO = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  import.meta.url.includes('/dist/') ? '../../..' : '../..',
)

const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim()

/** The sentences of some paragraphs, white space normalised, with how often each occurs. */
function sentences(paragraphs: string[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const p of paragraphs) {
    for (const { start, end } of splitSentences(p)) {
      const s = normalise(p.slice(start, end))
      if (s !== '') out.set(s, (out.get(s) ?? 0) + 1)
    }
  }
  return out
}

const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0)

function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0
  for (const [s, k] of a) n += Math.min(k, b.get(s) ?? 0)
  return n
}

const pct = (n: number, d: number): string => (d === 0 ? '  n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`)

/** One way of reading a page: its name in the report, and the article record it yields. */
interface Format {
  name: string
  /** The file of metadata that differs for this format (`NAME` + this), read over `NAME.expected.json`. */
  override: string | null
  read: (html: string, page: string) => ArticleRecord | string
}

const FORMATS: Format[] = [
  { name: 'HTML', override: null, read: (html, page) => fromHtml(html, page) },
  {
    name: 'Plain text (select-all copy)',
    override: '.text-expected.json',
    read: (html) => fromText(selectAllText(html)),
  },
]

/** What one format scored on some pages. */
interface Score {
  extracted: number
  expected: number
  matched: number
  right: Record<Field, number>
  pages: number
}

const noScore = (): Score => ({
  extracted: 0,
  expected: 0,
  matched: 0,
  right: { title: 0, outlet: 0, url: 0, published: 0, author: 0 },
  pages: 0,
})

function add(a: Score, b: Score): Score {
  const right = { ...a.right }
  for (const f of FIELDS) right[f] += b.right[f]
  const sum = (k: 'extracted' | 'expected' | 'matched' | 'pages'): number => a[k] + b[k]
  return { extracted: sum('extracted'), expected: sum('expected'), matched: sum('matched'), right, pages: sum('pages') }
}

const allRight = (score: Score): number => FIELDS.reduce((n, f) => n + score.right[f], 0)

/** Reads every page in one format, prints a row per page and the differences; the score of each page. */
function measure(format: Format, dir: string, pages: string[]): Score[] {
  const scores: Score[] = []
  const misses: string[] = []
  console.log(`${format.name}: ${pages.length} pages in ${dir}\n`)
  console.log(`${'page'.padEnd(40)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}  metadata`)
  for (const page of pages) {
    const stem = page.replace(/\.html?$/i, '')
    let want = JSON.parse(readFileSync(join(dir, `${stem}.expected.json`), 'utf8')) as Expected
    const override = format.override === null ? null : join(dir, `${stem}${format.override}`)
    if (override !== null && existsSync(override)) {
      want = { ...want, ...(JSON.parse(readFileSync(override, 'utf8')) as Partial<Expected>) }
    }
    const record = format.read(readFileSync(join(dir, page), 'utf8'), page)
    const got: Article | null = typeof record === 'string' ? null : makeArticle(record, page)
    const gotSentences = sentences(got?.paragraphs ?? [])
    const wantSentences = sentences(want.body)
    const score = noScore()
    score.pages = 1
    score.matched = overlap(gotSentences, wantSentences)
    score.extracted = total(gotSentences)
    score.expected = total(wantSentences)
    const fields = FIELDS.map((f) => {
      const ok = got !== null && got[f] === want[f]
      if (ok) score.right[f]++
      else misses.push(`  ${page} ${f}: got ${JSON.stringify(got?.[f] ?? null)}, expected ${JSON.stringify(want[f])}`)
      return ok ? f : `${f}✗`
    })
    scores.push(score)
    if (typeof record === 'string') misses.push(`  ${page}: not read (${record})`)
    for (const [s] of gotSentences) if (!wantSentences.has(s)) misses.push(`  ${page} extra: ${s.slice(0, 100)}`)
    for (const [s] of wantSentences) if (!gotSentences.has(s)) misses.push(`  ${page} missing: ${s.slice(0, 100)}`)
    const [precision, recall] = [pct(score.matched, score.extracted), pct(score.matched, score.expected)]
    console.log(`${page.padEnd(40)} ${precision.padStart(9)} ${recall.padStart(7)}  ${fields.join(' ')}`)
  }
  const sum = scores.reduce(add, noScore())
  console.log(`\nBody sentences: precision ${pct(sum.matched, sum.extracted)} (${sum.matched}/${sum.extracted}),`)
  console.log(`                recall    ${pct(sum.matched, sum.expected)} (${sum.matched}/${sum.expected})`)
  console.log('Metadata accuracy:')
  for (const f of FIELDS)
    console.log(`  ${f.padEnd(10)} ${pct(sum.right[f], sum.pages)} (${sum.right[f]}/${sum.pages})`)
  const all = allRight(sum)
  console.log(`  ${'all'.padEnd(10)} ${pct(all, sum.pages * FIELDS.length)} (${all}/${sum.pages * FIELDS.length})`)
  if (misses.length > 0) console.log(`\nDifferences:\n${misses.join('\n')}`)
  return scores
}

/** One line of totals: "body precision X% (m/n) recall Y% (m/n), metadata a/b (title …)". */
function totals(score: Score): string {
  const fields = FIELDS.map((f) => `${f} ${score.right[f]}/${score.pages}`).join(', ')
  return (
    `body precision ${pct(score.matched, score.extracted).trim()} (${score.matched}/${score.extracted}) ` +
    `recall ${pct(score.matched, score.expected).trim()} (${score.matched}/${score.expected}), ` +
    `metadata ${allRight(score)}/${score.pages * FIELDS.length} (${fields})`
  )
}

/** The .html pages under `dir`, sub-folders included, as paths relative to it. */
function findPages(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true })
    .flatMap((e) => {
      const path = under === '' ? e.name : `${under}/${e.name}`
      if (e.isDirectory()) return findPages(dir, path)
      return e.isFile() && /\.html?$/i.test(e.name) ? [path] : []
    })
    .sort()
}

function main(argv: string[]): number {
  const dir = resolve(argv[0] ?? join(REPO, 'test/fixtures/html'))
  const pages = findPages(dir)
  if (pages.length === 0) {
    console.error(`Newsdesk: no .html pages in ${dir}`)
    return 1
  }
  const results = FORMATS.map((format, i) => {
    if (i > 0) console.log(`\n${'-'.repeat(78)}\n`)
    return { format, scores: measure(format, dir, pages) }
  })
  // Totals over all the pages, and apart for each folder when the pages are in more than one.
  const folderOf = (page: string): string => (page.includes('/') ? page.slice(0, page.lastIndexOf('/')) : '.')
  const folders = [...new Set(pages.map(folderOf))]
  console.log(`\n${'='.repeat(78)}\nTotals over ${pages.length} pages:`)
  for (const { format, scores } of results) console.log(`  ${format.name}: ${totals(scores.reduce(add, noScore()))}`)
  if (folders.length > 1) {
    for (const folder of folders) {
      const inFolder = pages.map((p, i) => (folderOf(p) === folder ? i : -1)).filter((i) => i >= 0)
      console.log(`Pages in ${folder === '.' ? dir : join(dir, folder)} (${inFolder.length}):`)
      for (const { format, scores } of results) {
        console.log(`  ${format.name}: ${totals(inFolder.map((i) => scores[i]).reduce(add, noScore()))}`)
      }
    }
  }
  return 0
}

process.exitCode = main(process.argv.slice(2))
