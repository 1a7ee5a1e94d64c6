// The engine over generated articles and questions: nothing throws, every excerpt is verbatim
// text of the article it cites, and every result renders within Slack's and Discord's limits.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Article, Newsdesk, type Result } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import { corpus, hostileText, longLine, question, SEED, SPEAKERS, wellFormedText } from './arbitraries.js'
import { expectNone, renderProblems } from './limits.js'

/** Why a result is not what the engine promises: excerpts verbatim, citations of real articles. */
function resultProblems(result: Result, articles: readonly Article[]): string[] {
  const byId = new Map(articles.map((a) => [a.id, a]))
  const problems: string[] = []
  if (typeof result.message !== 'string' || result.message.trim() === '') problems.push('a blank message')
  for (const e of result.excerpts) {
    const article = byId.get(e.article.id)
    if (article === undefined) problems.push(`an excerpt cites an unknown article ${e.article.id}`)
    else if (!article.text.includes(e.text)) problems.push(`not verbatim in ${article.id}: ${JSON.stringify(e.text)}`)
    if (e.text.trim() === '') problems.push('an empty excerpt')
    for (const c of e.also) if (!byId.has(c.id)) problems.push(`"also" cites an unknown article ${c.id}`)
  }
  for (const c of result.articles) if (!byId.has(c.id)) problems.push(`cites an unknown article ${c.id}`)
  return problems
}

// Excerpts checked, so a test can tell it exercised answers and not only abstentions.
let excerptsSeen = 0

/** Every command over the corpus with the question, each result checked and rendered. */
function runAll(engine: Newsdesk, q: string, wellFormed: boolean): string[] {
  const problems: string[] = []
  const speaker = engine.speakers('', 1)[0] ?? SPEAKERS[0]
  const results: Array<[string, Result]> = [
    ['ask', engine.ask(q)],
    ['ask with context', engine.ask(`and ${q}`, { context: [q, speaker] })],
    ['source', engine.source(q)],
    ['source listing', engine.source('')],
    ['quote', engine.quote(q)],
    ['quote speaker', engine.quote(speaker, { limit: 100 })],
  ]
  for (const [name, result] of results) {
    excerptsSeen += result.excerpts.length
    for (const p of resultProblems(result, engine.articles)) problems.push(`${name}: ${p}`)
    for (const p of renderProblems(result, `/${result.command} ${q}`, wellFormed)) problems.push(`${name}: ${p}`)
  }
  // Autocomplete lists: no throw on any prefix.
  engine.speakers(q, 25)
  engine.titles(q, 25)
  return problems
}

describe('the engine over generated articles', () => {
  it('well-formed hostile articles and questions: verbatim excerpts, renderable results', () => {
    excerptsSeen = 0
    fc.assert(
      fc.property(corpus(wellFormedText(15)), fc.array(question(wellFormedText(8)), { maxLength: 3 }), (arts, qs) => {
        const engine = Newsdesk.build(arts)
        for (const q of qs) expectNone(runAll(engine, q, true))
      }),
      { seed: SEED, numRuns: 120 },
    )
    expect(excerptsSeen).toBeGreaterThan(200)
  })

  it('lone surrogates, control characters and long lines: nothing throws, excerpts stay verbatim', () => {
    fc.assert(
      fc.property(
        corpus(fc.oneof({ weight: 4, arbitrary: hostileText(15) }, { weight: 1, arbitrary: longLine(20_000) })),
        fc.array(question(fc.oneof(hostileText(8), longLine(3000))), { maxLength: 3 }),
        (arts, qs) => {
          const engine = Newsdesk.build(arts)
          for (const q of qs) expectNone(runAll(engine, q, false))
        },
      ),
      { seed: SEED, numRuns: 80 },
    )
  })

  it('a 1 MB sentence with no full stop is answered verbatim and rendered within the limits', () => {
    const line = `harbour pier 👨‍👩‍👧‍👦 <!channel> @everyone ${'x'.repeat(1_000_000)} ferry`
    const articles = [makeArticle({ title: line.slice(0, 300), text: line, outlet: line, url: null }, 'mb')]
    const engine = Newsdesk.build(articles)
    expectNone(runAll(engine, 'harbour pier ferry', true))
  })
})
