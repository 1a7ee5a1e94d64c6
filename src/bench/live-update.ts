// The live-corpus scenario of `npm run bench -- --live 100k`: a data folder of N articles is
// served and watched while questions keep coming; an article file is added, then edited, then
// removed, and written again. Measured: how long from the file being written until the change
// is answerable, how long each answer took meanwhile, counted from when it was due (so that time
// the main thread spent on the update counts against the answer), and the background save.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Article, keepLive, Newsdesk } from '../index.js'
import { percentile } from './percentile.js'

export interface LiveFigures {
  articles: number
  /** The watcher's start-up work in the background (see `LiveCorpus.prepared`), in ms. */
  preparedMs: number
  /** From the file written to the change answerable, in ms. */
  addMs: number
  editMs: number
  removeMs: number
  /** Answers while the changes were applied (from each write until answerable). */
  duringUpdate: Latencies
  /** Answers while the saved index was brought up to date in the background. */
  duringSave: Latencies
  saveSeconds: number
}

interface Latencies {
  answers: number
  p50: number
  p99: number
  max: number
}

const ADDED = (when: string): string =>
  `---\ntitle: Zarnow square renamed\noutlet: Bench Gazette\n---\n` +
  `The Zarnow council voted ${when} to rename the market square after the poet Ilse Varga.\n\n` +
  'The vote was unanimous, the clerk said.\n'
const PER_FILE = 50_000
const QUESTION = 'When did the Zarnow council vote to rename the market square?'

/**
 * Runs the scenario over `articles`, with one of `queries` due every `everyMs` meanwhile (100
 * a second by default: far more than a team asks, and little enough that answers do not queue
 * behind one another on their own).
 */
export async function liveScenario(articles: Article[], queries: string[], everyMs = 10): Promise<LiveFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-bench-live-'))
  const cacheDir = mkdtempSync(join(tmpdir(), 'newsdesk-bench-cache-'))
  try {
    // In files of 50,000 articles: a million articles' JSON is past the longest string V8 makes.
    for (let i = 0; i < articles.length; i += PER_FILE) {
      const lines = articles
        .slice(i, i + PER_FILE)
        .map((a) => JSON.stringify({ id: a.id, title: a.title, text: a.text, outlet: a.outlet }))
      writeFileSync(join(dir, `corpus-${String(i / PER_FILE).padStart(3, '0')}.jsonl`), lines.join('\n'))
    }
    process.stderr.write(`live: indexing ${articles.length} articles from a data folder…\n`)
    // As `newsdesk start` does: the index is saved at the start, and each save after a change
    // starts from the one before.
    const engine = await Newsdesk.fromDirectory(dir, {}, { cacheDir })
    const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }
    let saved: () => void = () => {}
    const live = keepLive(engine, dir, { logger: quiet, cacheDir, onSave: () => saved() })
    await live.ready
    // The watcher's start-up work (which file gave which article, room to grow) is done in the
    // background; it is timed on its own, and the changes are measured once it is over.
    const p0 = performance.now()
    await live.prepared
    const preparedMs = performance.now() - p0

    const update: number[] = []
    const save: number[] = []
    let into: number[] = update
    let next = 0
    let stop = false
    let due = performance.now()
    let watchFor: ((engine: Newsdesk) => boolean) | null = null
    let seen: (() => void) | null = null
    const loop = (): void => {
      if (stop) return
      const t = performance.now()
      engine.ask(queries[next++ % queries.length])
      into.push(performance.now() - Math.min(t, due))
      // Every fifth turn: is the change answerable yet?
      if (next % 5 === 0 && watchFor?.(engine)) {
        watchFor = null
        seen?.()
      }
      due += everyMs
      setTimeout(loop, Math.max(0, due - performance.now()))
    }
    const change = async (write: () => Promise<void>, done: (e: Newsdesk) => boolean): Promise<number> => {
      const visible = new Promise<void>((r) => (seen = r))
      watchFor = done
      const t0 = performance.now()
      await write()
      await visible
      return performance.now() - t0
    }
    const file = join(dir, 'zarnow.md')
    loop()
    const addMs = await change(
      () => writeFile(file, ADDED('on Tuesday')),
      (e) => e.ask(QUESTION).excerpts[0]?.text.includes('Tuesday') === true,
    )
    const editMs = await change(
      () => writeFile(file, ADDED('on Thursday')),
      (e) => e.ask(QUESTION).excerpts[0]?.text.includes('Thursday') === true,
    )
    const removeMs = await change(
      () => unlink(file),
      (e) => e.ask(QUESTION).excerpts[0]?.text.includes('Zarnow') !== true,
    )
    // Back again, so that the folder differs from the one saved at the start.
    await change(
      () => writeFile(file, ADDED('on Friday')),
      (e) => e.ask(QUESTION).excerpts[0]?.text.includes('Friday') === true,
    )
    into = save
    const s0 = performance.now()
    await new Promise<void>((r) => (saved = r))
    const saveSeconds = (performance.now() - s0) / 1000
    stop = true
    await live.close()
    return {
      articles: engine.size,
      preparedMs,
      addMs,
      editMs,
      removeMs,
      duringUpdate: summary(update),
      duringSave: summary(save),
      saveSeconds,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(cacheDir, { recursive: true, force: true })
  }
}

function summary(times: number[]): Latencies {
  return {
    answers: times.length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times.reduce((m, t) => Math.max(m, t), 0),
  }
}
