// The one entry point adapters import from. Nothing here knows about chat platforms.
export { Newsdesk, DEFAULT_OPTIONS } from './newsdesk.js'
export type { NewsdeskOptions } from './newsdesk.js'
export { loadArticles, NoArticlesError } from './ingest/load.js'
export type { LoadResult, LoadWarning } from './ingest/load.js'
export { renderText } from './render-text.js'
export { consoleLogger, silentLogger } from './logger.js'
export type {
  Article,
  ArticleSummary,
  AskOptions,
  Citation,
  Command,
  Excerpt,
  Logger,
  Quotation,
  Result
} from './types.js'
