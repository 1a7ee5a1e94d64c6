import fc from 'fast-check'
import MiniSearch from 'minisearch'
import { describe, expect, it } from 'vitest'
import {
  ArticlePostings,
  type ArticleTerms,
  ScoreScratch,
  type TopArticlesOptions,
} from '../../src/search/article-postings.js'

// Stage one scores over its own flat postings; it must rank exactly as MiniSearch's `search`
// does over the same articles (same articles, same order, same scores), for any corpus and
// query, and go on doing so as articles are added and discarded and after a save.
const WORDS = ['port', 'storm', 'bridge', 'mayor', 'quay', 'crane', 'ship', 'vote', 'rain', 'tax', 'harbour', 'grain']
const COMMON = new Set(['rain', 'tax'])
const word = fc.constantFrom(...WORDS)
const doc = fc.record({
  title: fc.uniqueArray(word, { minLength: 0, maxLength: 4 }),
  body: fc.array(word, { minLength: 0, maxLength: 30 }),
})
type Doc = { title: string[]; body: string[] }
const options = fc.record({
  titleBoost: fc.constantFrom(1, 1.5, 2, 3),
  k: fc.constantFrom(0.9, 1.2, 1.5),
  b: fc.constantFrom(0.5, 0.7, 0.75),
  d: fc.constantFrom(0, 0.5, 1),
})
const query = fc.uniqueArray(fc.record({ term: word, weight: fc.constantFrom(0, 0.3, 1, 1.7, 2.5) }), {
  selector: (t) => t.term,
  minLength: 1,
  maxLength: 5,
})
type Query = Array<{ term: string; weight: number }>

const id = (w: string): number => WORDS.indexOf(w)
const leftOut = Uint8Array.from(WORDS, (w) => (COMMON.has(w) ? 1 : 0))
const isLeftOut = (t: number): boolean => leftOut[t] === 1

function terms(docs: Doc[]): ArticleTerms {
  return {
    articles: docs.length,
    vocabulary: WORDS.length,
    title: (a) => docs[a].title.map(id),
    body: (a) => docs[a].body.map(id),
    leftOut,
  }
}

function miniSearch(docs: Doc[]): MiniSearch<{ id: number; title: string; terms: string }> {
  const ms = new MiniSearch<{ id: number; title: string; terms: string }>({
    fields: ['title', 'terms'],
    storeFields: [],
    tokenize: (s: string) => s.split(' '),
    processTerm: (t: string) => (t === '' ? null : t),
  })
  docs.forEach((d, a) => {
    ms.add({ id: a, title: d.title.join(' '), terms: d.body.filter((w) => !COMMON.has(w)).join(' ') })
  })
  return ms
}

function reference(
  ms: MiniSearch<{ id: number; title: string; terms: string }>,
  q: Query,
  limit: number,
  o: TopArticlesOptions,
): Array<{ article: number; score: number }> {
  const weights = new Map(q.map((t) => [t.term, t.weight]))
  return ms
    .search(q.map((t) => t.term).join(' '), {
      combineWith: 'OR',
      boost: { title: o.titleBoost },
      bm25: { k: o.k, b: o.b, d: o.d },
      boostTerm: (t: string) => weights.get(t) ?? 1,
      tokenize: (s: string) => s.split(' '),
      processTerm: (t: string) => t,
    })
    .slice(0, limit)
    .map((r) => ({ article: r.id as number, score: r.score }))
}

const top = (p: ArticlePostings, q: Query, limit: number, o: TopArticlesOptions, scratch: ScoreScratch) =>
  p.top(
    q.map((t) => ({ id: id(t.term), weight: t.weight })),
    limit,
    o,
    scratch,
  )

describe('stage one over flat postings', () => {
  it('ranks exactly as MiniSearch search does', () => {
    const scratch = new ScoreScratch()
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 60 }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 25 }),
        options,
        (docs, queries, limit, o) => {
          const ms = miniSearch(docs)
          const postings = ArticlePostings.build(terms(docs))
          for (const q of queries) expect(top(postings, q, limit, o, scratch)).toEqual(reference(ms, q, limit, o))
        },
      ),
      { seed: 20261201, numRuns: 200 },
    )
  })

  it('ranks as MiniSearch does after articles are discarded and added, and after a save', async () => {
    const scratch = new ScoreScratch()
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { minLength: 3, maxLength: 40 }),
        fc.array(doc, { minLength: 1, maxLength: 10 }),
        fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 6 }),
        query,
        options,
        async (docs, more, gone, q, o) => {
          const ms = miniSearch(docs)
          const postings = ArticlePostings.build(terms(docs))
          const all = [...docs, ...more]
          more.forEach((d, i) => {
            const a = docs.length + i
            ms.add({ id: a, title: d.title.join(' '), terms: d.body.filter((w) => !COMMON.has(w)).join(' ') })
            postings.add(a, d.title.map(id), d.body.map(id), isLeftOut)
          })
          const discarded = [...new Set(gone.map((n) => n % all.length))]
          for (const a of discarded) {
            ms.discard(a)
            postings.discard(a, all[a].title.map(id), all[a].body.map(id), isLeftOut)
          }
          await ms.vacuum()
          const expected = reference(ms, q, 10, o)
          expect(top(postings, q, 10, o, scratch)).toEqual(expected)
          const restored = ArticlePostings.fromSaved(postings.save(WORDS.length), all.length, discarded)
          expect(top(restored, q, 10, o, scratch)).toEqual(expected)
        },
      ),
      { seed: 7, numRuns: 150 },
    )
  })

  it('refuses saved postings that point outside the articles', () => {
    const docs: Doc[] = [
      { title: ['port'], body: ['storm', 'ship'] },
      { title: [], body: ['ship'] },
    ]
    const saved = ArticlePostings.build(terms(docs)).save(WORDS.length)
    const docsOut = Int32Array.from(saved.docs)
    docsOut[0] = 7
    expect(() => ArticlePostings.fromSaved({ ...saved, docs: docsOut }, 2, [])).toThrow(/damaged/)
    const backwards = Int32Array.from(saved.offsets)
    backwards[3] = backwards[4] + 1
    expect(() => ArticlePostings.fromSaved({ ...saved, offsets: backwards }, 2, [])).toThrow(/damaged/)
    expect(() => ArticlePostings.fromSaved(saved, 3, [])).toThrow(/damaged/)
  })
})
