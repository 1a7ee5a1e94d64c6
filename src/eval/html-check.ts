// `npm run eval:html [-- DIR]`
// Measures the saved-page reader (src/ingest/html.ts) on hand-labelled pages: each `NAME.html` in
// DIR (default test/fixtures/html) beside a `NAME.expected.json` of {title, outlet, url,
// published, author, body: [paragraphs], captions: [...]}. Reports body-sentence precision and
// recall (sentences of the extracted body against those of the expected body, exact after white
// space is normalised, each sentence counted as often as it occurs) and, per metadata field, the
// share of pages where it equals the expected value (null included), overall and per page.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { makeArticle } from '../ingest/article.js'
import { fromHtml } from '../ingest/html.js'
import { splitSentences } from '../text/sentences.js'
import type { Article } from '../types.js'

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

function main(argv: string[]): number {
  const dir = resolve(argv[0] ?? join(REPO, 'test/fixtures/html'))
  const pages = readdirSync(dir)
    .filter((f) => /\.html?$/i.test(f))
    .sort()
  if (pages.length === 0) {
    console.error(`Newsdesk: no .html pages in ${dir}`)
    return 1
  }
  let extracted = 0
  let expected = 0
  let matched = 0
  const right: Record<Field, number> = { title: 0, outlet: 0, url: 0, published: 0, author: 0 }
  const misses: string[] = []
  console.log(`Saved-page reader on ${pages.length} pages in ${dir}\n`)
  console.log(`${'page'.padEnd(40)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}  metadata`)
  for (const page of pages) {
    const want = JSON.parse(readFileSync(join(dir, page.replace(/\.html?$/i, '.expected.json')), 'utf8')) as Expected
    const record = fromHtml(readFileSync(join(dir, page), 'utf8'), page)
    const got: Article | null = typeof record === 'string' ? null : makeArticle(record, page)
    const gotSentences = sentences(got?.paragraphs ?? [])
    const wantSentences = sentences(want.body)
    const hit = overlap(gotSentences, wantSentences)
    extracted += total(gotSentences)
    expected += total(wantSentences)
    matched += hit
    const fields = FIELDS.map((f) => {
      const ok = got !== null && got[f] === want[f]
      if (ok) right[f]++
      else misses.push(`  ${page} ${f}: got ${JSON.stringify(got?.[f] ?? null)}, expected ${JSON.stringify(want[f])}`)
      return ok ? f : `${f}✗`
    })
    if (typeof record === 'string') misses.push(`  ${page}: not read (${record})`)
    for (const [s] of gotSentences) if (!wantSentences.has(s)) misses.push(`  ${page} extra: ${s.slice(0, 100)}`)
    for (const [s] of wantSentences) if (!gotSentences.has(s)) misses.push(`  ${page} missing: ${s.slice(0, 100)}`)
    console.log(
      [page.padEnd(40), pct(hit, total(gotSentences)).padStart(9), pct(hit, total(wantSentences)).padStart(7)].join(
        ' ',
      ) + `  ${fields.join(' ')}`,
    )
  }
  console.log(`\nBody sentences: precision ${pct(matched, extracted)} (${matched}/${extracted}),`)
  console.log(`                recall    ${pct(matched, expected)} (${matched}/${expected})`)
  console.log('Metadata accuracy:')
  for (const f of FIELDS) console.log(`  ${f.padEnd(10)} ${pct(right[f], pages.length)} (${right[f]}/${pages.length})`)
  const all = FIELDS.reduce((n, f) => n + right[f], 0)
  console.log(
    `  ${'all'.padEnd(10)} ${pct(all, pages.length * FIELDS.length)} (${all}/${pages.length * FIELDS.length})`,
  )
  if (misses.length > 0) console.log(`\nDifferences:\n${misses.join('\n')}`)
  return 0
}

process.exitCode = main(process.argv.slice(2))
