import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeArticle } from '../../src/ingest/article.js'
import { bm25, idf, lengthNorm } from '../../src/search/bm25.js'
import { type ArticleHit, CorpusIndex } from '../../src/search/corpus-index.js'

// A question of common words only is answered from those words' postings, by its rarest two,
// scored with a reusable array and a best-`limit` selection (and title words marked from the
// title postings): the answer must be exactly the one scoring every posting one by one gives
// (articles, order, scores), whatever the corpus and the limit.
const WORDS = ['harbour', 'council', 'market', 'storm', 'quay', 'lantern']
const sentence = fc.array(fc.constantFrom(...WORDS, 'the', 'a', 'fish', 'boat'), { minLength: 3, maxLength: 12 })
const doc = fc.record({
  title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
  sentences: fc.array(sentence, { minLength: 1, maxLength: 4 }),
})
const SEARCH = { titleBoost: 2, k: 1.2, b: 0.75, d: 0 }

function everyPosting(index: CorpusIndex, terms: string[], limit: number): ArticleHit[] {
  const n = index.articleCount
  const avgLength = index.termCount / n
  const scores = new Map<number, number>()
  for (const term of terms) {
    const id = index.termId(term)
    if (id === undefined) continue
    const w = idf(n, index.articleDf(id))
    for (let a = 0; a < index.articles.length; a++) {
      let tf = 0
      for (let k = index.termStart(index.firstPassage(a)); k < index.termStart(index.firstPassage(a + 1)); k++) {
        if (index.termAt(k) === id) tf++
      }
      if (tf === 0) continue
      let s = bm25(w, Math.min(255, tf), lengthNorm(SEARCH.k, SEARCH.b, index.articleLength(a), avgLength), SEARCH.k)
      if (index.titleTermsOf(a).includes(id)) s += w * (SEARCH.titleBoost - 1)
      scores.set(a, (scores.get(a) ?? 0) + s)
    }
  }
  // Stable: among equal scores, the article met first (the rarer word's, then the other's).
  return [...scores]
    .map(([article, score]) => ({ article, score }))
    .sort((x, y) => y.score - x.score)
    .slice(0, limit)
}

describe('two common words', () => {
  it('rank exactly as scoring every posting does', () => {
    fc.assert(
      fc.property(fc.array(doc, { minLength: 4, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (docs, limit) => {
        const articles = docs.map((d, i) =>
          makeArticle({ title: d.title.join(' '), paragraphs: d.sentences.map((s) => `${s.join(' ')}.`) }, `a-${i}`),
        )
        // Every word in more than one article is common: only common words are asked.
        const index = CorpusIndex.build(articles, { commonShare: 0, commonArticles: 1, minParagraphs: 10 })
        const common = WORDS.filter((w) => {
          const id = index.termId(w)
          return id !== undefined && index.articleDf(id) > 1
        }).sort((x, y) => index.articleDf(index.termId(x)!) - index.articleDf(index.termId(y)!))
        if (common.length < 2) return
        const pair = common.slice(0, 2)
        const got = index.searchArticles(
          pair.map((term) => ({ term, weight: 1 })),
          limit,
          SEARCH,
        )
        expect(got).toEqual(everyPosting(index, pair, limit))
      }),
      { seed: 20261201, numRuns: 300 },
    )
  })
})
