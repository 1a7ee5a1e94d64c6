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

/** The most excerpts or quotations one result holds (a request's `limit`). */
export const MAX_LIMIT = 100
