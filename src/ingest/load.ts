import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { basename, dirname, extname, join, relative, resolve } from 'node:path'
import type { Article, Logger } from '../types.js'
import { contentKey, makeArticle, type ArticleRecord } from './article.js'
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

export const ACCEPTED = '.txt and .md (plain text, optional --- front matter), .json and .jsonl ({title, text, outlet?, url?, published?})'

/** Thrown when the data folder is missing or yields no article at all: nothing to answer from. */
export class NoArticlesError extends Error {
  constructor (dir: string, detail: string) {
    super(`Newsdesk: no articles loaded from ${dir} (${detail}). It reads ${ACCEPTED}.`)
    this.name = 'NoArticlesError'
  }
}

const EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.json', '.jsonl', '.ndjson'])
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Reads every article file under `dir` (recursively). Bad files are skipped with a warning naming
 * the file and the reason; the same article twice is kept once. Throws NoArticlesError when
 * nothing loads.
 */
export async function loadArticles (dir: string, logger?: Logger): Promise<LoadResult> {
  const root = resolve(dir)
  let info
  try {
    info = await stat(root)
  } catch {
    throw new NoArticlesError(root, 'the folder does not exist')
  }
  if (!info.isDirectory()) throw new NoArticlesError(root, 'it is not a folder')

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
    let text: string
    try {
      const bytes = await readFile(path)
      if (bytes.length === 0 || bytes.every(b => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
        warn(file, 'the file is empty')
        continue
      }
      if (bytes.includes(0)) {
        warn(file, 'the file is binary, not text')
        continue
      }
      text = utf8.decode(bytes).replace(/^\ufeff/, '')
    } catch (err) {
      warn(file, err instanceof TypeError ? 'the file is not valid UTF-8 text' : `it could not be read (${(err as Error).message})`)
      continue
    }

    const records: Array<{ record: ArticleRecord, where: string }> = []
    const base = basename(path, extname(path))
    try {
      if (ext === '.json') {
        const parsed: unknown = JSON.parse(text)
        const list = Array.isArray(parsed) ? parsed : [parsed]
        list.forEach((item, i) => records.push({ record: asRecord(item, list.length > 1 ? `item ${i + 1}` : 'the file'), where: list.length > 1 ? `${file} item ${i + 1}` : file }))
      } else if (ext === '.jsonl' || ext === '.ndjson') {
        text.split('\n').forEach((line, i) => {
          if (line.trim() === '') return
          let parsed: unknown
          try {
            parsed = JSON.parse(line)
          } catch {
            throw new RecordError(`line ${i + 1} is not valid JSON`)
          }
          records.push({ record: asRecord(parsed, `line ${i + 1}`), where: `${file} line ${i + 1}` })
        })
      } else {
        records.push({ record: fromText(text), where: file })
      }
    } catch (err) {
      if (err instanceof SyntaxError) warn(file, `broken JSON: ${err.message}`)
      else if (err instanceof RecordError) warn(file, err.message)
      else throw err
      continue
    }

    records.forEach(({ record, where }, i) => {
      if (record.title === undefined || record.title.trim() === '') {
        warn(where, 'it has no title')
        return
      }
      let id = record.id ?? (records.length > 1 ? `${base}-${i + 1}` : base)
      const article = makeArticle({ ...record, source: where }, id)
      if (article.paragraphs.length === 0) {
        warn(where, 'it has no article text')
        return
      }
      const key = contentKey(article)
      const first = seenContent.get(key)
      if (first !== undefined) {
        warn(where, `same article as ${first}; loaded once`)
        return
      }
      seenContent.set(key, where)
      id = article.id
      for (let n = 2; seenIds.has(id); n++) id = `${article.id}-${n}`
      seenIds.add(id)
      articles.push({ ...article, id })
    })
  }

  if (articles.length === 0) {
    const detail = files.length === 0 ? 'the folder has no files' : `none of its ${files.length} file(s) held a readable article`
    throw new NoArticlesError(root, detail)
  }
  return { articles, warnings, dir: root }
}

/**
 * Names the exact state of a data folder (every file's path, size and modification time) and of
 * this engine build, so a saved index is reused only for the very same input and code.
 */
export async function corpusFingerprint (dir: string): Promise<string> {
  const root = resolve(dir)
  const hash = createHash('sha1')
  // The engine's own files: a rebuilt engine may index differently.
  const engineRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  for (const path of (await walk(engineRoot)).sort()) {
    const s = await stat(path)
    hash.update(`engine ${relative(engineRoot, path)} ${s.size} ${s.mtimeMs}\n`)
  }
  for (const path of (await walk(root)).sort()) {
    const s = await stat(path)
    hash.update(`${relative(root, path)}\t${s.size}\t${s.mtimeMs}\n`)
  }
  return hash.digest('hex')
}

class RecordError extends Error {}

function asRecord (value: unknown, where: string): ArticleRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RecordError(`${where} is not an object`)
  const o = value as Record<string, unknown>
  const str = (k: string): string | undefined => typeof o[k] === 'string' ? o[k] as string : typeof o[k] === 'number' ? String(o[k]) : undefined
  const text = str('text') ?? str('body') ?? str('content')
  if (text === undefined || text.trim() === '') throw new RecordError(`${where} has no "text"`)
  return {
    id: str('id') ?? str('_id'),
    title: str('title') ?? '',
    text,
    outlet: str('outlet') ?? str('source') ?? null,
    url: str('url') ?? str('link') ?? null,
    published: str('published') ?? str('date') ?? null,
    author: str('author') ?? str('byline') ?? null
  }
}

/** A .txt or .md file: front matter overrides what is detected in the page. */
function fromText (text: string): ArticleRecord {
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
    captions: page.captions
  }
}

// Markdown syntax that is not article text: images, link targets, emphasis markers.
function stripMarkdown (text: string): string {
  return text
    .replace(/^!\[[^\]]*\]\(([^)]*)\)\s*$/gm, '$1')
    .replace(/\[([^\]]+)\]\((?:[^)]*)\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/^#{1,6}\s+(.*)$/gm, '$1')
}

async function walk (dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    // Hidden files (.DS_Store, .gitkeep) are not articles and not worth a warning.
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...await walk(path))
    else if (entry.isFile()) out.push(path)
  }
  return out
}
