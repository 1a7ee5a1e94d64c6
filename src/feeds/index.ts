/**
 * Feed subscriptions: the list of feeds a news team follows (`feeds.txt` in the data folder), the
 * feed parser, and the poller that turns new items into article files the folder watcher indexes.
 */
export {
  addFeed,
  FEED_LIST_FILE,
  type FeedEntry,
  type FeedListChange,
  type FeedListRead,
  parseEvery,
  parseFeedList,
  readFeedList,
  removeFeed,
} from './feed-list.js'
export {
  canonicalLink,
  FEED_STATE_FILE,
  type FeedState,
  type PollerState,
  readPollerState,
  type SeenItem,
} from './feed-state.js'
export { FEED_CONTENT_TYPES, type FeedItem, type ParsedFeed, parseFeed } from './parse-feed.js'
export {
  DEFAULT_POLLER_OPTIONS,
  FEEDS_FOLDER,
  type FeedArticleEvent,
  FeedPoller,
  type FeedPollerOptions,
  type FeedPollReport,
  FeedReadError,
  type FeedStatus,
  NODE_TIMERS,
  type PollerTimers,
  resolvePollerOptions,
} from './poller.js'
