import type { Answer, AskOptions, Excerpt, NoAnswer, Quotation } from '../types.js'
import { type Engine, MAX_LIMIT } from './engine.js'
import { noAnswer, uniqueCitations } from './excerpt.js'
import { analyseQuestion } from './question.js'
import { rankPassages } from './rank-passages.js'
import { say } from './wording.js'

/**
 * `quote`: direct quotations — a named speaker's (ranked by the other words of the query), or,
 * when no speaker is named, quotations on the topic.
 */
export function quote(engine: Engine, query: string, options: AskOptions = {}): Answer | NoAnswer {
  const { quotes, index, settings, tuning } = engine
  const limit = Math.max(1, Math.min(options.limit ?? settings.maxQuotes, MAX_LIMIT))
  const offset = Math.max(0, Math.floor(options.offset ?? 0))
  const articles = index.articleCount
  const text = query.trim()
  if (text === '') return noAnswer('quote', text, say.quoteEmpty(quotes.speakers[0]?.name ?? 'Witkoff'))
  const found = quotes.findSpeaker(text)
  if (found !== null) {
    const all = found.speaker.quotations
    const list = quoteExcerpts(engine, rankQuotations(engine, all, found.rest), Number.POSITIVE_INFINITY)
    const inArticles = new Set(all.map((q) => q.articleId)).size
    return page(text, list, offset, limit, (shown) =>
      say.speakerQuotes(found.speaker.name, list.length, inArticles, offset, shown),
    )
  }
  const q = analyseQuestion(text, index, tuning)
  const ranked = rankPassages(index, q, tuning, { candidateArticles: settings.candidateArticles * 2 })
  // Quotations on a topic: those standing in sentences that match it, when their own words
  // hold it. The quote's words are the evidence, so a one-word topic needs no more.
  const topicIds = new Set(q.terms.flatMap((t) => (t.id === null ? t.variants : [t.id, ...t.variants])))
  const onTopic = (x: Quotation): boolean => [...index.termIds(x.text)].some((id) => topicIds.has(id))
  const ordered = new Set<Quotation>()
  for (const r of ranked) {
    if (r.coverage < settings.minCoverage * tuning.topicQuoteCoverage) continue
    for (const quotation of quotes.byArticle[r.passage.article]) {
      const inSentence = quotation.end > r.passage.start && quotation.start < r.passage.end
      if (inSentence && !ordered.has(quotation) && onTopic(quotation)) ordered.add(quotation)
    }
  }
  if (ordered.size === 0) {
    const known = quotes.speakers.slice(0, 5).map((s) => s.name)
    return noAnswer('quote', text, say.noQuotes(text, articles, known))
  }
  const list = quoteExcerpts(engine, [...ordered], Number.POSITIVE_INFINITY)
  return page(text, list, offset, limit, (shown) => say.topicQuotes(list.length, text, offset, shown))
}

/** One page of quotations (`limit` from `offset`), saying how many there are in all. */
function page(
  text: string,
  list: Excerpt[],
  offset: number,
  limit: number,
  message: (shown: number) => string,
): Answer | NoAnswer {
  if (offset >= list.length) return noAnswer('quote', text, say.noMoreQuotes(list.length))
  const excerpts = list.slice(offset, offset + limit)
  return {
    kind: 'answer',
    command: 'quote',
    query: text,
    answered: true,
    message: message(excerpts.length),
    excerpts,
    articles: uniqueCitations(excerpts.flatMap((e) => [e.article, ...e.also])),
    total: list.length,
  }
}

/**
 * A speaker's quotations, those holding the query's other words first; then full statements
 * before quoted fragments; articles take turns so every source shows.
 */
export function rankQuotations(engine: Engine, quotations: Quotation[], rest: string): Quotation[] {
  const q = analyseQuestion(rest, engine.index, engine.tuning)
  const perArticleRank = new Map<Quotation, number>()
  const counters = new Map<string, number>()
  for (const x of quotations) {
    const n = counters.get(x.articleId) ?? 0
    perArticleRank.set(x, n)
    counters.set(x.articleId, n + 1)
  }
  const scoreOf = (x: Quotation): number => {
    if (q.terms.length === 0) return 0
    const ids = new Set(engine.index.termIds(x.text))
    const holds = (t: (typeof q.terms)[number]): boolean =>
      ids.has(t.id as number) || t.variants.some((v) => ids.has(v))
    return q.terms.reduce((s, t) => s + (t.id !== null && holds(t) ? t.weight : 0), 0)
  }
  // Each key computed once, not once per comparison: a prolific speaker has thousands of quotations.
  const keyed = quotations.map((x, i) => ({
    x,
    score: scoreOf(x),
    full: x.text.split(/\s+/).length >= 4 ? 1 : 0,
    rank: perArticleRank.get(x) ?? 0,
    order: i,
  }))
  keyed.sort((a, b) => b.score - a.score || b.full - a.full || a.rank - b.rank || a.order - b.order)
  return keyed.map((k) => k.x)
}

/** Quotations as excerpts, at most `limit`; the same words said in two articles are cited twice. */
export function quoteExcerpts(engine: Engine, quotations: Quotation[], limit = engine.settings.maxQuotes): Excerpt[] {
  const out: Excerpt[] = []
  // The same words by the same speaker: one excerpt, found by key (a prolific speaker has
  // thousands of quotations at a million articles; a search of the list each time was quadratic).
  const twins = new Map<string, { excerpt: Excerpt; articles: Set<string> }>()
  for (const x of quotations) {
    const words = x.text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
    const key = `${x.speaker}\u0000${words}`
    const citation = engine.citations[articleIndex(engine, x.articleId)]
    const twin = twins.get(key)
    if (twin !== undefined) {
      if (!twin.articles.has(x.articleId)) {
        twin.articles.add(x.articleId)
        twin.excerpt.also.push(citation)
      }
      continue
    }
    if (out.length >= limit) continue
    const excerpt: Excerpt = { text: x.text, speaker: x.speaker, article: citation, score: 1, also: [] }
    out.push(excerpt)
    twins.set(key, { excerpt, articles: new Set([x.articleId]) })
  }
  return out
}

const byIdCache = new WeakMap<Engine['citations'], Map<string, number>>()

function articleIndex(engine: Engine, id: string): number {
  let byId = byIdCache.get(engine.citations)
  if (byId === undefined) {
    byId = new Map(engine.citations.map((c, i) => [c.id, i]))
    byIdCache.set(engine.citations, byId)
  }
  return byId.get(id) ?? -1
}
