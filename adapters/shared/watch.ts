import type { Answer, WatchDispatcher, WatchPost, WatchStore } from '../../src/index.js'
import type { FeedsControl } from './feeds.js'

/** Watches from chat: where they are kept, and what posts their matches; and the feeds, for editors. */
export interface ChatWatching {
  store: WatchStore
  dispatcher: WatchDispatcher
  feeds?: FeedsControl
}

/** What a channel is told when the service runs without watches (a test set-up, a bare adapter). */
export const WATCHES_OFF = 'Watches are not available here.'

/** The longest digest: the rest is counted, not shown. */
const DIGEST_SHOWN = 20

const HOW_TO = 'Add one with /watch <topic>, or /watch quote <name> for what a person says.'

/**
 * `/watch <topic>` or `/watch quote <name>` in a channel: registers a watch there. The reply says
 * what is watched and its number, or why not.
 */
export async function watchCommand(
  store: WatchStore,
  channel: string,
  user: string | null,
  text: string,
): Promise<string> {
  const words = text.replace(/\s+/g, ' ').trim()
  if (words === '') return `What should I watch for? ${HOW_TO}`
  const quote = /^quotes?\s+(.*)$/i.exec(words)
  const kind = quote === null ? 'topic' : 'quote'
  const query = quote === null ? words : quote[1]
  const added = await store.add(channel, kind, query, user)
  if (typeof added === 'string') return added
  const n = store.list(channel).indexOf(added) + 1
  const what = kind === 'quote' ? `what ${added.query} says` : `"${added.query}"`
  return (
    `Watching for ${what} here (watch ${n}). Each new article that matches is posted here with ` +
    'the sentence that matched and its source. /watches lists this channel’s watches.'
  )
}

/** `/watches`: the channel's watches, numbered as `/unwatch` takes them. */
export function watchesCommand(store: WatchStore, channel: string): string {
  const list = store.list(channel)
  if (list.length === 0) return `This channel watches nothing yet. ${HOW_TO}`
  const lines = list.map((w, i) => `${i + 1}. ${w.kind === 'quote' ? `what ${w.query} says` : `"${w.query}"`}`)
  return `Watches in this channel:\n${lines.join('\n')}\nRemove one with /unwatch <number>.`
}

/** `/unwatch <n>`: removes the channel's watch number n. */
export async function unwatchCommand(store: WatchStore, channel: string, text: string): Promise<string> {
  const n = Number(text.trim())
  if (!Number.isInteger(n) || n < 1) return 'Which watch? Give its number, as /watches lists them: /unwatch 2'
  const removed = await store.remove(channel, n)
  if (removed === null) return `There is no watch ${n} here; /watches lists them.`
  return `Stopped watching ${removed.kind === 'quote' ? `what ${removed.query} says` : `"${removed.query}"`}.`
}

/**
 * Watch matches as an answer, so every platform renders them as it renders answers (escaping,
 * limits and mention safety included): one match, or a digest of several.
 */
export function watchResult(posts: WatchPost[]): Answer {
  const shown = posts.slice(0, DIGEST_SHOWN)
  const label = (p: WatchPost): string =>
    p.watch.kind === 'quote' ? `what ${p.watch.query} says` : `"${p.watch.query}"`
  const first = shown[0]
  const message =
    posts.length === 1
      ? `New article for watch ${first.number} (${label(first)}):`
      : `${posts.length} new articles match this channel’s watches` +
        `${posts.length > shown.length ? ` (the first ${shown.length} shown)` : ''}:`
  const excerpts = shown.map((p) => p.match.excerpt)
  const articles = [...new Map(excerpts.map((e) => [e.article.id, e.article])).values()]
  return {
    kind: 'answer',
    command: first.watch.kind === 'quote' ? 'quote' : 'ask',
    query: first.watch.query,
    answered: true,
    message,
    excerpts,
    articles,
  }
}
