import type { Answer, AskOptions, Excerpt, NoAnswer } from '../types.js'
import type { Engine } from './engine.js'
import { nearest, noAnswer, round, toExcerpt, uniqueCitations } from './excerpt.js'
import { type AnswerType, analyseQuestion } from './question.js'
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
  const articles = index.articles.length
  const query = question.trim()
  if (query === '') return noAnswer('ask', query, say.askEmpty)
  const context = (options.context ?? []).filter((c) => c.trim() !== '')
  const q = analyseQuestion(query, index, tuning, context)
  if (q.terms.length === 0) return noAnswer('ask', query, say.noWords(articles))
  const ranked = favourSpeaker(
    engine,
    query,
    rankPassages(index, q, tuning, { candidateArticles: settings.candidateArticles }),
  )
  const best = ranked[0]
  const confidence = round(best?.coverage ?? 0)
  if (best === undefined || best.coverage < settings.minCoverage) {
    return { ...noAnswer('ask', query, say.noAnswer(articles), nearest(engine, ranked)), confidence }
  }
  const limit = Math.max(1, Math.min(options.limit ?? settings.maxExcerpts, 20))
  const excerpts = pickExcerpts(engine, ranked, limit, q.type)
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
  type: AnswerType = null,
): Excerpt[] {
  const { tuning, settings } = engine
  const best = ranked[0]
  const chosen: Array<{ scored: ScoredPassage; excerpt: Excerpt; terms: Set<number> }> = []
  const used = new Set<number>()
  for (const r of ranked) {
    if (chosen.length >= limit) break
    if (used.has(r.index)) continue
    const weak =
      r.score < tuning.furtherScore * best.score || r.coverage < tuning.furtherCoverage * settings.minCoverage
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
    const excerpt = toExcerpt(engine, r, ranked, type)
    used.add(r.index)
    if (excerpt.text.length > r.passage.end - r.passage.start) used.add(r.index + 1)
    chosen.push({ scored: r, excerpt, terms })
  }
  return chosen.map((c) => c.excerpt)
}

function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 || b.size === 0) return 0
  let inter = 0
  for (const x of a) if (b.has(x)) inter++
  return inter / (a.size + b.size - inter)
}
