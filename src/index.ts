// The one entry point adapters import from. Nothing here knows about chat platforms.

export type { WatchMatch, WatchQuery } from './answer/watch.js'
export { ConfigError, NewsdeskError, NoArticlesError, UsageError } from './errors.js'
export type { FeedEntry, FeedPollerOptions, FeedStatus } from './feeds/index.js'
export {
  addFeed,
  DEFAULT_POLLER_OPTIONS,
  FEED_LIST_FILE,
  FeedPoller,
  parseFeed,
  readFeedList,
  readPollerState,
  removeFeed,
} from './feeds/index.js'
export type { LoadResult, LoadWarning } from './ingest/load.js'
export { loadArticles } from './ingest/load.js'
export type { AddOptions, AddResult } from './live/add-article.js'
export { addArticle } from './live/add-article.js'
export type { LiveCorpus, LiveOptions } from './live/live-corpus.js'
export { DEFAULT_LIVE_OPTIONS, keepLive } from './live/live-corpus.js'
export { consoleLogger, silentLogger } from './logger.js'
export type { FetchedPage, FetchOptions } from './net/safe-fetch.js'
export { DEFAULT_FETCH_OPTIONS, FetchError, safeFetch } from './net/safe-fetch.js'
export type { CacheOptions, NewsdeskOptions } from './newsdesk.js'
export { DEFAULT_OPTIONS, Newsdesk } from './newsdesk.js'
export { type EarlierSave, earlierSave, prepareCacheDir } from './store/cache.js'
export { corpusFingerprint, type FolderState, folderState } from './store/fingerprint.js'
export { type CutOptions, cutToLength } from './text/cut.js'
export type { Tuning } from './tuning.js'
export { DEFAULT_TUNING } from './tuning.js'
export type {
  Answer,
  Article,
  ArticleSummary,
  AskOptions,
  BatchError,
  Citation,
  Command,
  Excerpt,
  Listing,
  Logger,
  NoAnswer,
  Quotation,
  Result,
  Stance,
} from './types.js'
export type { DispatchOptions, WatchPost, WatchSender } from './watch/dispatcher.js'
export { articleKey, DEFAULT_DISPATCH_OPTIONS, WatchDispatcher } from './watch/dispatcher.js'
export type { Watch } from './watch/watch-store.js'
export { MAX_WATCH_CHARS, MAX_WATCHES_PER_CHANNEL, WatchStore } from './watch/watch-store.js'
