// Each stage of the sentence ranking (src/answer/rank-passages.ts) on a tiny invented corpus.
import { describe, expect, it } from 'vitest'
import { analyseQuestion, type Query } from '../../src/answer/question.js'
import {
  articleSupport,
  bestWindow,
  type Credit,
  queryCredit,
  rankPassages,
  scoreParagraphs,
  scoreSentences,
} from '../../src/answer/rank-passages.js'
import { makeArticle } from '../../src/ingest/article.js'
import { bm25, lengthNorm } from '../../src/search/bm25.js'
import { type ArticleHit, CorpusIndex } from '../../src/search/corpus-index.js'
import { resolveTuning, type Tuning } from '../../src/tuning.js'
import type { Article } from '../../src/types.js'

const article = (id: string, title: string, paragraphs: string[]): Article => makeArticle({ id, title, paragraphs }, id)

// A small corpus really is small: IDF is taken over its own paragraphs, so rare words weigh more.
const TUNING = resolveTuning({ minParagraphs: 1 })

const CORPUS = [
  article('lighthouse', 'Lighthouse museum opens in Port Wenlow', [
    'The old lighthouse at Port Wenlow reopened on Saturday as a museum of coastal signalling. ' +
      'Volunteers spent two winters restoring the brass lantern.',
    'Visitors can climb the spiral stair to the lantern room. ' +
      'The harbour council expects four thousand visitors in the first season.',
    'Entry is free for children under twelve.',
  ]),
  article('herons', 'Herons come back to the old quarry', [
    'A heron nested by the harbour wall.',
    'A heron nested by the quarry wall.',
    'The heron returned to the quarry. It slept on a ledge.',
    'The heron returned to the marsh.',
  ]),
  article('pears', 'Pear growers report a record harvest', [
    'Orchards in the Tamsin valley picked 1,200 tonnes of pears this autumn, a record for the valley.',
    'Growers credit the mild spring and new frost netting. Prices at the harbour market fell slightly.',
  ]),
  article('ferry', 'Ferry to Skerrow paused', [
    'The ferry between Port Wenlow and Skerrow island was paused because a storm damaged the landing pier.',
    'Repairs to the pier should take three weeks, the harbour council said.',
  ]),
]

function indexOf(articles: Article[], tuning: Tuning = TUNING): CorpusIndex {
  const { commonShare, commonArticles, minParagraphs } = tuning
  return CorpusIndex.build(articles, { commonShare, commonArticles, minParagraphs })
}

const INDEX = indexOf(CORPUS)
const articleNo = (index: CorpusIndex, id: string): number => index.articles.findIndex((a) => a.id === id)

/** The sentence of the corpus whose text starts with `start`. */
function sentence(index: CorpusIndex, start: string): number {
  for (let p = 0; p < index.passageCount; p++) if (index.passageText(p).startsWith(start)) return p
  throw new Error(`no sentence starts with ${start}`)
}

/** Stage one and the first half of stage two, as rankPassages runs them. */
function stages(question: string, tuning: Tuning = TUNING, index: CorpusIndex = INDEX, features = false) {
  const query = analyseQuestion(question, index, tuning)
  const { credit, searchTerms } = queryCredit(index, query, tuning)
  const hits = index.searchArticles(searchTerms, 20, {
    titleBoost: tuning.titleBoost,
    k: tuning.bm25k,
    b: tuning.bm25b,
    d: tuning.bm25d,
  })
  const scored = scoreParagraphs(index, query, tuning, hits, credit, features)
  return { query, credit, searchTerms, hits, ...scored }
}

const termIndex = (query: Query, term: string): number => query.terms.findIndex((t) => t.term === term)

describe('queryCredit', () => {
  it('credits each known word of the question in full and searches for it at full weight', () => {
    const query = analyseQuestion('Who restored the brass lantern?', INDEX, TUNING)
    const { credit, searchTerms } = queryCredit(INDEX, query, TUNING)
    expect(query.terms.map((t) => t.term).sort()).toEqual(['brass', 'lantern', 'restor'])
    query.terms.forEach((t, i) => {
      expect(credit.get(t.id!)).toEqual({ term: i, factor: 1 })
    })
    expect(searchTerms).toEqual(query.terms.map((t) => ({ term: t.term, weight: 1 })))
  })

  it('credits the spelling variants of an unknown name at the variant discount', () => {
    const query = analyseQuestion('Skerow ferry', INDEX, TUNING)
    const { credit, searchTerms } = queryCredit(INDEX, query, TUNING)
    const skerrow = INDEX.termId('skerrow')!
    expect(query.terms.find((t) => t.term === 'skerow')?.id).toBeNull()
    expect(credit.get(skerrow)).toEqual({ term: termIndex(query, 'skerow'), factor: TUNING.variantDiscount })
    expect(searchTerms).toContainEqual({ term: 'skerrow', weight: TUNING.variantDiscount })
    // The unknown spelling itself is not searched for: no article holds it.
    expect(searchTerms.map((t) => t.term)).not.toContain('skerow')
  })

  it('searches for words of an earlier question at the context weight', () => {
    const query = analyseQuestion('and the pier?', INDEX, TUNING, ['Why was the Skerrow ferry paused?'])
    const { searchTerms } = queryCredit(INDEX, query, TUNING)
    expect(searchTerms).toContainEqual({ term: 'pier', weight: 1 })
    expect(searchTerms).toContainEqual({ term: 'skerrow', weight: TUNING.contextWeight })
    expect(searchTerms).toContainEqual({ term: 'ferri', weight: TUNING.contextWeight })
  })
})

describe('scoreParagraphs', () => {
  it('scores higher the paragraph holding more of the question words', () => {
    const { paragraphs } = stages('Who restored the brass lantern of the lighthouse?')
    const first = paragraphs.find((p) => p.first === sentence(INDEX, 'The old lighthouse'))!
    const second = paragraphs.find((p) => p.first === sentence(INDEX, 'Visitors can climb'))!
    expect(first.bm25).toBeGreaterThan(second.bm25)
  })

  it('scores higher, of two paragraphs alike but for one word, the one whose word is rarer', () => {
    // "harbour" is in four paragraphs of the corpus, "quarry" in two.
    expect(INDEX.paragraphDf(INDEX.termId('harbour')!)).toBeGreaterThan(INDEX.paragraphDf(INDEX.termId('quarri')!))
    const { paragraphs } = stages('Did a heron nest by the harbour or by the quarry?')
    const harbour = paragraphs.find((p) => p.first === sentence(INDEX, 'A heron nested by the harbour'))!
    const quarry = paragraphs.find((p) => p.first === sentence(INDEX, 'A heron nested by the quarry'))!
    expect(quarry.bm25).toBeGreaterThan(harbour.bm25)
  })

  it('scores only paragraphs of the candidate articles that hold a question word', () => {
    const { paragraphs } = stages('Who restored the brass lantern of the lighthouse?')
    const lighthouse = articleNo(INDEX, 'lighthouse')
    expect(paragraphs.length).toBeGreaterThan(0)
    for (const p of paragraphs) expect(INDEX.passage(p.first).article).toBe(lighthouse)
    // "Entry is free…" holds none of the words.
    expect(paragraphs.map((p) => p.first)).not.toContain(sentence(INDEX, 'Entry is free'))
  })

  it('leaves out articles that are not among the hits it is given', () => {
    const query = analyseQuestion('Where did the heron nest?', INDEX, TUNING)
    const { credit } = queryCredit(INDEX, query, TUNING)
    const hits: ArticleHit[] = [{ article: articleNo(INDEX, 'lighthouse'), score: 3 }]
    const { paragraphs, topSupport } = scoreParagraphs(INDEX, query, TUNING, hits, credit, false)
    expect(paragraphs).toEqual([])
    expect(topSupport).toBe(0)
  })

  it("normalises each article's stage-one score to the best hit and reports the best support", () => {
    const { hits, paragraphs, topSupport } = stages('Did the harbour council expect visitors at the pier?')
    expect(hits.length).toBeGreaterThan(1)
    const seen = new Map<number, number>()
    for (const p of paragraphs) seen.set(INDEX.passage(p.first).article, p.article.articleScore)
    expect(seen.get(hits[0].article)).toBe(1)
    for (const h of hits.slice(1)) {
      if (seen.has(h.article)) expect(seen.get(h.article)).toBeCloseTo(h.score / hits[0].score, 10)
    }
    expect(topSupport).toBe(Math.max(...paragraphs.map((p) => p.article.support)))
  })

  it("computes source's article features only when asked", () => {
    const without = stages('Why was the Skerrow ferry paused?')
    for (const p of without.paragraphs) expect(p.article.features).toBeNull()
    const withFeatures = stages('Why was the Skerrow ferry paused?', TUNING, INDEX, true)
    const ferry = withFeatures.paragraphs.find((p) => INDEX.passage(p.first).article === articleNo(INDEX, 'ferry'))!
    expect(ferry.article.features).not.toBeNull()
    expect(ferry.article.features!.flat).toBeGreaterThan(0)
    expect(ferry.article.features!.window).toBeGreaterThan(0)
  })

  it("measures the share of the question's neighbouring words the article holds side by side", () => {
    const featuresOf = (question: string, id: string) =>
      stages(question, TUNING, INDEX, true).paragraphs.find(
        (p) => INDEX.passage(p.first).article === articleNo(INDEX, id),
      )!.article.features!
    // "restoring the brass lantern": both pairs of the question, in its order.
    expect(featuresOf('Who restored the brass lantern?', 'lighthouse').pairs).toBe(1)
    // "ferry between Port Wenlow and Skerrow island was paused": neither "Skerrow ferry" nor "ferry paused".
    expect(featuresOf('Why was the Skerrow ferry paused?', 'ferry').pairs).toBe(0)
  })
})

describe('articleSupport', () => {
  const weights = [2, 1]
  const support = (body: Array<[number, number]>, title: Array<[number, number]> = [], length = 20): number =>
    articleSupport(TUNING, weights, new Map(body), new Map(title), length, 20)

  it('is 0 for an article holding none of the words', () => {
    expect(support([])).toBe(0)
  })

  it('grows with the number of occurrences, by less for each one more', () => {
    const once = support([[0, 1]])
    const twice = support([[0, 2]])
    const thrice = support([[0, 3]])
    expect(twice).toBeGreaterThan(once)
    expect(thrice).toBeGreaterThan(twice)
    expect(thrice - twice).toBeLessThan(twice - once)
  })

  it('weighs a rare word (higher weight) above a common one', () => {
    expect(support([[0, 1]])).toBeGreaterThan(support([[1, 1]]))
  })

  it('counts a word in the title on top of the body', () => {
    expect(support([[0, 1]], [[0, 1]])).toBeGreaterThan(support([[0, 1]]))
    // The title alone is worth more than one mention in the body (supportTitle = 2).
    expect(support([], [[0, 1]])).toBeGreaterThan(support([[0, 1]]))
  })

  it('is lower for a long article, yet a match still counts for at least the BM25+ floor', () => {
    const short = support([[0, 1]], [], 20)
    const long = support([[0, 1]], [], 2000)
    expect(long).toBeLessThan(short)
    expect(long).toBeGreaterThan(weights[0] * TUNING.supportD)
  })
})

describe('bestWindow', () => {
  // Six sentences of four indexed words each; three hold one question word each.
  const KITE = 'Bright kites rose over the bay.'
  const LANTERN = 'Paper lanterns hung from stalls.'
  const DUNE = 'Sand dunes sheltered the crowd.'
  const fillers = [
    'Bakers sold warm bread.',
    'Drummers played until late evening.',
    'Gulls circled above fishing boats.',
  ]
  const clustered = article('clustered', 'Festival', [[KITE, LANTERN, DUNE, ...fillers].join(' ')])
  const spread = article('spread', 'Festival', [[KITE, fillers[0], LANTERN, fillers[1], DUNE, fillers[2]].join(' ')])
  const index = indexOf([clustered, spread])
  const credit = new Map<number, Credit>(
    ['kite', 'lantern', 'dune'].map((t, i) => [index.termId(t)!, { term: i, factor: 1 }]),
  )
  const idfs = [1, 1, 1]

  /** (position, term, credit) triples of the question words in an article, as scoreParagraphs finds them. */
  function found(a: number): number[] {
    const out: number[] = []
    for (let at = index.termStart(index.firstPassage(a)); at < index.termStart(index.firstPassage(a + 1)); at++) {
      const c = credit.get(index.termAt(at))
      if (c !== undefined) out.push(at, c.term, c.factor)
    }
    return out
  }
  const windowOf = (a: number, tuning: Tuning = TUNING, title = new Map<number, number>()): number =>
    bestWindow(index, tuning, a, found(a), title, idfs)

  it('holds every sentence as four words (so every window is as long as any other)', () => {
    for (let p = 0; p < index.passageCount; p++) expect(index.passage(p).terms.length).toBe(4)
  })

  it('finds the run of sentences where the question words stand together', () => {
    expect(TUNING.windowSentences).toBe(3)
    expect(windowOf(0)).toBeGreaterThan(windowOf(1))
    // The clustered article's best window is exactly BM25 of its first three sentences (all three words once).
    const avgWindow = (3 * index.termCount) / index.passageCount
    const norm = lengthNorm(TUNING.windowK, TUNING.windowB, 12, avgWindow)
    expect(windowOf(0)).toBeCloseTo(3 * bm25(1, 1, norm, TUNING.windowK), 10)
  })

  it('scores both articles alike when one window covers all of each (same words, same length)', () => {
    const whole = resolveTuning({ minParagraphs: 1, windowSentences: 6 })
    expect(windowOf(0, whole)).toBeCloseTo(windowOf(1, whole), 10)
  })

  it("counts the title's question words in every window", () => {
    const inTitle = new Map([[0, 1]])
    expect(windowOf(1, TUNING, inTitle)).toBeGreaterThan(windowOf(1))
  })

  it('is 0 for an article without any question word', () => {
    expect(bestWindow(index, TUNING, 0, [], new Map(), idfs)).toBe(0)
  })
})

describe('scoreSentences', () => {
  function sentences(question: string, tuning: Tuning = TUNING) {
    const s = stages(question, tuning)
    s.paragraphs.sort((x, y) => y.bm25 - x.bm25)
    const out = scoreSentences(INDEX, s.query, tuning, s.paragraphs, s.credit, s.topSupport)
    return { ...s, out, of: (start: string) => out.find((r) => r.index === sentence(INDEX, start)) }
  }

  it('prefers, in one paragraph, the sentence that holds the question words', () => {
    const { of } = sentences('How many visitors does the harbour council expect?')
    const holds = of('The harbour council expects')!
    const neighbour = of('Visitors can climb')!
    expect(holds.score).toBeGreaterThan(neighbour.score)
    expect(holds.coverage).toBeGreaterThan(neighbour.coverage)
  })

  it('leaves out sentences that hold no question word, even in a kept paragraph', () => {
    const { out, of } = sentences('Who restored the brass lantern?')
    expect(of('Volunteers spent two winters')).toBeDefined()
    // Same paragraph, none of the words.
    expect(out.map((r) => r.index)).not.toContain(sentence(INDEX, 'The old lighthouse'))
  })

  it('lists the question terms each sentence holds', () => {
    const { query, of } = sentences('Who restored the brass lantern?')
    const restoring = of('Volunteers spent two winters')!
    expect([...restoring.matched].map((i) => query.terms[i].term).sort()).toEqual(['brass', 'lantern', 'restor'])
    const room = of('Visitors can climb')!
    expect([...room.matched].map((i) => query.terms[i].term)).toEqual(['lantern'])
  })

  it('gives part credit for a question word found elsewhere in the paragraph', () => {
    // Both sentences hold "heron" only; the first's paragraph also holds "ledge".
    const { of } = sentences('heron ledge')
    const nearLedge = of('The heron returned to the quarry')!
    const alone = of('The heron returned to the marsh')!
    expect(nearLedge.coverage).toBeGreaterThan(alone.coverage)
  })

  it("scales coverage by the article's support relative to the best candidate's", () => {
    const s = stages('Why was the Skerrow ferry paused?')
    s.paragraphs.sort((x, y) => y.bm25 - x.bm25)
    const fair = scoreSentences(INDEX, s.query, TUNING, s.paragraphs, s.credit, s.topSupport)
    const halved = scoreSentences(INDEX, s.query, TUNING, s.paragraphs, s.credit, 2 * s.topSupport)
    expect(fair.length).toBeGreaterThan(0)
    fair.forEach((r, i) => {
      expect(halved[i].coverage).toBeCloseTo(r.coverage * 0.5 ** TUNING.articleAgreement, 10)
      expect(halved[i].score).toBe(r.score)
    })
  })

  it('rewards a sentence holding what the question asks for (a reason for "why")', () => {
    const plain = resolveTuning({ minParagraphs: 1, typeBonus: 0 })
    const withBonus = sentences('Why was the Skerrow ferry paused?').of('The ferry between')!
    const without = sentences('Why was the Skerrow ferry paused?', plain).of('The ferry between')!
    expect(withBonus.score).toBeCloseTo(without.score * (1 + TUNING.typeBonus), 10)
  })
})

describe('coveragePrior (through scoreSentences)', () => {
  const coverageOf = (question: string, start: string, tuning: Tuning = TUNING): number => {
    const ranked = rankPassages(INDEX, analyseQuestion(question, INDEX, tuning), tuning, { candidateArticles: 20 })
    return ranked.find((r) => r.index === sentence(INDEX, start))!.coverage
  }

  it('does not smooth a bare topic: a sentence holding all of it covers it fully', () => {
    expect(analyseQuestion('brass lantern', INDEX, TUNING).keyword).toBe(true)
    expect(coverageOf('brass lantern', 'Volunteers spent two winters')).toBeCloseTo(1, 10)
  })

  it('smooths a question: the same full match covers it less, unless priorMass is 0', () => {
    expect(analyseQuestion('What is the brass lantern?', INDEX, TUNING).keyword).toBe(false)
    const smoothed = coverageOf('What is the brass lantern?', 'Volunteers spent two winters')
    expect(smoothed).toBeLessThan(0.9)
    const noPrior = resolveTuning({ minParagraphs: 1, priorMass: 0 })
    expect(coverageOf('What is the brass lantern?', 'Volunteers spent two winters', noPrior)).toBeCloseTo(1, 10)
  })

  it('makes a short question prove more than a long one matched as fully', () => {
    const start = 'The old lighthouse at Port Wenlow'
    const short = coverageOf('What reopened as a museum?', start)
    const long = coverageOf('What old lighthouse reopened as a coastal museum?', start)
    expect(long).toBeGreaterThan(short)
  })
})

describe('rankPassages', () => {
  const rank = (question: string, options: Parameters<typeof rankPassages>[3] = { candidateArticles: 20 }) =>
    rankPassages(INDEX, analyseQuestion(question, INDEX, TUNING), TUNING, options)

  it('returns sentences best first, the best one holding the answer', () => {
    const ranked = rank('How many visitors does the harbour council expect?')
    expect(ranked.length).toBeGreaterThan(1)
    for (let i = 1; i < ranked.length; i++) {
      expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score)
      if (ranked[i - 1].score === ranked[i].score) expect(ranked[i - 1].index).toBeLessThan(ranked[i].index)
    }
    expect(INDEX.passageText(ranked[0].index)).toContain('four thousand visitors')
    expect(new Set(ranked.map((r) => r.index)).size).toBe(ranked.length)
  })

  it('gives article features only when asked for them', () => {
    const plain = rank('Why was the Skerrow ferry paused?')
    expect(plain.length).toBeGreaterThan(0)
    for (const r of plain) expect(r.features).toBeNull()
    const featured = rank('Why was the Skerrow ferry paused?', { candidateArticles: 20, features: true })
    for (const r of featured) {
      expect(r.features).not.toBeNull()
      expect(Object.keys(r.features!).sort()).toEqual(['flat', 'pairs', 'window'])
    }
  })

  it('returns nothing for a question with no word the articles hold', () => {
    expect(rank('What about zebras?')).toEqual([])
    expect(rank('???')).toEqual([])
  })

  it('ranks only the sentences of the best articles and paragraphs it is told to keep', () => {
    const question = 'Did the harbour council expect visitors at the pier?'
    const all = rank(question)
    expect(new Set(all.map((r) => r.passage.article)).size).toBeGreaterThan(1)
    const oneArticle = rank(question, { candidateArticles: 1 })
    expect(new Set(oneArticle.map((r) => r.passage.article)).size).toBe(1)
    const oneParagraph = rank(question, { candidateArticles: 20, candidateParagraphs: 1 })
    expect(oneParagraph.length).toBeGreaterThan(0)
    expect(new Set(oneParagraph.map((r) => r.passage.pid)).size).toBe(1)
  })
})
