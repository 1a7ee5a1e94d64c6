// `npm run bench -- [--datasets DIR] [--sizes seed,bbc,100k] [--questions N] [--json] [--live 100k [--every-ms 10]]`
// Speed and memory of the real engine at three corpus sizes. Writes nothing into the repository
// (the saved index for the warm start goes to a temporary folder, removed afterwards). With
// `--live SIZE`, only the live-corpus scenario runs (see live-update.ts).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bbc, datasetsDir, readJsonl, type SquadQuestion } from '../datasets/public-data.js'
import { recombine } from '../datasets/recombine.js'
import { UsageError } from '../errors.js'
import { type Article, type Command, loadArticles, Newsdesk } from '../index.js'
import { liveScenario } from './live-update.js'
import { percentile } from './percentile.js'

interface Args {
  datasets: string
  sizes: string[]
  questions: number
  json: boolean
  live: string | null
  /** The live scenario asks a question every this many ms. */
  everyMs: number
}

function parse(argv: string[]): Args {
  const out: Args = {
    datasets: datasetsDir(undefined),
    sizes: ['seed', 'bbc', '100k'],
    questions: 2000,
    json: false,
    live: null,
    everyMs: 10,
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new UsageError(`Newsdesk: ${a} needs a value`)
      return v
    }
    if (a === '--datasets') out.datasets = datasetsDir(value())
    else if (a === '--sizes') out.sizes = value().split(',')
    else if (a === '--questions') {
      out.questions = Number(value())
      if (!Number.isInteger(out.questions) || out.questions < 1)
        throw new UsageError('Newsdesk: --questions is a whole number of questions, at least 1')
    } else if (a === '--json') out.json = true
    else if (a === '--live') out.live = value()
    else if (a === '--every-ms') {
      out.everyMs = Number(value())
      if (!(out.everyMs > 0)) throw new UsageError('Newsdesk: --every-ms is a number of milliseconds, more than 0')
    } else throw new UsageError(`Newsdesk: unknown option ${a}`)
  }
  return out
}

const BARE_MINISEARCH_MAX = 250_000

const gc = (): void => {
  ;(globalThis as { gc?: () => void }).gc?.()
}
const mb = (bytes: number): number => Math.round(bytes / 1e6)

function progress(label: string): (done: number, total: number) => void {
  return (done, total) => {
    const width = 30
    const filled = Math.round((width * done) / total)
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`,
    )
  }
}

function latencies(run: (q: string) => unknown, queries: string[]): { p50: number; p95: number; p99: number } {
  const times: number[] = []
  for (const q of queries) {
    const t = performance.now()
    run(q)
    times.push(performance.now() - t)
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) }
}

/** Latencies of each command (two runs) and the share of off-topic questions abstained. */
function answering(engine: Newsdesk, queries: string[], testQuestions: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const command of ['ask', 'source', 'quote'] as Command[]) {
    row[command] = [1, 2].map(() => latencies((q) => engine.run(command, q), queries))
  }
  // SQuAD's questions are about Wikipedia's topics, not these news articles: each one answered
  // is most likely a wrong answer. The share abstained should not fall as the corpus grows.
  const offTopic = queries.filter((_, i) => i % 4 !== 3)
  row.abstainedOffTopic = offTopic.filter((q) => !engine.ask(q).answered).length / offTopic.length
  // The same over every question of SQuAD's test split: the timed questions come from a few of
  // Wikipedia's topics (SQuAD groups its questions by article), and the threshold's growth with
  // the corpus (`coverageGrowth`) was set on the dev split.
  row.abstainedSquadTest = testQuestions.filter((q) => !engine.ask(q).answered).length / testQuestions.length
  // The comparison builds a MiniSearch index of its own (gigabytes at a million articles).
  if (engine.size <= BARE_MINISEARCH_MAX) {
    row.bareMiniSearch = [1, 2].map(() => latencies((q) => engine.bareSearch(q), queries))
  }
  return row
}

async function corpus(name: string, bbcArticles: () => Article[]): Promise<Article[]> {
  if (name === 'seed') return (await loadArticles('data/articles')).articles
  if (name === 'bbc') return bbcArticles()
  const m = /^(\d+)([km]?)$/i.exec(name)
  if (m === null) throw new UsageError(`Newsdesk: unknown corpus ${name} (seed, bbc, or a size such as 100k or 1m)`)
  const count = Number(m[1]) * ({ k: 1000, m: 1_000_000 }[m[2].toLowerCase() as 'k' | 'm'] ?? 1)
  process.stderr.write(`recombining BBC News into ${count} articles…\n`)
  return recombine(bbcArticles(), count)
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2))
  let cachedBbc: Article[] | null = null
  const bbcArticles = (): Article[] => (cachedBbc ??= bbc(args.datasets))
  // The question set: SQuAD questions (both splits) and BBC titles, interleaved, 2,000 by default.
  const split = (s: string): string[] =>
    readJsonl<SquadQuestion>(join(args.datasets, 'squad2-dev', `${s}-questions.jsonl`)).map((q) => q.question)
  const testQuestions = split('test')
  const squadQs = [...split('dev'), ...testQuestions]
  const titles = bbcArticles().map((a) => a.title)
  const queries: string[] = []
  for (let i = 0; queries.length < args.questions; i++) {
    queries.push(i % 4 === 3 ? titles[i % titles.length] : squadQs[i % squadQs.length])
  }

  if (args.live !== null) {
    const figures = await liveScenario(await corpus(args.live, bbcArticles), queries, args.everyMs)
    process.stdout.write(`${JSON.stringify({ node: process.version, live: figures }, null, 2)}\n`)
    return
  }

  const rows: Array<Record<string, unknown>> = []
  for (const name of args.sizes) {
    let articles: Article[] | null = await corpus(name, bbcArticles)
    const count = articles.length
    gc()
    const t0 = performance.now()
    // As a first start builds it: quotations on a second core (see `Newsdesk.buildAsync`).
    let engine: Newsdesk | null = await Newsdesk.buildAsync(articles, {
      onProgress: count >= 5000 ? progress(`indexing ${name}`) : undefined,
    })
    const buildMs = performance.now() - t0
    engine.ask(queries[0])
    const coldMs = performance.now() - t0
    gc()
    const mem = process.memoryUsage()
    // The process's peak so far: the recombined input and the build (maxRSS is in kibibytes).
    const peakRssMB = Math.round((process.resourceUsage().maxRSS * 1024) / 1e6)

    const row: Record<string, unknown> = {
      corpus: name,
      articles: count,
      buildSeconds: buildMs / 1000,
      articlesPerSecond: Math.round(count / (buildMs / 1000)),
      coldStartSeconds: coldMs / 1000,
      peakRssMB,
      heapMB: mb(mem.heapUsed),
      rssMB: mb(mem.rss),
    }
    Object.assign(row, answering(engine, queries, testQuestions))

    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-bench-'))
    try {
      const s0 = performance.now()
      await engine.save(dir)
      row.saveSeconds = (performance.now() - s0) / 1000
      // A warm start is a new process reading the saved index, as when the bot restarts: the old
      // process is gone by then, so this one lets go of its engine and input first (beside a
      // million articles' seven gigabytes, the saved files fell out of the page cache).
      engine = null
      articles = null
      gc()
      const w0 = performance.now()
      const child = spawnSync(
        process.execPath,
        [fileURLToPath(new URL('./warm-start.js', import.meta.url)), dir, queries[0]],
        { encoding: 'utf8' },
      )
      row.warmStartSeconds = (performance.now() - w0) / 1000
      if (child.status !== 0)
        throw new UsageError(
          `Newsdesk: the warm start failed: ${child.stderr.trim() || `exit ${child.status ?? child.signal}`}`,
        )
      const warm = JSON.parse(child.stdout) as { rssMB: number; peakRssMB: number }
      row.warmRssMB = warm.rssMB
      row.warmPeakRssMB = warm.peakRssMB
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    gc()
    rows.push(row)
    process.stderr.write(`${name}: done\n`)
  }

  if (args.json) {
    process.stdout.write(`${JSON.stringify({ node: process.version, questions: queries.length, rows }, null, 2)}\n`)
    return
  }
  const f = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a')
  console.log(
    `Node ${process.version}, ${queries.length} questions (SQuAD questions and BBC titles), ` +
      'each run twice; times in ms unless marked\n',
  )
  console.log('corpus    articles   build s  art/s   cold s  warm s  heap MB  RSS MB  peak MB  warm RSS / peak MB')
  for (const r of rows) {
    // One cell per column of the header above, each padded to its column's width.
    const cells = [
      String(r.corpus).padEnd(8),
      String(r.articles).padStart(9),
      f(r.buildSeconds as number).padStart(9),
      String(r.articlesPerSecond).padStart(6),
      f(r.coldStartSeconds as number).padStart(8),
      f(r.warmStartSeconds as number).padStart(7),
      String(r.heapMB).padStart(8),
      String(r.rssMB).padStart(7),
      String(r.peakRssMB).padStart(8),
      `${r.warmRssMB} / ${r.warmPeakRssMB}`.padStart(18),
    ]
    console.log(cells.join(' '))
  }
  console.log('\ncorpus    command        run 1 p50 / p95 / p99      run 2 p50 / p95 / p99')
  for (const r of rows) {
    for (const c of ['ask', 'source', 'quote', 'bareMiniSearch']) {
      if (r[c] === undefined) continue
      const [a, b] = r[c] as Array<{ p50: number; p95: number; p99: number }>
      const run = (t: { p50: number; p95: number; p99: number }): string =>
        `${f(t.p50, 2).padStart(7)} / ${f(t.p95, 2).padStart(6)} / ${f(t.p99, 2).padStart(6)}`
      console.log(`${String(r.corpus).padEnd(8)}  ${c.padEnd(14)} ${run(a)}     ${run(b)}`)
    }
    console.log(
      `${String(r.corpus).padEnd(8)}  SQuAD questions abstained: ${f(100 * (r.abstainedOffTopic as number))}%` +
        ` (timed ones), ${f(100 * (r.abstainedSquadTest as number))}% (the whole test split)`,
    )
    if (r.bareMiniSearch === undefined) continue
    const ask = (r.ask as Array<{ p50: number }>)[1].p50
    const bare = (r.bareMiniSearch as Array<{ p50: number }>)[1].p50
    console.log(`${String(r.corpus).padEnd(8)}  ask / bare MiniSearch at p50: ${f(ask / bare, 2)}×`)
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`)
  process.exitCode = 1
})
