import type { Stats } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, extname, join, relative, resolve } from 'node:path'
import { NoArticlesError } from '../errors.js'
import type { Article, Logger } from '../types.js'
import { type ArticleRecord, cleanId, contentKey, makeArticle } from './article.js'
import { readFrontMatter } from './front-matter.js'
import { cleanScrapedText } from './scraped-text.js'

/** A file that was not loaded, and why. */
export interface LoadWarning {
  file: string
  reason: string
}

export interface LoadResult {
  articles: Article[]
  warnings: LoadWarning[]
  /** The folder that was read, absolute. */
  dir: string
}

export const ACCEPTED =
  '.txt and .md (plain text, optional --- front matter), .json and .jsonl ({title, text, outlet?, url?, published?})'

const EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.json', '.jsonl', '.ndjson'])
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Reads every article file under `dir` (recursively). Bad files are skipped with a warning naming
 * the file and the reason; the same article twice is kept once. Throws NoArticlesError when
 * nothing loads.
 */
export async function loadArticles(dir: string, logger?: Logger): Promise<LoadResult> {
  const root = resolve(dir)
  let info: Stats
  try {
    info = await stat(root)
  } catch {
    throw new NoArticlesError(root, 'the folder does not exist', ACCEPTED)
  }
  if (!info.isDirectory()) throw new NoArticlesError(root, 'it is not a folder', ACCEPTED)

  const files = (await walk(root)).sort()
  const warnings: LoadWarning[] = []
  const articles: Article[] = []
  const seenContent = new Map<string, string>()
  const seenIds = new Set<string>()
  const warn = (file: string, reason: string): void => {
    warnings.push({ file, reason })
    logger?.warn(`Newsdesk: skipped ${file}: ${reason}`)
  }

  for (const path of files) {
    const file = relative(root, path)
    const ext = extname(path).toLowerCase()
    if (!EXTENSIONS.has(ext)) {
      warn(file, `unknown file type "${ext || '(none)'}"; accepted: ${ACCEPTED}`)
      continue
    }
    let bytes: Buffer
    try {
      bytes = await readFile(path)
    } catch (err) {
      warn(file, `it could not be read (${(err as Error).message})`)
      continue
    }
    if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
      warn(file, 'the file is empty')
      continue
    }
    if (bytes.includes(0)) {
      warn(file, 'the file is binary, not text')
      continue
    }

    // A file's articles and warnings are kept only once the whole file has been read: a broken
    // file is skipped as one, with one warning. Each record becomes an article as soon as it
    // is read, so a file of 100,000 records is never held twice over.
    const pending: Array<{ article: Article; where: string; ownId: boolean }> = []
    const pendingWarnings: LoadWarning[] = []
    let records = 0
    const base = basename(path, extname(path))
    const accept = (record: ArticleRecord, where: string): void => {
      records++
      if (record.title === undefined || record.title.trim() === '') {
        pendingWarnings.push({ file: where, reason: 'it has no title' })
        return
      }
      const article = makeArticle({ ...record, source: where }, `${base}-${records}`)
      if (article.paragraphs.length === 0) {
        pendingWarnings.push({ file: where, reason: 'it has no article text' })
        return
      }
      pending.push({ article, where, ownId: record.id !== undefined })
    }
    try {
      if (ext === '.jsonl' || ext === '.ndjson') {
        // Decoded line by line: one string of the whole file would be as large as the file
        // again (twice that when a single character needs two bytes).
        let line = 0
        for (let from = 0; from < bytes.length; line++) {
          let to = bytes.indexOf(0x0a, from)
          if (to < 0) to = bytes.length
          const text = decode(bytes.subarray(from, to))
          from = to + 1
          if (text.trim() === '') continue
          let parsed: unknown
          try {
            parsed = JSON.parse(text)
          } catch {
            throw new RecordError(`line ${line + 1} is not valid JSON`)
          }
          accept(asRecord(parsed, `line ${line + 1}`), `${file} line ${line + 1}`)
        }
      } else {
        const text = decode(bytes)
        if (ext === '.json') {
          const parsed: unknown = JSON.parse(text)
          const list = Array.isArray(parsed) ? parsed : [parsed]
          list.forEach((item, i) => {
            const where = list.length > 1 ? `item ${i + 1}` : 'the file'
            accept(asRecord(item, where), list.length > 1 ? `${file} item ${i + 1}` : file)
          })
        } else {
          accept(fromText(text), file)
        }
      }
    } catch (err) {
      if (err instanceof SyntaxError) warn(file, `broken JSON: ${err.message}`)
      else if (err instanceof RecordError) warn(file, err.message)
      else throw err
      continue
    }

    for (const w of pendingWarnings) warn(w.file, w.reason)
    for (const { article, where, ownId } of pending) {
      // A file of one article is named after the file; several are numbered.
      const named = records === 1 && !ownId ? { ...article, id: cleanId(base) } : article
      const key = contentKey(named)
      const first = seenContent.get(key)
      if (first !== undefined) {
        warn(where, `same article as ${first}; loaded once`)
        continue
      }
      seenContent.set(key, where)
      let id = named.id
      for (let n = 2; seenIds.has(id); n++) id = `${named.id}-${n}`
      seenIds.add(id)
      articles.push({ ...named, id })
    }
  }

  if (articles.length === 0) {
    const detail =
      files.length === 0 ? 'the folder has no files' : `none of its ${files.length} file(s) held a readable article`
    throw new NoArticlesError(root, detail, ACCEPTED)
  }
  return { articles, warnings, dir: root }
}

class RecordError extends Error {}

/** UTF-8 text without a byte-order mark; a RecordError when the bytes are not UTF-8. */
function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes).replace(/^\ufeff/, '')
  } catch {
    throw new RecordError('the file is not valid UTF-8 text')
  }
}

function asRecord(value: unknown, where: string): ArticleRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new RecordError(`${where} is not an object`)
  const o = value as Record<string, unknown>
  const str = (k: string): string | undefined =>
    typeof o[k] === 'string' ? (o[k] as string) : typeof o[k] === 'number' ? String(o[k]) : undefined
  const text = str('text') ?? str('body') ?? str('content')
  if (text === undefined || text.trim() === '') throw new RecordError(`${where} has no "text"`)
  return {
    id: str('id') ?? str('_id'),
    title: str('title') ?? '',
    text,
    outlet: str('outlet') ?? str('source') ?? null,
    url: str('url') ?? str('link') ?? null,
    published: str('published') ?? str('date') ?? null,
    author: str('author') ?? str('byline') ?? null,
  }
}

/** A .txt or .md file: front matter overrides what is detected in the page. */
function fromText(text: string): ArticleRecord {
  const fm = readFrontMatter(text.replace(/\r\n?/g, '\n'))
  const body = fm === null ? text.replace(/\r\n?/g, '\n') : fm.body
  const f = fm?.fields ?? {}
  const page = cleanScrapedText(stripMarkdown(body), f.title ?? null)
  return {
    title: page.title ?? '',
    paragraphs: page.paragraphs,
    outlet: f.outlet ?? f.source ?? page.outlet,
    url: f.url ?? f.link ?? page.url,
    published: f.published ?? f.date ?? page.published,
    author: f.author ?? f.byline ?? page.author,
    summary: f.summary ?? page.summary,
    captions: page.captions,
  }
}

// Markdown syntax that is not article text: images, link targets, emphasis markers.
function stripMarkdown(text: string): string {
  return text
    .replace(/^!\[[^\]]*\]\(([^)]*)\)\s*$/gm, '$1')
    .replace(/\[([^\]]+)\]\((?:[^)]*)\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/^#{1,6}\s+(.*)$/gm, '$1')
}

/** Every file under `dir`, hidden ones left out. */
export async function walk(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    // Hidden files (.DS_Store, .gitkeep) are not articles and not worth a warning.
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await walk(path)))
    else if (entry.isFile()) out.push(path)
  }
  return out
}
