import type { Answer, AskOptions, Citation, Excerpt, NoAnswer, Quotation } from '../types.js'
import { coverageNeeded, type Engine, MAX_LIMIT } from './engine.js'
import { noAnswer, uniqueCitations } from './excerpt.js'
import { analyseQuestion } from './question.js'
import { twinGroups } from './quotation-keys.js'
import { rankPassages } from './rank-passages.js'
import { rankSpeaker } from './speaker-quotes.js'
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
    const ranked = rankSpeaker(engine, found.speaker, found.rest, offset, limit)
    return page(engine, text, ranked.groups, ranked.total, offset, (shown) =>
      say.speakerQuotes(found.speaker.name, ranked.total, ranked.articles, offset, shown),
    )
  }
  const q = analyseQuestion(text, index, tuning)
  const ranked = rankPassages(index, q, tuning, { candidateArticles: settings.candidateArticles * 2 })
  // Quotations on a topic: those standing in sentences that match it, when their own words
  // hold it. The quote's words are the evidence, so a one-word topic needs no more.
  const topicIds = new Set(q.terms.flatMap((t) => (t.id === null ? t.variants : [t.id, ...t.variants])))
  const onTopic = (x: Quotation): boolean => [...index.termIds(x.text)].some((id) => topicIds.has(id))
  const ordered = new Set<Quotation>()
  const needed = coverageNeeded(engine) * tuning.topicQuoteCoverage
  for (const r of ranked) {
    if (r.coverage < needed) continue
    for (const quotation of quotes.byArticle[r.passage.article]) {
      const inSentence = quotation.end > r.passage.start && quotation.start < r.passage.end
      if (inSentence && !ordered.has(quotation) && onTopic(quotation)) ordered.add(quotation)
    }
  }
  if (ordered.size === 0) {
    const known = quotes.speakers.slice(0, 5).map((s) => s.name)
    return noAnswer('quote', text, say.noQuotes(text, articles, known))
  }
  const groups = twinGroups([...ordered])
  const shown = groups.slice(offset, offset + limit)
  return page(engine, text, shown, groups.length, offset, (n) => say.topicQuotes(groups.length, text, offset, n))
}

/**
 * One page of quotations (`shown`: groups of twins, the page's only), saying how many there are
 * in all (`total`). Only the page's excerpts are made: a prolific speaker has thousands.
 */
function page(
  engine: Engine,
  text: string,
  shown: Quotation[][],
  total: number,
  offset: number,
  message: (shown: number) => string,
): Answer | NoAnswer {
  if (offset >= total) return noAnswer('quote', text, say.noMoreQuotes(total))
  const excerpts = shown.map((twins) => excerptOf(engine, twins))
  return {
    kind: 'answer',
    command: 'quote',
    query: text,
    answered: true,
    message: message(excerpts.length),
    excerpts,
    articles: uniqueCitations(excerpts.flatMap((e) => [e.article, ...e.also])),
    total,
  }
}

/** Quotations as excerpts, at most `limit`; the same words said in two articles are cited twice. */
export function quoteExcerpts(engine: Engine, quotations: Quotation[], limit = engine.settings.maxQuotes): Excerpt[] {
  return twinGroups(quotations)
    .slice(0, limit)
    .map((twins) => excerptOf(engine, twins))
}

/** The excerpt of a quotation and its twins: the first one's words, citing every article that has them. */
function excerptOf(engine: Engine, twins: readonly Quotation[]): Excerpt {
  const first = twins[0]
  const cite = (x: Quotation): Citation => {
    const n = engine.articleNumber(x.articleId)
    // An id two articles shared (a library caller's), one of them discarded: found by its citation.
    return engine.citations[n >= 0 ? n : engine.citations.findIndex((c) => c.id === x.articleId)]
  }
  const seen = new Set([first.articleId])
  const also = []
  for (const x of twins) {
    if (seen.has(x.articleId)) continue
    seen.add(x.articleId)
    also.push(cite(x))
  }
  return { text: first.text, speaker: first.speaker, article: cite(first), score: 1, also }
}
