import fc from 'fast-check'
import MiniSearch from 'minisearch'
import { describe, expect, it } from 'vitest'
import { ScoreScratch, topArticles } from '../../src/search/top-articles.js'

// Stage one scores over MiniSearch's postings itself; it must rank exactly as MiniSearch's own
// `search` does (same ids, same order, same scores) for any corpus and any query.
const WORDS = ['port', 'storm', 'bridge', 'mayor', 'quay', 'crane', 'ship', 'vote', 'rain', 'tax', 'harbour', 'grain']
const word = fc.constantFrom(...WORDS)
const doc = fc.record({
  title: fc.array(word, { minLength: 0, maxLength: 4 }).map((w) => w.join(' ')),
  terms: fc.array(word, { minLength: 1, maxLength: 30 }).map((w) => w.join(' ')),
})
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

function index(
  docs: Array<{ title: string; terms: string }>,
): MiniSearch<{ id: number; title: string; terms: string }> {
  const ms = new MiniSearch<{ id: number; title: string; terms: string }>({
    fields: ['title', 'terms'],
    storeFields: [],
    tokenize: (s: string) => s.split(' '),
    processTerm: (t: string) => (t === '' ? null : t),
  })
  ms.addAll(docs.map((d, i) => ({ id: i * 3 + 1, ...d })))
  return ms
}

function miniSearch(
  ms: MiniSearch<{ id: number; title: string; terms: string }>,
  terms: Array<{ term: string; weight: number }>,
  limit: number,
  o: { titleBoost: number; k: number; b: number; d: number },
): Array<{ id: number; score: number }> {
  const weights = new Map(terms.map((t) => [t.term, t.weight]))
  return ms
    .search(terms.map((t) => t.term).join(' '), {
      combineWith: 'OR',
      boost: { title: o.titleBoost },
      bm25: { k: o.k, b: o.b, d: o.d },
      boostTerm: (t: string) => weights.get(t) ?? 1,
      tokenize: (s: string) => s.split(' '),
      processTerm: (t: string) => t,
    })
    .slice(0, limit)
    .map((r) => ({ id: r.id as number, score: r.score }))
}

describe('stage one over MiniSearch postings', () => {
  it('ranks exactly as MiniSearch search does', () => {
    const scratch = new ScoreScratch()
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 60 }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 25 }),
        options,
        (docs, queries, limit, o) => {
          const ms = index(docs)
          for (const q of queries) expect(topArticles(ms, q, limit, o, scratch)).toEqual(miniSearch(ms, q, limit, o))
        },
      ),
      { seed: 20261201, numRuns: 200 },
    )
  })

  it('leaves a query that meets a discarded document to MiniSearch, and ranks as it does once it has cleaned up', () => {
    const scratch = new ScoreScratch()
    fc.assert(
      fc.property(fc.array(doc, { minLength: 3, maxLength: 40 }), query, options, (docs, q, o) => {
        const ms = index(docs)
        ms.discard(1)
        const first = topArticles(ms, q, 10, o, scratch)
        const reference = miniSearch(ms, q, 10, o)
        // Either it met the discarded posting (null: MiniSearch answers) or it ranks the same.
        if (first !== null) expect(first).toEqual(reference)
      }),
      { seed: 7, numRuns: 100 },
    )
  })

  it('after a vacuum, ranks exactly as MiniSearch does again', async () => {
    const scratch = new ScoreScratch()
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { minLength: 3, maxLength: 40 }), query, options, async (docs, q, o) => {
        const ms = index(docs)
        ms.discard(1)
        await ms.vacuum()
        expect(topArticles(ms, q, 10, o, scratch)).toEqual(miniSearch(ms, q, 10, o))
      }),
      { seed: 7, numRuns: 100 },
    )
  })
})
