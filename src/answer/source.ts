import type { ArticleSummary, Result } from '../types.js'
import type { Engine } from './engine.js'
import { nearest, noAnswer, round, toExcerpt } from './excerpt.js'
import { analyseQuestion } from './question.js'
import { rankPassages, type ScoredPassage } from './rank-passages.js'
import { say } from './wording.js'

/**
 * `source`: the articles that back a claim, each with its best excerpt; with no text, the whole
 * corpus (title, outlet, date, link, number of quotations).
 */
export function source(engine: Engine, query = ''): Result {
  const { settings } = engine
  const articles = engine.index.articles.length
  const text = query.trim()
  if (text === '') {
    const list = listArticles(engine)
    return {
      kind: 'listing',
      command: 'source',
      query: '',
      answered: true,
      message: say.listing(articles),
      excerpts: [],
      articles: list,
    }
  }
  const ranked = rankForSource(engine, text)
  const supporting = ranked.filter((r) => r.coverage >= settings.minCoverage).slice(0, settings.maxSources)
  const confidence = round(ranked.reduce((m, r) => Math.max(m, r.coverage), 0))
  if (supporting.length === 0) {
    return { ...noAnswer('source', text, say.supportsNone(articles), nearest(engine, ranked)), confidence }
  }
  const excerpts = supporting.map((r) => toExcerpt(engine, r))
  return {
    kind: 'answer',
    command: 'source',
    query: text,
    answered: true,
    message: say.supports(excerpts.length),
    excerpts,
    articles: excerpts.map((e) => e.article),
    confidence,
  }
}

/**
 * Articles ranked for a query, best first, with their scores: the ranking `source` uses,
 * without its cut-off (for evaluation).
 */
export function rankArticles(engine: Engine, query: string, limit = 100): Array<{ id: string; score: number }> {
  return rankForSource(engine, query, limit).map((r) => ({
    id: engine.index.articles[r.passage.article].id,
    score: r.score,
  }))
}

/**
 * Each candidate article by its best sentence, ranked by a blend: an article backs a claim by its
 * best sentence and by the whole of it (stage one's score, a flat BM25 over title and body, its
 * best window of sentences, and the question's word pairs it holds).
 */
export function rankForSource(engine: Engine, query: string, limit = engine.settings.maxSources): ScoredPassage[] {
  const { index, tuning, settings } = engine
  const q = analyseQuestion(query, index, tuning)
  const ranked = rankPassages(index, q, tuning, {
    candidateArticles: Math.max(settings.candidateArticles, limit),
    candidateParagraphs: Math.max(tuning.candidateParagraphs, limit * 3),
    features: true,
  })
  const bestPerArticle = new Map<number, ScoredPassage>()
  for (const r of ranked) {
    if (!bestPerArticle.has(r.passage.article)) bestPerArticle.set(r.passage.article, r)
  }
  const top = ranked[0]?.score ?? 1
  let topFlat = 0
  let topWindow = 0
  for (const r of bestPerArticle.values()) {
    topFlat = Math.max(topFlat, r.features?.flat ?? 0)
    topWindow = Math.max(topWindow, r.features?.window ?? 0)
  }
  const blend = (r: ScoredPassage): number => {
    const f = r.features ?? { flat: 0, pairs: 0, window: 0 }
    return (
      tuning.sourceBlend * r.articleScore +
      ((1 - tuning.sourceBlend) * r.score) / top +
      tuning.sourceFlat * (topFlat > 0 ? f.flat / topFlat : 0) +
      tuning.sourcePairs * f.pairs +
      tuning.sourceWindow * (topWindow > 0 ? f.window / topWindow : 0)
    )
  }
  return [...bestPerArticle.values()].sort((a, b) => blend(b) - blend(a)).slice(0, limit)
}

/** The corpus, newest first, then by title. */
export function listArticles(engine: Engine): ArticleSummary[] {
  return engine.citations
    .map((c, i) => ({ ...c, quotes: engine.quotes.byArticle[i].length }))
    .sort((a, b) => (b.published ?? '').localeCompare(a.published ?? '') || a.title.localeCompare(b.title))
}
