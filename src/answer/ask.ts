import type { Answer, AskOptions, Excerpt, NoAnswer } from '../types.js'
import { coverageNeeded, type Engine, MAX_LIMIT } from './engine.js'
import {
  excerptSpan,
  nearest,
  noAnswer,
  round,
  type Span,
  spanToExcerpt,
  uniqueCitations,
  type Wanted,
} from './excerpt.js'
import { type AnswerType, analyseQuestion, hasAnswerType } from './question.js'
import { rankPassages, type ScoredPassage } from './rank-passages.js'
import { say } from './wording.js'

// Words that ask for what someone said; split in two only to keep the lines short.
const SPEECH_QUESTION = new RegExp(
  String.raw`\b(?:say|says|said|saying|tell|tells|told|think|thinks|thought|claim\w*|describ\w*|call\w*|` +
    String.raw`argu\w*|stat\w*|quot\w*|comment\w*|remark\w*|word|words|view|views)\b`,
  'i',
)

/**
 * `ask`: read the question, rank the sentences of the candidate articles, favour a named
 * speaker's own words when the question asks what they said, and answer with up to `limit`
 * excerpts — or abstain when the best one covers less of the question than `minCoverage`.
 */
export function ask(engine: Engine, question: string, options: AskOptions = {}): Answer | NoAnswer {
  const { index, settings, tuning } = engine
  const articles = index.articleCount
  const query = question.trim()
  if (query === '') return noAnswer('ask', query, say.askEmpty)
  const context = (options.context ?? []).filter((c) => c.trim() !== '')
  const q = analyseQuestion(query, index, tuning, context)
  if (q.terms.length === 0) return noAnswer('ask', query, say.noWords(articles))
  const all = favourSpeaker(
    engine,
    q.context === null ? query : `${query} ${q.context}`,
    rankPassages(index, q, tuning, { candidateArticles: settings.candidateArticles }),
  )
  const required =
    REQUIRED_TYPES.has(q.type) &&
    (q.type !== 'number' || COUNTS.test(query)) &&
    (q.type !== 'date' || !GENERIC_WHEN.test(query))
  const ranked = required ? ofType(engine, all, q) : all
  const best = ranked[0]
  const confidence = round(best?.coverage ?? 0)
  const needed = coverageNeeded(engine)
  if (best === undefined || best.coverage < needed) {
    return { ...noAnswer('ask', query, say.noAnswer(articles), nearest(engine, all)), confidence }
  }
  const limit = Math.max(1, Math.min(options.limit ?? settings.maxExcerpts, MAX_LIMIT))
  const excerpts = pickExcerpts(engine, ranked, limit, q)
  const cited = uniqueCitations(excerpts.flatMap((e) => [e.article, ...e.also]))
  return {
    kind: 'answer',
    command: 'ask',
    query,
    answered: true,
    message: say.excerpts(excerpts.length, cited.length),
    excerpts,
    articles: cited,
    confidence,
  }
}

// A "when" answered without a date, a "how many" without a number, a "where" without a place
// is a wrong answer, not a weaker one: only excerpts that hold one can answer those.
const REQUIRED_TYPES = new Set<AnswerType>(['date', 'number', 'place'])
// "When do treaties apply?", "when can oxygen be toxic?": a condition answers those, not a date.
const GENERIC_WHEN = /^\s*when (?:do|does|can|could|is|are|should|must|may|might)\b/i
// Of the questions asking for a number, those that count: "how old" or "how far" may be answered in words.
const COUNTS = /^\s*how (?:many|much)\b|\b(?:what|which) (?:number|percentage|percent|amount)\b/i
// How far down the ranking to look for an excerpt of the right kind.
const TYPED_CANDIDATES = 40

/**
 * The ranking led by the best sentence whose excerpt holds what the question asks for, the others
 * after it in their order (they may add to an answer, never lead it). Empty when none holds it.
 */
function ofType(engine: Engine, ranked: ScoredPassage[], want: Wanted): ScoredPassage[] {
  for (const r of ranked.slice(0, TYPED_CANDIDATES)) {
    const span = excerptSpan(engine, r, ranked, want)
    const text = engine.index.articles[span.article].text.slice(span.start, span.end)
    if (hasAnswerType(text, want.type, want.names)) return [r, ...ranked.filter((x) => x !== r)]
  }
  return []
}

/**
 * "What did Witkoff say about …?" asks for Witkoff's own words: his quotations rank above
 * sentences that merely mention him.
 */
export function favourSpeaker(engine: Engine, question: string, ranked: ScoredPassage[]): ScoredPassage[] {
  if (!SPEECH_QUESTION.test(question)) return ranked
  const found = engine.quotes.findSpeaker(question)
  if (found === null) return ranked
  const boost = engine.tuning.speakerBoost
  const boosted = ranked.map((r) => {
    const quotation = engine.quotes.quotationIn(r.passage.article, r.passage.start, r.passage.end, 0)
    // Their own words answer "what did X say", so they also count as covering it better.
    return quotation?.speaker === found.speaker.name
      ? { ...r, score: r.score * boost, coverage: Math.min(1, r.coverage * boost) }
      : r
  })
  return boosted.sort((a, b) => b.score - a.score || a.index - b.index)
}

/**
 * The best sentences as excerpts: further ones must stand on their own (not trail the best
 * one), and a near-identical statement in another article is cited as corroboration (`also`)
 * instead of shown twice.
 */
export function pickExcerpts(
  engine: Engine,
  ranked: ScoredPassage[],
  limit: number,
  want: Wanted | null = null,
): Excerpt[] {
  const { tuning } = engine
  const best = ranked[0]
  const further = tuning.furtherCoverage * coverageNeeded(engine)
  const chosen: Array<{ scored: ScoredPassage; excerpt: Excerpt; terms: Set<number>; span: Span }> = []
  const used = new Set<number>()
  for (const r of ranked) {
    if (chosen.length >= limit) break
    if (used.has(r.index)) continue
    const weak = r.score < tuning.furtherScore * best.score || r.coverage < further
    if (chosen.length > 0 && weak) break
    const terms = new Set(r.passage.terms)
    const twin = chosen.find((c) => jaccard(c.terms, terms) >= tuning.sameStatement)
    if (twin !== undefined) {
      if (twin.scored.passage.article !== r.passage.article) {
        const citation = engine.citations[r.passage.article]
        const known = twin.excerpt.also.some((a) => a.id === citation.id) || twin.excerpt.article.id === citation.id
        if (!known) twin.excerpt.also.push(citation)
      }
      used.add(r.index)
      continue
    }
    used.add(r.index)
    // One answer never shows a sentence twice, nor one excerpt inside another: a sentence
    // already shown is skipped, and one whose neighbour was shown stands alone.
    const overlaps = (x: Span): boolean =>
      chosen.some((c) => c.span.article === x.article && c.span.start < x.end && x.start < c.span.end)
    let span = excerptSpan(engine, r, ranked, want)
    if (overlaps(span)) {
      span = { article: r.passage.article, start: r.passage.start, end: r.passage.end }
      if (overlaps(span)) continue
    }
    chosen.push({ scored: r, excerpt: spanToExcerpt(engine, r, span), terms, span })
  }
  return chosen.map((c) => c.excerpt)
}

function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 || b.size === 0) return 0
  let inter = 0
  for (const x of a) if (b.has(x)) inter++
  return inter / (a.size + b.size - inter)
}
