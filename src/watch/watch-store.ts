import { join } from 'node:path'
import { readJsonFile, writeJsonFile } from '../store/json-file.js'
import type { Logger } from '../types.js'

/** A channel's watch: a topic, or what a person says. */
export interface Watch {
  /** Unique for good (numbers are not reused), unlike the number a channel's list shows. */
  id: number
  /** Where matches are posted: "slack:C0123", "discord:1234…", "console". */
  channel: string
  kind: 'topic' | 'quote'
  /** The topic's words, or the speaker's name. */
  query: string
  /** Who asked for it (a platform user id), if known. */
  by: string | null
  created: string
}

interface Saved {
  version: 1
  nextId: number
  watches: Watch[]
  /** Per watch id, the articles already posted for it (see `articleKey`). */
  posted: Record<string, string[]>
}

/** Watches per channel, at most. */
export const MAX_WATCHES_PER_CHANNEL = 25
/** Characters of a topic or a name, at most. */
export const MAX_WATCH_CHARS = 200
// Posted articles remembered per watch: enough to never post one twice in practice.
const POSTED_KEPT = 5000

/**
 * The watches of every channel and what was posted for each, kept in the data folder
 * (`.newsdesk/watches.json`, written atomically), so that they survive a restart and nothing
 * is posted twice. A damaged file is reported and set aside, never a crash.
 */
export class WatchStore {
  private saved: Saved = { version: 1, nextId: 1, watches: [], posted: {} }
  private readonly postedSets = new Map<number, Set<string>>()
  private writing: Promise<void> = Promise.resolve()

  private constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {}

  /** The watches saved in `dataDir` (none yet when there is no file). */
  static async open(dataDir: string, logger: Logger): Promise<WatchStore> {
    const store = new WatchStore(join(dataDir, '.newsdesk', 'watches.json'), logger)
    try {
      const raw = (await readJsonFile(store.path)) as Partial<Saved> | null
      if (raw !== null) {
        if (!Array.isArray(raw.watches) || typeof raw.nextId !== 'number') throw new Error('not a list of watches')
        store.saved = {
          version: 1,
          nextId: raw.nextId,
          watches: raw.watches.filter(isWatch),
          posted: typeof raw.posted === 'object' && raw.posted !== null ? raw.posted : {},
        }
      }
    } catch (err) {
      logger.warn(`Newsdesk: could not read the watches in ${store.path}; starting without them (${String(err)})`)
    }
    for (const [id, keys] of Object.entries(store.saved.posted)) {
      if (Array.isArray(keys)) store.postedSets.set(Number(id), new Set(keys.map(String)))
    }
    return store
  }

  /** Every watch, oldest first. */
  all(): readonly Watch[] {
    return this.saved.watches
  }

  /** A channel's watches, oldest first: `/watches` numbers them from 1 in this order. */
  list(channel: string): Watch[] {
    return this.saved.watches.filter((w) => w.channel === channel)
  }

  /** Registers a watch; a message saying why not when it cannot be. */
  async add(channel: string, kind: Watch['kind'], query: string, by: string | null): Promise<Watch | string> {
    const words = query.replace(/\s+/g, ' ').trim()
    if (words === '') return kind === 'quote' ? 'Whose words should I watch for?' : 'What topic should I watch for?'
    if (words.length > MAX_WATCH_CHARS) return `That is too long to watch for (at most ${MAX_WATCH_CHARS} characters).`
    const mine = this.list(channel)
    const same = mine.find((w) => w.kind === kind && w.query.toLowerCase() === words.toLowerCase())
    if (same !== undefined) return `This channel already watches that (watch ${mine.indexOf(same) + 1}).`
    if (mine.length >= MAX_WATCHES_PER_CHANNEL) {
      return (
        `This channel has ${MAX_WATCHES_PER_CHANNEL} watches, the most it can have: ` +
        'remove one with /unwatch first.'
      )
    }
    const watch: Watch = { id: this.saved.nextId++, channel, kind, query: words, by, created: new Date().toISOString() }
    this.saved.watches.push(watch)
    await this.save()
    return watch
  }

  /** Removes a channel's watch by its number in `list(channel)` (from 1); null when there is none. */
  async remove(channel: string, n: number): Promise<Watch | null> {
    const watch = this.list(channel)[n - 1]
    if (watch === undefined) return null
    this.saved.watches = this.saved.watches.filter((w) => w !== watch)
    this.postedSets.delete(watch.id)
    await this.save()
    return watch
  }

  /** Whether an article (by `articleKey`) was posted for a watch. */
  posted(watch: Watch, key: string): boolean {
    return this.postedSets.get(watch.id)?.has(key) === true
  }

  /** Remembers that an article was posted for a watch (saved before the post is sent: never twice). */
  async markPosted(watch: Watch, key: string): Promise<void> {
    let set = this.postedSets.get(watch.id)
    if (set === undefined) {
      set = new Set()
      this.postedSets.set(watch.id, set)
    }
    set.add(key)
    if (set.size > POSTED_KEPT) set.delete(set.values().next().value as string)
    await this.save()
  }

  // One write at a time, in order; a failed write is logged (the next one tries again).
  private save(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const posted: Record<string, string[]> = {}
      for (const w of this.saved.watches) posted[w.id] = [...(this.postedSets.get(w.id) ?? [])]
      this.saved.posted = posted
      try {
        await writeJsonFile(this.path, this.saved)
      } catch (err) {
        this.logger.warn(`Newsdesk: could not save the watches to ${this.path} (${(err as Error).message})`)
      }
    })
    return this.writing
  }
}

function isWatch(value: unknown): value is Watch {
  const w = value as Partial<Watch> | null
  return (
    w !== null &&
    typeof w === 'object' &&
    typeof w.id === 'number' &&
    typeof w.channel === 'string' &&
    (w.kind === 'topic' || w.kind === 'quote') &&
    typeof w.query === 'string'
  )
}
