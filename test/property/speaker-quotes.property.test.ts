import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Engine } from '../../src/answer/engine.js'
import { analyseQuestion } from '../../src/answer/question.js'
import { twinKey } from '../../src/answer/quotation-keys.js'
import { Newsdesk } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import type { Quotation } from '../../src/types.js'

// A speaker's quotations are ranked from facts worked out once per speaker (each quotation's
// terms, twins found by a 53-bit key, full statements and article turns precomputed) instead of
// re-reading every quotation for every query. The answer must be exactly what reading them all
// gives: the same excerpts, in the same order, citing the same articles, and the same total.
const WORDS = [
  'harbour',
  'Harbour',
  'council',
  'storm',
  'quay',
  'lantern',
  'rebuild',
  'we',
  'will',
  'the',
  'name',
  'year',
]
const SPEAKERS = ['Mara Velt', 'Ivo Brandt']
const quotation = fc.record({
  words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 7 }),
  end: fc.constantFrom(',', '.', '!', ', really,'),
  speaker: fc.constantFrom(...SPEAKERS),
})
const article = fc.array(quotation, { minLength: 1, maxLength: 4 })

/** The ranking as it was: every quotation's words read for every query, twins by their lower-cased words. */
function reference(engine: Engine, quotations: Quotation[], rest: string): Array<[string, string, string[]]> {
  const q = analyseQuestion(rest, engine.index, engine.tuning)
  const weighed = q.terms.filter((t) => t.id !== null)
  const turns = new Map<string, number>()
  const keyed = quotations.map((x, order) => {
    const turn = turns.get(x.articleId) ?? 0
    turns.set(x.articleId, turn + 1)
    const ids = new Set(engine.index.termIds(x.text))
    const score = weighed.reduce(
      (s, t) => s + (ids.has(t.id as number) || t.variants.some((v) => ids.has(v)) ? t.weight : 0),
      0,
    )
    return { x, score, full: x.text.split(/\s+/).length >= 4 ? 1 : 0, turn, order }
  })
  keyed.sort((a, b) => b.score - a.score || b.full - a.full || a.turn - b.turn || a.order - b.order)
  const out: Array<[string, string, string[]]> = []
  const twins = new Map<string, [string, string, string[]]>()
  for (const { x } of keyed) {
    const key = `${x.speaker}\u0000${x.text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()}`
    const twin = twins.get(key)
    if (twin === undefined) {
      const entry: [string, string, string[]] = [x.text, x.articleId, []]
      twins.set(key, entry)
      out.push(entry)
    } else if (twin[1] !== x.articleId && !twin[2].includes(x.articleId)) twin[2].push(x.articleId)
  }
  return out
}

describe("a speaker's quotations", () => {
  it('rank, group and cite exactly as reading every quotation for every query does', () => {
    fc.assert(
      fc.property(
        fc.array(article, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...SPEAKERS),
        fc.array(fc.constantFrom(...WORDS, 'lanterns', 'storms'), { maxLength: 4 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        // Frame words ("name", "year") weigh nothing when so tuned: such a quotation is not lifted.
        fc.constantFrom(0, 0.5),
        (docs, name, rest, offset, limit, frameWeight) => {
          const articles = docs.map((quotes, i) =>
            makeArticle(
              {
                title: `Harbour story ${i}`,
                paragraphs: quotes.map((x) => `“${x.words.join(' ')}${x.end}” said ${x.speaker}.`),
              },
              `a-${i}`,
            ),
          )
          const desk = Newsdesk.build(articles.slice(1), { tuning: { frameWeight } })
          const check = (): void => {
            const engine = (desk as unknown as { engine: Engine }).engine
            const speaker = engine.quotes.speakers.find((s) => s.name === name)
            // A name no quotation is under is a topic, not a speaker: another pipeline.
            if (speaker === undefined) return
            const result = desk.quote(`${name} ${rest.join(' ')}`, { offset, limit })
            const all = reference(engine, speaker.quotations, rest.join(' '))
            const expected = all.slice(offset, offset + limit)
            expect(result.answered ? result.total : 0).toBe(offset < all.length ? all.length : 0)
            expect(result.excerpts.map((e) => [e.text, e.article.id, e.also.map((c) => c.id)])).toEqual(expected)
          }
          check()
          // Quotations added and discarded while serving are ranked with the others.
          desk.update({ add: articles.slice(0, 1) })
          check()
          desk.update({ discard: [articles[articles.length - 1].id] })
          check()
        },
      ),
      { seed: 20261201, numRuns: 150 },
    )
  })

  it('are twins exactly when their lower-cased words are the same', () => {
    const chars = ['a', 'B', 'é', 'É', ' ', ',', '’', '1', 'ß', '😀', '\u00a0', '-', 'Σ', 'σ', 'ς', 'İ', 'i']
    const text = fc.stringOf(fc.constantFrom(...chars), { maxLength: 12 })
    fc.assert(
      fc.property(text, text, (a, b) => {
        const q = (t: string): Quotation => ({
          speaker: 'Mara Velt',
          role: null,
          text: t,
          articleId: 'x',
          paragraph: 0,
          start: 0,
          end: t.length,
        })
        const words = (t: string): string =>
          t
            .toLowerCase()
            .replace(/[^\p{L}\p{N}]+/gu, ' ')
            .trim()
        expect(twinKey(q(a)) === twinKey(q(b))).toBe(words(a) === words(b))
      }),
      { seed: 20261201, numRuns: 2000 },
    )
  })
})
