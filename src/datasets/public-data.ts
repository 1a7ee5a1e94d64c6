import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { NewsdeskError } from '../errors.js'
import { makeArticle } from '../ingest/article.js'
import type { Article } from '../types.js'

// Readers for the public evaluation data beside the project (../shared/datasets by default).
// Nothing here is copied into the repository; every path comes from --datasets.

export interface SquadQuestion {
  id: string
  context_id: string
  question: string
  answers: string[]
  unanswerable: boolean
}

export function readJsonl<T>(path: string): T[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new NewsdeskError(
      `Newsdesk: cannot read ${path}; point --datasets at the folder holding squad2-dev/, bbc-news/ and scifact/`,
    )
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T)
}

export function datasetsDir(given: string | undefined): string {
  return resolve(given ?? '../shared/datasets')
}

/** SQuAD: one article per Wikipedia title, its passages as paragraphs, outlet "Wikipedia". */
export function squad(dir: string, split: 'dev' | 'test'): { articles: Article[]; questions: SquadQuestion[] } {
  const contexts = readJsonl<{ id: string; title: string; text: string }>(
    join(dir, 'squad2-dev', `${split}-contexts.jsonl`),
  )
  const byTitle = new Map<string, string[]>()
  for (const c of contexts) {
    const list = byTitle.get(c.title) ?? []
    list.push(c.text)
    byTitle.set(c.title, list)
  }
  const articles = [...byTitle].map(([title, paragraphs], i) =>
    makeArticle(
      { id: `squad-${split}-${i}`, title: title.replace(/_/g, ' '), paragraphs, outlet: 'Wikipedia' },
      `squad-${i}`,
    ),
  )
  return { articles, questions: readJsonl<SquadQuestion>(join(dir, 'squad2-dev', `${split}-questions.jsonl`)) }
}

/** BBC News, without the exact repeats listed in duplicates.tsv. */
export function bbc(dir: string): Article[] {
  const dupText = readFileSync(join(dir, 'bbc-news', 'duplicates.tsv'), 'utf8')
  const dropped = new Set(
    dupText
      .split('\n')
      .slice(1)
      .flatMap((l) =>
        l
          .split('\t')
          .slice(1)
          .flatMap((x) => x.split(/[,\s]+/)),
      )
      .filter((x) => x !== ''),
  )
  return readJsonl<{ id: string; title: string; text: string }>(join(dir, 'bbc-news', 'articles.jsonl'))
    .filter((a) => !dropped.has(a.id))
    .map((a) => makeArticle({ id: a.id, title: a.title, text: a.text, outlet: 'BBC News' }, a.id))
}

/** SciFact in BEIR layout: abstracts, test claims, relevance judgments. */
export function scifact(dir: string): {
  articles: Article[]
  queries: Array<{ id: string; text: string }>
  qrels: Map<string, Map<string, number>>
} {
  const articles = readJsonl<{ _id: string; title: string; text: string }>(join(dir, 'scifact', 'corpus.jsonl')).map(
    (d) =>
      makeArticle({ id: String(d._id), title: d.title === '' ? '(untitled)' : d.title, text: d.text }, String(d._id)),
  )
  const queries = readJsonl<{ _id: string; text: string }>(join(dir, 'scifact', 'queries_test.jsonl')).map((q) => ({
    id: String(q._id),
    text: q.text,
  }))
  const qrels = new Map<string, Map<string, number>>()
  for (const line of readFileSync(join(dir, 'scifact', 'qrels.tsv'), 'utf8')
    .split('\n')
    .slice(1)) {
    const [q, d, s] = line.trim().split('\t')
    if (q === undefined || d === undefined || q === '') continue
    const m = qrels.get(q) ?? new Map<string, number>()
    m.set(d, Number(s))
    qrels.set(q, m)
  }
  return { articles, queries: queries.filter((q) => qrels.has(q.id)), qrels }
}
