import type { QuoteBook } from '../quotes/quote-book.js'
import type { CorpusIndex } from '../search/corpus-index.js'
import type { Tuning } from '../tuning.js'
import type { Citation } from '../types.js'

/** The settings the command pipelines read (a resolved `NewsdeskOptions`, without its hooks). */
export interface AnswerSettings {
  maxExcerpts: number
  maxQuotes: number
  maxSources: number
  minCoverage: number
  candidateArticles: number
}

/**
 * What every command pipeline works on: the index, the quotations, the citations (one per
 * article, by article index), the settings and the tuning. Pipelines are pure functions of it.
 */
export interface Engine {
  index: CorpusIndex
  quotes: QuoteBook
  citations: Citation[]
  /** The number of the article served under an id (its citation's place), -1 for none. */
  articleNumber: (id: string) => number
  settings: AnswerSettings
  tuning: Tuning
}

/**
 * The coverage an answer needs over this corpus: `minCoverage`, raised by the share
 * `coverageGrowth` for each tenfold of articles served beyond `coverageGrowthFrom`. The best of
 * more candidates covers more of an unrelated question by chance (off-topic questions abstained
 * fell from 92.0% at 100,000 articles to 90.4% at a million with a fixed threshold); the threshold
 * was set on corpora smaller than `coverageGrowthFrom`, where it stays as it is.
 */
export function coverageNeeded(engine: Engine): number {
  const { index, settings, tuning } = engine
  const tenfolds = Math.log10(index.articleCount / tuning.coverageGrowthFrom)
  if (!(tenfolds > 0)) return settings.minCoverage
  return Math.min(1, settings.minCoverage * (1 + tuning.coverageGrowth * tenfolds))
}

/** The most excerpts or quotations one result holds (a request's `limit`). */
export const MAX_LIMIT = 100
