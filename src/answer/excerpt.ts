import type { Passage } from '../search/corpus-index.js'
import type { Citation, Command, Excerpt, NoAnswer } from '../types.js'
import type { Engine } from './engine.js'
import { hasAnswerType, type Query } from './question.js'
import type { ScoredPassage } from './rank-passages.js'

const ANAPHOR = /^["“]?(?:This|These|That|Those|It|Its|He|She|His|Her|They|Their|Such|The latter|The former|There)\b/

/** What the question asks for, which an excerpt reaches into the next sentence to include. */
export type Wanted = Pick<Query, 'type' | 'names'>

/** Where an excerpt stands in its article's text. */
export interface Span {
  article: number
  start: number
  end: number
}

/**
 * A scored sentence as an excerpt: an exact span of its article, joined with the sentence before
 * when it points back to it, and with the next when that one adds question words (or holds what
 * the question asks for), within `maxExcerptChars`.
 */
export function toExcerpt(
  engine: Engine,
  r: ScoredPassage,
  ranked: ScoredPassage[] = [],
  want: Wanted | null = null,
): Excerpt {
  return spanToExcerpt(engine, r, excerptSpan(engine, r, ranked, want))
}

/** The span `toExcerpt` shows for a scored sentence. */
export function excerptSpan(
  engine: Engine,
  r: ScoredPassage,
  ranked: ScoredPassage[] = [],
  want: Wanted | null = null,
): Span {
  const { index, tuning } = engine
  const article = index.articles[r.passage.article]
  let start = r.passage.start
  let end = r.passage.end
  const previous = r.index > 0 ? index.passage(r.index - 1) : undefined
  const next = r.index + 1 < index.firstPassage(r.passage.article + 1) ? index.passage(r.index + 1) : undefined
  const sameParagraph = (p: Passage | undefined): p is Passage => p !== undefined && p.pid === r.passage.pid
  const own = article.text.slice(start, end)
  // A sentence that starts inside a quotation takes the quotation's opening sentence along;
  // one that opens by pointing back ("This theory…", "He…") takes the sentence it points to.
  const pointsBack = count(own, '”') > count(own, '“') || ANAPHOR.test(own)
  if (sameParagraph(previous) && pointsBack && end - previous.start <= tuning.maxExcerptChars) start = previous.start
  if (sameParagraph(next)) {
    const nextScored = ranked.find((x) => x.index === r.index + 1)
    const adds =
      (nextScored !== undefined && [...nextScored.matched].some((t) => !r.matched.has(t))) ||
      // "When…?" matched by a sentence with no date, followed by one with a date.
      (want !== null &&
        want.type !== null &&
        !hasAnswerType(own, want.type, want.names) &&
        hasAnswerType(article.text.slice(next.start, next.end), want.type, want.names))
    const opensQuote = count(own, '“') > count(own, '”')
    if ((adds || r.passage.terms.length < 5 || opensQuote) && next.end - start <= tuning.maxExcerptChars) end = next.end
  }
  return { article: r.passage.article, start, end }
}

/** A span of an article as an excerpt, with the speaker when it is a quotation. */
export function spanToExcerpt(engine: Engine, r: ScoredPassage, span: Span): Excerpt {
  const { start, end } = span
  const article = engine.index.articles[span.article]
  const quotation = engine.quotes.quotationIn(r.passage.article, start, end)
  return {
    text: article.text.slice(start, end),
    speaker: quotation?.speaker ?? null,
    article: engine.citations[r.passage.article],
    score: round(r.score),
    also: [],
  }
}

/** Articles that came closest, offered as "you could look at" with a no-answer. */
export function nearest(engine: Engine, ranked: ScoredPassage[]): Citation[] {
  const out: Citation[] = []
  for (const r of ranked) {
    if (r.coverage < engine.tuning.nearestCoverage) break
    const c = engine.citations[r.passage.article]
    if (!out.includes(c)) out.push(c)
    if (out.length >= 3) break
  }
  return out
}

/** A result that says the articles hold no answer, offering the nearest articles if any. */
export function noAnswer(command: Command, query: string, message: string, near: Citation[] = []): NoAnswer {
  return {
    kind: 'none',
    command,
    query,
    answered: false,
    message,
    excerpts: [],
    articles: near,
  }
}

/** Each citation once, in order. */
export function uniqueCitations(list: Citation[]): Citation[] {
  const seen = new Set<string>()
  return list.filter((c) => !seen.has(c.id) && seen.add(c.id) !== undefined)
}

/** Scores and confidences are shown to three decimals. */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1
}
