import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { NewsdeskError } from '../errors.js'
import { type ArticleRecord, citationOf, contentKey, makeArticle } from '../ingest/article.js'
import { fromHtml } from '../ingest/html.js'
import { fromText } from '../ingest/load.js'
import { DEFAULT_FETCH_OPTIONS, type FetchOptions, safeFetch } from '../net/safe-fetch.js'
import { articleMarkdown, fileNameFor, writeAtomically } from '../store/article-file.js'
import type { Article, Citation } from '../types.js'

/** Where an added article goes, and what it is checked against. */
export interface AddOptions {
  /** The data folder the article file is written into. */
  dataDir: string
  /** The articles already there: an article with the same URL or text is not added twice. */
  existing: readonly Article[]
  /** How pages are fetched (`allowPrivate` for intranets and tests). */
  fetch?: Partial<FetchOptions>
}

/** What adding a page or file did. */
export type AddResult =
  | { kind: 'added'; file: string; article: Article }
  | { kind: 'duplicate'; article: Article; of: Citation }

/**
 * Adds one article by link or file: fetches the page (safely) or reads the file, extracts it
 * as the folder loader would, and writes it into the data folder under a name made from its
 * title (never from a name the user gave), atomically. A page with the same URL or the same
 * text as an article already there is reported, not added. Throws a NewsdeskError (a
 * FetchError for a refused or failed fetch) saying why when it cannot be added.
 */
export async function addArticle(source: string, options: AddOptions): Promise<AddResult> {
  const record = /^[a-z][a-z0-9+.-]*:/i.test(source) ? await fromUrl(source, options) : await fromFile(source, options)
  const article = makeArticle(record, 'added')
  if (article.paragraphs.length === 0) throw new NewsdeskError(`Newsdesk: ${source} holds no article text`)
  const key = contentKey(article)
  const twin = options.existing.find((a) => (article.url !== null && a.url === article.url) || contentKey(a) === key)
  if (twin !== undefined) return { kind: 'duplicate', article, of: citationOf(twin) }
  const file = await writeArticle(options.dataDir, article)
  return { kind: 'added', file, article: { ...article, source: file } }
}

async function fromUrl(url: string, options: AddOptions): Promise<ArticleRecord> {
  const page = await safeFetch(url, options.fetch)
  const html = /html|xml/i.test(page.contentType)
  const record = html ? fromHtml(page.text, page.url) : fromText(page.text)
  if (typeof record === 'string') throw new NewsdeskError(`Newsdesk: cannot read ${page.url}: ${record}`)
  return { ...record, url: record.url ?? page.url }
}

async function fromFile(path: string, options: AddOptions): Promise<ArticleRecord> {
  const limit = options.fetch?.maxBytes ?? DEFAULT_FETCH_OPTIONS.maxBytes
  const info = await stat(path).catch(() => null)
  if (info === null || !info.isFile()) throw new NewsdeskError(`Newsdesk: ${path} is not a file`)
  if (info.size > limit) throw new NewsdeskError(`Newsdesk: ${path} is larger than ${limit} bytes`)
  const text = (await readFile(path)).toString('utf8')
  const ext = extname(path).toLowerCase()
  const record = ext === '.html' || ext === '.htm' ? fromHtml(text, basename(path)) : fromText(text)
  if (typeof record === 'string') throw new NewsdeskError(`Newsdesk: cannot read ${path}: ${record}`)
  return record
}

/** Writes the article as Markdown with front matter, atomically, under a name made from its title. */
async function writeArticle(dir: string, article: Article): Promise<string> {
  const name = fileNameFor(article, (n) => existsSync(join(dir, n)))
  try {
    await writeAtomically(join(dir, name), articleMarkdown(article))
  } catch (err) {
    throw new NewsdeskError(`Newsdesk: could not write ${name} into ${dir}: ${(err as Error).message}`)
  }
  return name
}
