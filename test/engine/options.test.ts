import { describe, expect, it } from 'vitest'
import { ConfigError, DEFAULT_TUNING, type Logger, Newsdesk, NewsdeskError } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'

const articles = [
  makeArticle(
    {
      title: 'Harbour reopens after storm',
      outlet: 'Coast Gazette',
      text: 'The harbour reopened on Monday after the storm. Ferries will run twice a day, the port authority said.',
      source: 'harbour.txt',
    },
    'harbour',
  ),
]

function configError(f: () => unknown): ConfigError {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    expect(err).toBeInstanceOf(NewsdeskError)
    return err as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('options are checked before any work', () => {
  it.each([
    [{ candidateArticles: 0 }, /candidateArticles must be a whole number of at least 1 \(got 0\)/],
    [{ candidateArticles: 2.5 }, /candidateArticles/],
    [{ maxExcerpts: 21 }, /maxExcerpts must be a whole number from 1 to 20 \(got 21\)/],
    [{ minCoverage: 1.5 }, /minCoverage must be a number from 0 to 1 \(got 1.5\)/],
    [{ minCoverage: Number.NaN }, /minCoverage/],
    [{ logger: {} as Logger }, /logger must have debug, info, warn and error methods/],
    [{ logger: { info: () => {} } as unknown as Logger }, /logger/],
  ])('%o is refused with a message naming the option', (options, message) => {
    expect(configError(() => Newsdesk.build(articles, options)).message).toMatch(message)
  })

  it('refuses an unknown or negative tuning knob, and names it', () => {
    expect(configError(() => Newsdesk.build(articles, { tuning: { nosuchKnob: 1 } as never })).message).toMatch(
      /unknown tuning knob "nosuchKnob"/,
    )
    expect(configError(() => Newsdesk.build(articles, { tuning: { typeBonus: -1 } })).message).toMatch(/typeBonus/)
  })

  it('takes a partial tuning merged over the defaults, and a knob changes the ranking', () => {
    const shipped = Newsdesk.build(articles)
    const same = Newsdesk.build(articles, { tuning: { typeBonus: DEFAULT_TUNING.typeBonus } })
    const q = 'When did the harbour reopen?'
    expect(same.ask(q)).toEqual(shipped.ask(q))
    const stricter = Newsdesk.build(articles, { minCoverage: 1 })
    expect(shipped.ask(q).kind).toBe('answer')
    expect(stricter.ask(q).kind).toBe('none')
  })
})

describe('the abstention threshold grows with the corpus', () => {
  // Thirty articles: the harbour story and others on unrelated topics.
  const corpus = [
    ...articles,
    ...Array.from({ length: 29 }, (_, i) =>
      makeArticle(
        { title: `Orchard report ${i}`, text: `Apple growers in valley ${i} expect a late harvest.` },
        `o${i}`,
      ),
    ),
  ]
  const q = 'When did the harbour reopen after the storm?'
  const confidence = Newsdesk.build(corpus, { minCoverage: 0 }).ask(q).confidence ?? 0

  it('asks more of an answer over more articles than coverageGrowthFrom, and only then', () => {
    expect(confidence).toBeGreaterThan(0.2)
    const minCoverage = confidence - 0.05
    // 30 articles, 3 without growth: one tenfold more, so the threshold doubles with a growth of 1.
    const grown = Newsdesk.build(corpus, { minCoverage, tuning: { coverageGrowthFrom: 3, coverageGrowth: 1 } })
    const atSize = Newsdesk.build(corpus, { minCoverage, tuning: { coverageGrowthFrom: 30, coverageGrowth: 1 } })
    expect(atSize.ask(q).answered).toBe(true)
    expect(grown.ask(q).answered).toBe(false)
    expect(grown.ask(q).confidence).toBe(atSize.ask(q).confidence)
    expect(atSize.source(q).answered).toBe(true)
    expect(grown.source(q).answered).toBe(false)
    // The articles served count: with most of them gone, the threshold is the set one again.
    grown.update({ discard: corpus.slice(3).map((a) => a.id) })
    expect(grown.ask(q).answered).toBe(true)
  })

  it('leaves corpora up to 100,000 articles as they were by default, and refuses a size under 1', () => {
    const shipped = Newsdesk.build(corpus, { minCoverage: confidence - 0.01 })
    expect(shipped.ask(q).answered).toBe(true)
    expect(DEFAULT_TUNING.coverageGrowthFrom).toBe(100_000)
    expect(configError(() => Newsdesk.build(articles, { tuning: { coverageGrowthFrom: 0 } })).message).toMatch(
      /coverageGrowthFrom/,
    )
  })
})
