// `npm run eval:batch -- export --out DIR [--split dev|test] [--size 100k] [--datasets DIR]`
// `npm run eval:batch -- score DIR/gold.jsonl RESULTS.jsonl`
// Checks the documented interface itself: writes a corpus and its questions as files that
// `newsdesk batch --data DIR/articles < DIR/questions.jsonl` reads, and scores what batch wrote
// with the same hit@k as `npm run eval`. DIR must be outside the repository (the data's licences
// forbid shipping it).
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bbc, datasetsDir, readJsonl, type SquadQuestion, squad } from '../datasets/public-data.js'
import { recombine } from '../datasets/recombine.js'
import { NewsdeskError, UsageError } from '../errors.js'
import type { Article } from '../index.js'
import { hitAt } from './metrics.js'

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  if (i < 0) return undefined
  const v = argv[i + 1]
  if (v === undefined || v.startsWith('--')) throw new UsageError(`Newsdesk: ${name} needs a value`)
  return v
}

// The repository this script belongs to (dist/src/eval/ or src/eval/ below it), wherever it is run from.
const REPO = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  import.meta.url.includes('/dist/') ? '../../..' : '../..',
)

function insideRepo(path: string): boolean {
  const rel = relative(REPO, resolve(path))
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** JSON lines of a file given on the command line, with the file and line named when one is bad. */
function readLines<T>(path: string): T[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new NewsdeskError(`Newsdesk: cannot read ${path} (${(err as Error).message})`)
  }
  const out: T[] = []
  text.split('\n').forEach((l, i) => {
    if (l.trim() === '') return
    try {
      out.push(JSON.parse(l) as T)
    } catch {
      throw new NewsdeskError(`Newsdesk: ${path} line ${i + 1} is not valid JSON`)
    }
  })
  return out
}

const line = (a: Article): string => JSON.stringify({ title: a.title, text: a.text, outlet: a.outlet })

// Written a few thousand lines at a time: a million articles as one string would pass V8's
// limit on a string's length.
function writeLines(path: string, articles: readonly Article[]): void {
  const fd = openSync(path, 'w')
  try {
    for (let i = 0; i < articles.length; i += 5000) {
      writeSync(
        fd,
        `${articles
          .slice(i, i + 5000)
          .map(line)
          .join('\n')}\n`,
      )
    }
  } finally {
    closeSync(fd)
  }
}

function exportCorpus(argv: string[]): void {
  const out = option(argv, '--out')
  if (out === undefined) throw new UsageError('Newsdesk: export needs --out DIR (outside the repository)')
  if (insideRepo(out))
    throw new UsageError(
      `Newsdesk: --out must be outside the repository (${REPO}): the data sets may not be copied into it`,
    )
  const datasets = datasetsDir(option(argv, '--datasets'))
  const size = option(argv, '--size')
  const m = size === undefined ? null : /^(\d+)([km]?)$/i.exec(size)
  if (size !== undefined && (m === null || Number(m[1]) === 0))
    throw new UsageError('Newsdesk: --size is a number of articles, such as 100k or 1m')
  const split = option(argv, '--split') ?? 'dev'
  if (split !== 'dev' && split !== 'test') throw new UsageError('Newsdesk: --split is dev or test')
  mkdirSync(join(out, 'articles'), { recursive: true })
  if (m !== null) {
    // The bench corpus and the bench's questions (SQuAD questions and BBC titles).
    const source = bbc(datasets)
    const unit = { k: 1000, m: 1_000_000 }[m[2].toLowerCase() as 'k' | 'm'] ?? 1
    const articles = recombine(source, Number(m[1]) * unit)
    writeLines(join(out, 'articles', 'recombined.jsonl'), articles)
    const squadQs = ['dev', 'test'].flatMap((s) =>
      readJsonl<SquadQuestion>(join(datasets, 'squad2-dev', `${s}-questions.jsonl`)).map((q) => q.question),
    )
    const queries: string[] = []
    for (let i = 0; queries.length < 2000; i++)
      queries.push(i % 4 === 3 ? source[i % source.length].title : squadQs[i % squadQs.length])
    writeFileSync(
      join(out, 'questions.jsonl'),
      `${queries.map((text) => JSON.stringify({ command: 'ask', text })).join('\n')}\n`,
    )
    process.stdout.write(`${articles.length} articles and ${queries.length} questions in ${out}\n`)
    return
  }
  const { articles, questions } = squad(datasets, split)
  const answerable = questions.filter((q) => !q.unanswerable)
  writeLines(join(out, 'articles', `squad-${split}.jsonl`), articles)
  writeFileSync(
    join(out, 'questions.jsonl'),
    `${answerable.map((q) => JSON.stringify({ command: 'ask', text: q.question })).join('\n')}\n`,
  )
  writeFileSync(
    join(out, 'gold.jsonl'),
    `${answerable.map((q) => JSON.stringify({ question: q.question, answers: q.answers })).join('\n')}\n`,
  )
  process.stdout.write(`${articles.length} articles and ${answerable.length} answerable questions in ${out}\n`)
}

function score(argv: string[]): void {
  const [goldPath, resultsPath] = argv
  if (goldPath === undefined || resultsPath === undefined)
    throw new UsageError('Newsdesk: score needs GOLD.jsonl RESULTS.jsonl')
  const gold = readLines<{ question: string; answers: string[] }>(goldPath)
  const results = readLines<{ query?: string; answered?: boolean; excerpts?: Array<{ text: string }> }>(resultsPath)
  if (results.length !== gold.length)
    throw new NewsdeskError(`Newsdesk: ${gold.length} questions but ${results.length} results`)
  let hit1 = 0
  let hit3 = 0
  let answered = 0
  results.forEach((r, i) => {
    if (typeof r?.query !== 'string' || r.query.trim() !== String(gold[i]?.question ?? '').trim())
      throw new NewsdeskError(`Newsdesk: result ${i + 1} answers another question than line ${i + 1} of ${goldPath}`)
    if (r.answered !== true) return
    answered++
    const texts = (r.excerpts ?? []).map((e) => String(e?.text ?? ''))
    if (hitAt(texts, gold[i].answers ?? [], 1)) hit1++
    if (hitAt(texts, gold[i].answers ?? [], 3)) hit3++
  })
  const n = gold.length
  const answeredPct = ((100 * answered) / n).toFixed(1)
  process.stdout.write(
    `${n} answerable questions: answered ${answeredPct}%, ` +
      `hit@1 / hit@3 at the shipped threshold ${(hit1 / n).toFixed(3)} / ${(hit3 / n).toFixed(3)}\n`,
  )
}

try {
  const [command, ...rest] = process.argv.slice(2)
  if (command === 'export') exportCorpus(rest)
  else if (command === 'score') score(rest)
  else
    throw new UsageError(
      'Newsdesk: eval:batch export --out DIR [--split dev|test] [--size 100k] | score GOLD.jsonl RESULTS.jsonl',
    )
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`)
  process.exitCode = 2
}
