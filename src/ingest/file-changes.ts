import { sep } from 'node:path'
import type { Article, Logger } from '../types.js'
import { type FileRead, type LoadWarning, SeenArticles } from './load.js'

/** What a set of changed and removed files does to the corpus, as `Newsdesk.update` takes it. */
export interface FileChange {
  discard: string[]
  add: Article[]
  warnings: LoadWarning[]
}

/** The file an article or a warning comes from ("news.jsonl line 3" comes from "news.jsonl"). */
export function fileOf(where: string): string {
  return where.replace(/ (?:line|item) \d+$/, '')
}

/** Which articles each file of the data folder gave, and the words of every article served. */
export class KnownFiles {
  readonly seen = new SeenArticles()
  private readonly byFile = new Map<string, string[]>()

  /** What a corpus serves, read a few hundred articles per turn (hashing every text takes a while). */
  static async of(articles: readonly Article[]): Promise<KnownFiles> {
    const known = new KnownFiles()
    for (let i = 0; i < articles.length; i += 500) {
      if (i > 0) await new Promise((r) => setImmediate(r))
      for (const article of articles.slice(i, i + 500)) known.seen.remember(article, article.source)
      known.record(articles.slice(i, i + 500))
    }
    return known
  }

  /** Which file gave each of these articles (served now; `fileChange` admitted the new ones). */
  record(articles: readonly Article[]): void {
    for (const article of articles) {
      const file = fileOf(article.source)
      const ids = this.byFile.get(file)
      if (ids === undefined) this.byFile.set(file, [article.id])
      else ids.push(article.id)
    }
  }

  /** The ids of a file's articles, forgotten. */
  forget(file: string): string[] {
    const ids = this.byFile.get(file) ?? []
    this.byFile.delete(file)
    for (const id of ids) this.seen.forget(id)
    return ids
  }

  /** How many articles served come from a file. */
  count(file: string): number {
    return this.byFile.get(file)?.length ?? 0
  }

  /** The files under a folder (relative to the data folder). */
  under(folder: string): string[] {
    // '' is the data folder itself (removed as a whole).
    return [...this.byFile.keys()].filter((f) => folder === '' || f.startsWith(`${folder}${sep}`))
  }
}

/**
 * What the changed and removed files mean: the articles to discard and to add (duplicates of
 * articles served are reported, not added), and the list of files skipped (`skipped` before,
 * updated). `files` forgets the old articles of these files; record the added ones once indexed.
 */
export function fileChange(
  skipped: readonly LoadWarning[],
  files: KnownFiles,
  reads: readonly FileRead[],
  removed: readonly string[],
  logger: Logger,
): FileChange {
  const changed = new Set([...removed, ...reads.map((r) => r.file)])
  const discard = [...changed].flatMap((file) => files.forget(file))
  const fresh: LoadWarning[] = []
  const add: Article[] = []
  for (const read of reads) {
    fresh.push(...read.warnings)
    for (const { article, where } of read.articles) {
      const admitted = files.seen.admit(article, where)
      if ('sameAs' in admitted) fresh.push({ file: where, reason: `same article as ${admitted.sameAs}; loaded once` })
      else add.push(admitted)
    }
  }
  for (const w of fresh) logger.warn(`Newsdesk: ${w.loaded === true ? '' : 'skipped '}${w.file}: ${w.reason}`)
  const warnings = [...skipped.filter((w) => !changed.has(fileOf(w.file))), ...fresh]
  return { discard, add, warnings }
}

/**
 * The files left out as copies of an article in one of `files`: when those change or go, the copy
 * may be the one to serve now, so it is read again (as reading the whole folder would).
 */
export function copiesOf(skipped: readonly LoadWarning[], files: ReadonlySet<string>): string[] {
  const copies = new Set<string>()
  for (const w of skipped) {
    const of = /^same article as (.+); loaded once$/.exec(w.reason)
    if (of !== null && files.has(fileOf(of[1])) && !files.has(fileOf(w.file))) copies.add(fileOf(w.file))
  }
  return [...copies]
}
