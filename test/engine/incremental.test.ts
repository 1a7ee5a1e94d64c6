import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Article, loadArticles, Newsdesk, type Result } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'

const FOLDER = 'test/fixtures/claims/articles'
const CLAIMS = readFileSync('test/fixtures/claims/claims-dev.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { claim: string }).claim)
const QUESTIONS = [
  'How much is the pay rise for dock workers?',
  'When was the wildfire contained?',
  'Who said the bridge would reopen?',
  ...CLAIMS.slice(0, 20),
]

/** What a person sees of a result: the message, the excerpts, the cited articles. */
function seen(result: Result) {
  return {
    kind: result.kind,
    message: result.message,
    excerpts: result.excerpts.map((e) => [e.text, e.article.id, e.speaker ?? null]),
    confidence: 'confidence' in result ? result.confidence : undefined,
  }
}

function expectSameAnswers(changed: Newsdesk, fresh: Newsdesk): void {
  for (const q of QUESTIONS) {
    expect(seen(changed.ask(q)), q).toEqual(seen(fresh.ask(q)))
    expect(seen(changed.source(q)), q).toEqual(seen(fresh.source(q)))
  }
  for (const q of ['Okafor', 'what did the mayor say about the fire']) {
    expect(seen(changed.quote(q)), q).toEqual(seen(fresh.quote(q)))
  }
  expect(changed.size).toBe(fresh.size)
  expect(changed.speakers()).toEqual(fresh.speakers())
}

// With `commonArticles: 2`, words in more than two articles take the index's other path.
const TUNINGS = [{}, { commonArticles: 2, commonShare: 0.02 }]

describe('changing the corpus in place', () => {
  let all: Article[]
  beforeAll(async () => {
    all = (await loadArticles(FOLDER)).articles
  })

  it('answers as a fresh build does once articles are added', () => {
    const changed = Newsdesk.build(all.slice(0, 10))
    changed.update({ add: all.slice(10, 17) })
    changed.update({ add: all.slice(17) })
    expectSameAnswers(changed, Newsdesk.build(all))
  })

  it.each(TUNINGS)('answers as before once articles are discarded and added again (tuning %j)', (tuning) => {
    // Which words are common is decided when the index is built: the same corpus, the same words.
    const changed = Newsdesk.build(all, { tuning })
    const again = all.filter((_, i) => i % 4 === 2)
    changed.update({ discard: again.map((a) => a.id) })
    changed.update({ add: again })
    expectSameAnswers(changed, Newsdesk.build(all, { tuning }))
  })

  it('answers as a fresh build does once articles are discarded', () => {
    const tuning = {}
    const gone = new Set(all.filter((_, i) => i % 3 === 1).map((a) => a.id))
    const changed = Newsdesk.build(all, { tuning })
    changed.update({ discard: [...gone] })
    const fresh = Newsdesk.build(
      all.filter((a) => !gone.has(a.id)),
      { tuning },
    )
    expect(changed.size).toBe(all.length - gone.size)
    expect(changed.source('').articles.map((a) => a.id)).toEqual(fresh.source('').articles.map((a) => a.id))
    expect(changed.titles().length).toBe(fresh.titles().length)
    expectSameAnswers(changed, fresh)
  })

  it('a replaced article is cited in its new words, never its old ones', () => {
    const engine = Newsdesk.build(all)
    const old = all[0]
    const edited: Article = {
      ...old,
      paragraphs: ['The Zarnow council voted on Tuesday to rename the square after the poet Ilse Varga.'],
      text: 'The Zarnow council voted on Tuesday to rename the square after the poet Ilse Varga.',
    }
    const before = engine.ask(`${old.paragraphs[0]}`)
    expect(before.kind).toBe('answer')
    const [added] = engine.update({ discard: [old.id], add: [edited] })
    expect(added.id).toBe(old.id)
    expect(engine.size).toBe(all.length)
    const after = engine.ask('What did the Zarnow council vote to rename the square after?')
    expect(after.excerpts[0].text).toContain('Ilse Varga')
    expect(after.excerpts[0].article.id).toBe(old.id)
    // The old words are nowhere to be found.
    const stale = engine.ask(old.paragraphs[0])
    expect(stale.excerpts.some((e) => old.text.includes(e.text) && e.article.id === old.id)).toBe(false)
  })

  it('an added article whose id is taken gets a numbered one, and both are served', () => {
    const engine = Newsdesk.build(all)
    const twin: Article = {
      ...all[1],
      title: 'Another one',
      text: 'The Oberau ferry sank.',
      paragraphs: ['The Oberau ferry sank.'],
    }
    const [added] = engine.update({ add: [twin] })
    expect(added.id).toBe(`${all[1].id}-2`)
    expect(engine.ask('What happened to the Oberau ferry?').excerpts[0].article.id).toBe(added.id)
    expect(engine.titles().map((t) => t.id)).toContain(all[1].id)
  })

  it('a discarded speaker is no longer offered, and their quotations are not quoted', () => {
    const engine = Newsdesk.build(all)
    const speaker = engine.speakers()[0]
    const theirs = engine.quote(speaker)
    const ids = [...new Set(theirs.excerpts.map((e) => e.article.id))]
    engine.update({ discard: ids })
    expect(engine.speakers()).not.toContain(speaker)
    for (const e of engine.quote(speaker).excerpts) expect(ids).not.toContain(e.article.id)
  })

  it('is saved and read back as it is after the changes', async () => {
    const tuning = { commonArticles: 2, commonShare: 0.02 }
    const changed = Newsdesk.build(all.slice(0, 15), { tuning })
    changed.update({ discard: [all[3].id, all[7].id], add: all.slice(15) })
    const dir = tempDir()
    await changed.save(dir)
    const restored = await Newsdesk.restore(dir, { tuning })
    expect(restored).not.toBeNull()
    expectSameAnswers(restored as Newsdesk, changed)
  })
})
