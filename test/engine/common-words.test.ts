// The common-word search: words in more than `commonLimit` articles are kept out of MiniSearch and
// searched from their own postings when a query holds nothing rarer (CorpusIndex.searchArticles).
import { describe, expect, it } from 'vitest'
import { analyseQuestion } from '../../src/answer/question.js'
import { rankPassages } from '../../src/answer/rank-passages.js'
import { Newsdesk } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import { type ArticleHit, CorpusIndex, type IndexOptions } from '../../src/search/corpus-index.js'
import { DEFAULT_TUNING, resolveTuning } from '../../src/tuning.js'
import type { Article } from '../../src/types.js'

const article = (id: string, title: string, text: string): Article => makeArticle({ id, title, text }, id)

// Article frequencies: council 5 (quay … fair), harbour 4 (quay … storm), market 3 (stalls, fish,
// rain), weather 2, lantern 1. With a limit of 2 articles, council, harbour and market are common.
const CORPUS = [
  article(
    'quay',
    'Harbour council lights the lantern',
    'The harbour council lit the old lantern on the quay. Council members cheered from the steps.',
  ),
  article('stalls', 'Early start for traders', 'The harbour market opened early. The council inspected the stalls.'),
  article('fish', 'Fish prices rise', 'Fish prices at the harbour market rose. The council blamed the weather.'),
  article('storm', 'Storm warning issued', 'A storm closed the harbour for a day. The council issued a warning.'),
  article('fair', 'Flower fair moves', 'The flower fair moved to the square. The council approved the move.'),
  article('rain', 'Rain sends traders home', 'Rain closed the market early. The weather kept buyers away.'),
]

const SMALL: IndexOptions = { commonShare: 0, commonArticles: 2, minParagraphs: 10 }
const SEARCH = { titleBoost: DEFAULT_TUNING.titleBoost, k: DEFAULT_TUNING.bm25k, b: DEFAULT_TUNING.bm25b, d: 0 }

const INDEX = CorpusIndex.build(CORPUS, SMALL)
const search = (terms: Array<[string, number]>, limit = 10, index = INDEX): ArticleHit[] =>
  index.searchArticles(
    terms.map(([term, weight]) => ({ term, weight })),
    limit,
    SEARCH,
  )
const ids = (hits: ArticleHit[], index = INDEX): string[] => hits.map((h) => index.articles[h.article].id)

function expectWellFormed(hits: ArticleHit[]): void {
  expect(new Set(hits.map((h) => h.article)).size).toBe(hits.length)
  for (const h of hits) expect(h.score).toBeGreaterThan(0)
  for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score)
}

describe('which words are common', () => {
  it('counts as common the words in more than max(commonArticles, commonShare × articles) articles', () => {
    expect(INDEX.commonLimit).toBe(2)
    expect(CorpusIndex.build(CORPUS, { commonShare: 0.5, commonArticles: 1, minParagraphs: 10 }).commonLimit).toBe(3)
    expect(CorpusIndex.build(CORPUS, { ...SMALL, commonArticles: 1000 }).commonLimit).toBe(1000)
  })

  it('holds the article frequencies the tests below rely on', () => {
    const df = (term: string): number => INDEX.articleDf(INDEX.termId(term)!)
    expect([df('council'), df('harbour'), df('market'), df('weather'), df('lantern')]).toEqual([5, 4, 3, 2, 1])
  })
})

describe('searchArticles with common words only', () => {
  it('finds every article holding the word, each once, best first', () => {
    const hits = search([['council', 1]])
    expectWellFormed(hits)
    expect(ids(hits).sort()).toEqual(['fair', 'fish', 'quay', 'stalls', 'storm'])
    // Twice in the body and once in the title.
    expect(ids(hits)[0]).toBe('quay')
  })

  it('honours the limit, keeping the best', () => {
    const all = search([['council', 1]])
    for (const limit of [1, 2, 4]) {
      const top = search([['council', 1]], limit)
      expect(top).toHaveLength(limit)
      expect(top).toEqual(all.slice(0, limit))
    }
    expect(search([['council', 1]], 50)).toEqual(all)
  })

  it('adds up the scores of two common words', () => {
    const both = search([
      ['harbour', 1],
      ['market', 1],
    ])
    expectWellFormed(both)
    expect(ids(both).sort()).toEqual(['fish', 'quay', 'rain', 'stalls', 'storm'])
    // Articles holding both words come before those holding one.
    expect(ids(both).slice(0, 2).sort()).toEqual(['fish', 'stalls'])
  })

  it('searches by the rarest two words of the query only', () => {
    const hits = search([
      ['council', 1],
      ['harbour', 1],
      ['market', 1],
    ])
    expectWellFormed(hits)
    // "fair" holds only council, the most common of the three.
    expect(ids(hits)).not.toContain('fair')
    expect(ids(hits)).toContain('rain')
  })

  it('leaves the common words out when the query has a rarer one', () => {
    expect(
      ids(
        search([
          ['council', 1],
          ['lantern', 1],
        ]),
      ),
    ).toEqual(['quay'])
  })

  it('returns no article twice when a zero-weight word reached it first (regression)', () => {
    // market (rarer) is read first and adds nothing; council then reaches stalls and fish again.
    const hits = search([
      ['market', 0],
      ['council', 1],
    ])
    expectWellFormed(hits)
    expect(hits).toEqual(search([['council', 1]]))
  })

  it('returns nothing, and no article twice, for a query of zero-weight common words only', () => {
    expect(
      search([
        ['market', 0],
        ['harbour', 0],
      ]),
    ).toEqual([])
  })

  it('gives the same answer however many queries ran before (its score slots are cleared)', () => {
    const fresh = CorpusIndex.build(CORPUS, SMALL)
    const expected = search([['harbour', 1]], 10, fresh)
    search([['council', 1]], 1)
    search([
      ['market', 0],
      ['council', 1],
    ])
    search([['council', 1]], 3)
    expect(search([['harbour', 1]])).toEqual(expected)
    expect(search([['harbour', 1]])).toEqual(expected)
  })
})

describe('the answer pipeline over common words', () => {
  const tuning = resolveTuning({ commonArticles: 2, commonShare: 0, contextWeight: 0 })

  it('ranks each sentence once for a follow-up whose earlier words weigh nothing (regression)', () => {
    const { commonShare, commonArticles, minParagraphs } = tuning
    const index = CorpusIndex.build(CORPUS, { commonShare, commonArticles, minParagraphs })
    const query = analyseQuestion('and the council?', index, tuning, ['What about the market?'])
    expect(query.terms.map((t) => [t.term, t.fromContext])).toEqual([
      ['council', false],
      ['market', true],
    ])
    const ranked = rankPassages(index, query, tuning, { candidateArticles: 20 })
    expect(ranked.length).toBeGreaterThan(0)
    expect(new Set(ranked.map((r) => r.index)).size).toBe(ranked.length)
  })

  it('answers a question made of common words only, citing each article once', () => {
    const engine = Newsdesk.build(CORPUS, { tuning: { commonArticles: 2, commonShare: 0 } })
    const r = engine.ask('What about the harbour council?')
    expect(r.kind).toBe('answer')
    expect(r.excerpts[0].text).toBe('The harbour council lit the old lantern on the quay.')
    expect(new Set(r.articles.map((a) => a.id)).size).toBe(r.articles.length)
    const ranked = engine.rankArticles('harbour council')
    expect(ranked.length).toBeGreaterThan(1)
    expect(new Set(ranked.map((a) => a.id)).size).toBe(ranked.length)
  })
})
