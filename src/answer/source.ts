import type { ArticleSummary, Excerpt, Result, Stance } from '../types.js'
import { coverageNeeded, type Engine } from './engine.js'
import { nearest, noAnswer, round, toExcerpt } from './excerpt.js'
import { analyseQuestion } from './question.js'
import { rankPassages, type ScoredPassage } from './rank-passages.js'
import { claimParts, claimStance, overall } from './stance.js'
import { say } from './wording.js'

/**
 * `source`: the articles that back a claim, each with its best excerpt; with no text, the whole
 * corpus (title, outlet, date, link, number of quotations).
 */
export function source(engine: Engine, query = ''): Result {
  const { settings } = engine
  const articles = engine.index.articleCount
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
  const { best, all } = rankSource(engine, text, settings.maxSources)
  const onTopic = best.filter((r) => r.coverage >= coverageNeeded(engine)).slice(0, settings.maxSources)
  const confidence = round(best.reduce((m, r) => Math.max(m, r.coverage), 0))
  if (onTopic.length === 0) {
    return { ...noAnswer('source', text, say.supportsNone(articles), nearest(engine, best)), confidence }
  }
  const parts = claimParts(text)
  const weight = termWeight(engine)
  const read = onTopic.map((r) => excerptWithStance(engine, r, all, parts, weight))
  // What states the claim or denies it first; what only mentions the topic after.
  const order: Record<Stance, number> = { supports: 0, contradicts: 1, mentions: 2 }
  read.sort((a, b) => order[a.stance] - order[b.stance])
  const excerpts = read.map((x) => x.excerpt)
  return {
    kind: 'answer',
    command: 'source',
    query: text,
    answered: true,
    message: verdict(read, parts),
    excerpts,
    articles: excerpts.map((e) => e.article),
    confidence,
  }
}

// How many of an article's best sentences are read for one that states or denies the claim.
const SENTENCES_READ = 4

interface ReadExcerpt {
  excerpt: Excerpt
  stance: Stance
  /** The stance towards each part of the claim. */
  parts: Stance[]
}

/**
 * An article's excerpt for a claim, with its stance: of its best few sentences, the first that
 * states the claim, else the first that denies it, else the best.
 */
function excerptWithStance(
  engine: Engine,
  best: ScoredPassage,
  all: ScoredPassage[],
  parts: string[],
  weight: (term: string) => number,
): ReadExcerpt {
  const candidates = [best, ...all.filter((r) => r.passage.article === best.passage.article && r !== best)]
  const article = engine.index.articles[best.passage.article]
  const setting = `${article.title}\n${article.paragraphs[0] ?? ''}`
  const read = candidates.slice(0, SENTENCES_READ).map((r) => {
    const excerpt = toExcerpt(engine, r)
    const stances = claimStance(parts, excerpt.text, weight, setting)
    return { excerpt, stance: overall(stances), parts: stances }
  })
  const pick = read.find((x) => x.stance === 'supports') ?? read.find((x) => x.stance === 'contradicts') ?? read[0]
  pick.excerpt.stance = pick.stance
  return pick
}

/** The message: what was found, honestly, and which part of a claim no article backs. */
function verdict(read: ReadExcerpt[], parts: string[]): string {
  const supporting = read.filter((x) => x.stance === 'supports').length
  const against = read.filter((x) => x.stance === 'contradicts').length
  if (supporting > 0 && against > 0) return say.supportsAndOtherwise(supporting, against)
  if (supporting > 0) return say.supports(supporting)
  if (against > 0) return say.saysOtherwise(against)
  if (parts.length > 1) {
    const backed = parts.filter((_, i) => read.some((x) => x.parts[i] === 'supports'))
    if (backed.length > 0)
      return say.partly(
        backed,
        parts.filter((p) => !backed.includes(p)),
      )
  }
  return say.mentionsOnly(read.length)
}

/** A word's weight in a claim: its IDF over the corpus's paragraphs (an unknown word, the most). */
function termWeight(engine: Engine): (term: string) => number {
  const { index } = engine
  return (term) => {
    const id = index.termId(term)
    return id === undefined || id === null ? index.idf(0) : index.idf(index.paragraphDf(id))
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
  return rankSource(engine, query, limit).best
}

/** `rankForSource`, with every ranked sentence too (for the stance, which reads a few per article). */
function rankSource(engine: Engine, query: string, limit: number): { best: ScoredPassage[]; all: ScoredPassage[] } {
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
  return { best: [...bestPerArticle.values()].sort((a, b) => blend(b) - blend(a)).slice(0, limit), all: ranked }
}

/** The corpus, newest first, then by title. */
export function listArticles(engine: Engine): ArticleSummary[] {
  return engine.citations
    .flatMap((c, i) => (engine.index.isLive(i) ? [{ ...c, quotes: engine.quotes.byArticle[i].length }] : []))
    .sort((a, b) => (b.published ?? '').localeCompare(a.published ?? '') || a.title.localeCompare(b.title))
}
