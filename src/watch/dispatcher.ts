import type { WatchMatch } from '../answer/watch.js'
import { ConfigError } from '../errors.js'
import type { Newsdesk } from '../newsdesk.js'
import type { Article, Logger } from '../types.js'
import type { Watch, WatchStore } from './watch-store.js'

/** One article matching one watch: what a channel is told. */
export interface WatchPost {
  watch: Watch
  /** The watch's number in its channel's list (as `/watches` shows it). */
  number: number
  match: WatchMatch
}

/** Posts to the channels of one platform (the part of a channel name before the colon). */
export interface WatchSender {
  /** One match, as its own message. */
  post(channel: string, post: WatchPost): Promise<void>
  /** Several matches gathered in one message. */
  digest(channel: string, posts: WatchPost[]): Promise<void>
}

/** How often a channel is posted to. */
export interface DispatchOptions {
  logger: Logger
  /** Messages per channel within `windowMs`, at most (default 3); the rest go in one digest. */
  maxPosts: number
  /** The window, in ms (default ten minutes). */
  windowMs: number
}

export const DEFAULT_DISPATCH_OPTIONS: Readonly<Omit<DispatchOptions, 'logger'>> = Object.freeze({
  maxPosts: 3,
  windowMs: 10 * 60_000,
})

interface ChannelWindow {
  start: number
  sent: number
  held: WatchPost[]
  timer: NodeJS.Timeout | null
}

/** What identifies an article across its sources: its link, else the file it came from. */
export function articleKey(article: Pick<Article, 'url' | 'source'>): string {
  return article.url ?? `file:${article.source}`
}

/**
 * Checks each article the corpus gains against every watch and posts the matches to the
 * watching channels: one post per article per watch, whatever the article came from (a feed,
 * a chat, the command line, the folder), and never again after a restart. A channel gets at
 * most `maxPosts` messages per `windowMs`: a burst (a feed's backlog, a folder copy) becomes
 * one digest instead of fifty posts.
 */
export class WatchDispatcher {
  private readonly options: DispatchOptions
  private readonly senders = new Map<string, WatchSender>()
  private readonly windows = new Map<string, ChannelWindow>()
  private closed = false

  constructor(
    private readonly engine: Newsdesk,
    private readonly store: WatchStore,
    options: Partial<DispatchOptions> & { logger: Logger },
  ) {
    this.options = { ...DEFAULT_DISPATCH_OPTIONS, ...options }
    const { maxPosts, windowMs } = this.options
    if (!Number.isInteger(maxPosts) || maxPosts < 1) {
      throw new ConfigError(`Newsdesk: the option maxPosts must be a whole number of at least 1 (got ${maxPosts})`)
    }
    if (!Number.isFinite(windowMs) || windowMs < 0) {
      throw new ConfigError(`Newsdesk: the option windowMs must be a number of milliseconds, 0 or more`)
    }
  }

  /** Where the channels named `${platform}:…` (or exactly `platform`) are posted to. */
  addSender(platform: string, sender: WatchSender): void {
    this.senders.set(platform, sender)
  }

  /** Checks newly indexed articles against every watch and posts (or holds) the matches. */
  async articlesAdded(articles: readonly Article[]): Promise<void> {
    const byChannel = new Map<string, WatchPost[]>()
    for (const watch of this.store.all()) {
      if (!this.senders.has(platformOf(watch.channel))) continue
      for (const article of articles) {
        const key = articleKey(article)
        if (this.store.posted(watch, key)) continue
        const match = this.engine.matchWatch(article.id, watch)
        if (match === null) continue
        await this.store.markPosted(watch, key)
        const number = this.store.list(watch.channel).indexOf(watch) + 1
        byChannel.set(watch.channel, [...(byChannel.get(watch.channel) ?? []), { watch, number, match }])
      }
    }
    for (const [channel, posts] of byChannel) await this.deliver(channel, posts)
  }

  /** Stops: what is held for a digest is sent now. */
  async close(): Promise<void> {
    this.closed = true
    for (const [channel, w] of this.windows) {
      if (w.timer !== null) clearTimeout(w.timer)
      if (w.held.length > 0) await this.send(channel, w.held.splice(0))
    }
  }

  // Within the channel's allowance: each post on its own, or one digest when the update brings
  // more than is left of it. Beyond it: held, and sent as one digest when the window ends.
  private async deliver(channel: string, posts: WatchPost[]): Promise<void> {
    const now = Date.now()
    let w = this.windows.get(channel)
    if (w === undefined || (now - w.start >= this.options.windowMs && w.held.length === 0)) {
      w = { start: now, sent: 0, held: [], timer: null }
      this.windows.set(channel, w)
    }
    const left = this.options.maxPosts - w.sent
    if (left <= 0 || w.held.length > 0) {
      w.held.push(...posts)
      this.holdUntilWindowEnds(channel, w)
      return
    }
    if (posts.length <= left) {
      w.sent += posts.length
      for (const post of posts) await this.send(channel, [post])
      return
    }
    w.sent++
    await this.send(channel, posts)
  }

  private holdUntilWindowEnds(channel: string, w: ChannelWindow): void {
    if (w.timer !== null || this.closed) return
    const wait = Math.max(0, w.start + this.options.windowMs - Date.now())
    w.timer = setTimeout(() => {
      w.timer = null
      const held = w.held.splice(0)
      // A new window opens with the digest as its first message.
      w.start = Date.now()
      w.sent = 1
      void this.send(channel, held)
    }, wait)
    w.timer.unref()
  }

  private async send(channel: string, posts: WatchPost[]): Promise<void> {
    const sender = this.senders.get(platformOf(channel))
    if (sender === undefined || posts.length === 0) return
    const target = channel.includes(':') ? channel.slice(channel.indexOf(':') + 1) : channel
    try {
      if (posts.length === 1) await sender.post(target, posts[0])
      else await sender.digest(target, posts)
    } catch (err) {
      this.options.logger.warn(`Newsdesk: could not post a watch match to ${channel} (${(err as Error).message})`)
    }
  }
}

function platformOf(channel: string): string {
  const colon = channel.indexOf(':')
  return colon < 0 ? channel : channel.slice(0, colon)
}
