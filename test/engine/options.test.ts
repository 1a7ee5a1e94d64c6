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
