import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { NewsdeskError } from '../errors.js'
import { type ArticleRecord, citationOf, contentKey, makeArticle } from '../ingest/article.js'
import { fromHtml } from '../ingest/html.js'
import { fromText } from '../ingest/load.js'
import { DEFAULT_FETCH_OPTIONS, type FetchOptions, safeFetch } from '../net/safe-fetch.js'
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

/** A file name from the title: lower-case words joined by hyphens, made unique in the folder. */
export function fileNameFor(article: Pick<Article, 'title' | 'url'>, taken: (name: string) => boolean): string {
  const base =
    slug(article.title) ||
    slug(article.url?.replace(/^https?:\/\/(www\.)?/, '') ?? '') ||
    `article-${randomBytes(3).toString('hex')}`
  for (let n = 1; ; n++) {
    const name = `${n === 1 ? base : `${base}-${n}`}.md`
    if (!taken(name)) return name
  }
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
}

/** Writes the article as Markdown with front matter, to a hidden temporary name first, then renamed. */
async function writeArticle(dir: string, article: Article): Promise<string> {
  const name = fileNameFor(article, (n) => existsSync(join(dir, n)))
  const field = (key: string, value: string | null): string =>
    value === null ? '' : `${key}: ${value.replace(/\s+/g, ' ').trim()}\n`
  const text =
    '---\n' +
    field('title', article.title) +
    field('outlet', article.outlet) +
    field('url', article.url) +
    field('published', article.published) +
    field('author', article.author) +
    '---\n' +
    `${article.paragraphs.join('\n\n')}\n`
  const tmp = join(dir, `.newsdesk-tmp-${randomBytes(6).toString('hex')}`)
  try {
    await writeFile(tmp, text, { flag: 'wx' })
    await rename(tmp, join(dir, name))
  } catch (err) {
    await rm(tmp, { force: true })
    throw new NewsdeskError(`Newsdesk: could not write ${name} into ${dir}: ${(err as Error).message}`)
  }
  return name
}
