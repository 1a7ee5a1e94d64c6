import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Article, Newsdesk, WatchDispatcher, type WatchPost, WatchStore } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import { fromText } from '../../src/ingest/load.js'
import { recordingLogger } from '../support/logger.js'
import { tempDir } from '../support/temp-dir.js'

/** An invented article, as the folder loader would read it from `name`. */
function article(name: string, title: string, ...paragraphs: string[]): Article {
  const record = fromText(`---\ntitle: ${title}\noutlet: Valley Courier\n---\n${paragraphs.join('\n\n')}\n`)
  return makeArticle(record, name)
}

const BASE = [
  article('a.md', 'Budget passes', 'The Tolberg council passed its budget on Monday by nine votes to four.'),
  article('b.md', 'Library hours', 'The Tolberg library will open until ten in the evening from March.'),
  article('c.md', 'Rail works', 'Trains between Tolberg and Oberau will not run in August while the line is repaired.'),
]
const STRIKE = article(
  'strike.md',
  'Dock workers strike',
  'Dock workers in Velmora walked out on Tuesday over pay, halting the container terminal.',
  '"We have waited three years for a fair offer," said the union leader, Mira Holt.',
)
const FERRY = article(
  'ferry.md',
  'Ferry timetable',
  'The Oberau ferry will leave at six from Monday, the operator said.',
)

describe('matching an article against a watch', () => {
  it('finds the verbatim sentence on the topic, and nothing in an article off the topic', () => {
    const engine = Newsdesk.build(BASE)
    const [strike, ferry] = engine.update({ add: [STRIKE, FERRY] })
    const match = engine.matchWatch(strike.id, { kind: 'topic', query: 'dock strike Velmora' })
    expect(match?.excerpt.text).toBe(
      'Dock workers in Velmora walked out on Tuesday over pay, halting the container terminal.',
    )
    expect(match?.excerpt.article.title).toBe('Dock workers strike')
    expect(engine.matchWatch(ferry.id, { kind: 'topic', query: 'dock strike Velmora' })).toBeNull()
    expect(engine.matchWatch('no-such-article', { kind: 'topic', query: 'ferry' })).toBeNull()
  })

  it('finds what a watched person said, under their name, and only theirs', () => {
    const engine = Newsdesk.build(BASE)
    const [strike] = engine.update({ add: [STRIKE] })
    const match = engine.matchWatch(strike.id, { kind: 'quote', query: 'Holt' })
    expect(match?.excerpt.speaker).toBe('Mira Holt')
    expect(match?.excerpt.text).toBe('We have waited three years for a fair offer')
    expect(engine.matchWatch(strike.id, { kind: 'quote', query: 'Ruhl' })).toBeNull()
  })
})

describe('the watches of a data folder', () => {
  it('are kept per channel, numbered from 1, and survive a restart', async () => {
    const dir = tempDir()
    const store = await WatchStore.open(dir, recordingLogger())
    expect(typeof (await store.add('slack:C1', 'topic', 'dock strike', 'U1'))).toBe('object')
    await store.add('slack:C1', 'quote', 'Mira Holt', 'U1')
    await store.add('discord:9', 'topic', 'ferry', null)
    expect(await store.add('slack:C1', 'topic', '  Dock   STRIKE ', 'U2')).toBe(
      'This channel already watches that (watch 1).',
    )
    expect(await store.add('slack:C1', 'topic', '   ', 'U2')).toBe('What topic should I watch for?')
    expect(await store.add('slack:C1', 'topic', 'x'.repeat(201), 'U2')).toMatch(/too long/)
    const again = await WatchStore.open(dir, recordingLogger())
    expect(again.list('slack:C1').map((w) => [w.kind, w.query])).toEqual([
      ['topic', 'dock strike'],
      ['quote', 'Mira Holt'],
    ])
    expect((await again.remove('slack:C1', 1))?.query).toBe('dock strike')
    expect(await again.remove('slack:C1', 5)).toBeNull()
    expect((await WatchStore.open(dir, recordingLogger())).list('slack:C1').map((w) => w.query)).toEqual(['Mira Holt'])
  })

  it('a damaged watches file is reported and set aside, never a crash', async () => {
    const dir = tempDir()
    const store = await WatchStore.open(dir, recordingLogger())
    await store.add('console', 'topic', 'ferry', null)
    writeFileSync(join(dir, '.newsdesk', 'watches.json'), '{"watches": [1, 2')
    const logger = recordingLogger()
    const reopened = await WatchStore.open(dir, logger)
    expect(reopened.all()).toEqual([])
    expect(logger.warnings.join('\n')).toMatch(/could not read the watches/)
    await reopened.add('console', 'topic', 'rail works', null)
    expect(JSON.parse(readFileSync(join(dir, '.newsdesk', 'watches.json'), 'utf8')).watches).toHaveLength(1)
  })
})

describe('posting watch matches', () => {
  /** A dispatcher over `engine` whose posts are recorded, and a way to wait for the next one. */
  async function setUp(engine: Newsdesk, dir: string, options: { maxPosts?: number; windowMs?: number } = {}) {
    const store = await WatchStore.open(dir, recordingLogger())
    const dispatcher = new WatchDispatcher(engine, store, { logger: recordingLogger(), ...options })
    const sent: Array<{ channel: string; posts: WatchPost[] }> = []
    let next: (() => void) | null = null
    const record = async (channel: string, posts: WatchPost[]): Promise<void> => {
      sent.push({ channel, posts })
      next?.()
    }
    dispatcher.addSender('slack', {
      post: (channel, post) => record(channel, [post]),
      digest: (channel, posts) => record(channel, posts),
    })
    return { store, dispatcher, sent, nextPost: () => new Promise<void>((r) => (next = r)) }
  }

  it('posts each matching article once per watch, and never again after a restart', async () => {
    const dir = tempDir()
    const engine = Newsdesk.build(BASE)
    const first = await setUp(engine, dir)
    await first.store.add('slack:C1', 'topic', 'dock strike', 'U1')
    await first.store.add('slack:C2', 'quote', 'Mira Holt', 'U1')
    await first.store.add('discord:9', 'topic', 'dock strike', 'U1')
    const added = engine.update({ add: [STRIKE, FERRY] })
    await first.dispatcher.articlesAdded(added)
    expect(first.sent.map((s) => [s.channel, s.posts.length, s.posts[0].number])).toEqual([
      ['C1', 1, 1],
      ['C2', 1, 1],
    ])
    expect(first.sent[1].posts[0].match.excerpt.speaker).toBe('Mira Holt')
    // The same article again (a feed re-published it, a file was touched): not posted again.
    await first.dispatcher.articlesAdded(added)
    expect(first.sent).toHaveLength(2)
    const restarted = await setUp(engine, dir)
    await restarted.dispatcher.articlesAdded(added)
    expect(restarted.sent).toEqual([])
  })

  it('turns a burst into one digest, and holds what comes after it until the window ends', async () => {
    const dir = tempDir()
    const engine = Newsdesk.build(BASE)
    const { store, dispatcher, sent, nextPost } = await setUp(engine, dir, { maxPosts: 2, windowMs: 200 })
    await store.add('slack:C1', 'topic', 'ferry', 'U1')
    const ferries = [1, 2, 3, 4, 5].map((n) =>
      article(`ferry-${n}.md`, `Ferry news ${n}`, `The Oberau ferry changed its timetable for the ${n}th time.`),
    )
    await dispatcher.articlesAdded(engine.update({ add: ferries.slice(0, 1) }))
    expect(sent.map((s) => s.posts.length)).toEqual([1])
    // Four at once, with one post left in the window: one digest of four.
    await dispatcher.articlesAdded(engine.update({ add: ferries.slice(1) }))
    expect(sent.map((s) => s.posts.length)).toEqual([1, 4])
    // The window is used up: the next match waits for its end, then comes as its own message.
    const late = article('ferry-6.md', 'Ferry news 6', 'The Oberau ferry was cancelled because of fog.')
    const posted = nextPost()
    await dispatcher.articlesAdded(engine.update({ add: [late] }))
    expect(sent).toHaveLength(2)
    await posted
    expect(sent.map((s) => s.posts.length)).toEqual([1, 4, 1])
    await dispatcher.close()
  })
})
