import type { Stats } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, extname, join, relative, resolve } from 'node:path'
import { append } from '../append.js'
import { NoArticlesError } from '../errors.js'
import { decodeBody } from '../net/decode.js'
import type { Article, Logger } from '../types.js'
import { type ArticleRecord, cleanId, contentKey, makeArticle, quickContentKey } from './article.js'
import { readFrontMatter } from './front-matter.js'
import { fromHtml } from './html.js'
import { moveTextsOffHeap } from './off-heap.js'
import { outletFromUrl } from './outlets.js'
import { cleanScrapedText } from './scraped-text.js'
import { absoluteHttpUrl, isPageAddress } from './urls.js'

/** A file or record that was not loaded, or a field of one that was refused, and why. */
export interface LoadWarning {
  /** The file, relative to the data folder, with the record when it is one of several ("news.jsonl line 3"). */
  file: string
  reason: string
  /** Set when the article was loaded and only a field of it was refused (a url that is no URL). */
  loaded?: true
}

export interface LoadResult {
  articles: Article[]
  warnings: LoadWarning[]
  /** The folder that was read, absolute. */
  dir: string
}

export const ACCEPTED =
  '.txt and .md (plain text, optional --- front matter), ' +
  '.json and .jsonl ({title, text, outlet?, url?, published?}), .html and .htm (saved web pages)'

// Characters of text read before they are moved off the heap together (each move makes V8
// collect garbage: fewer, larger moves cost less).
const OFF_HEAP_BATCH = 64 * 1024 * 1024

const EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.json', '.jsonl', '.ndjson', '.html', '.htm'])
const HTML_EXTENSIONS = new Set(['.html', '.htm'])
const TEXT_EXTENSIONS = new Set(['.txt', '.md', '.markdown'])
const utf8 = new TextDecoder('utf-8', { fatal: true })

// The notes that travel with a folder of files (README.md, NOTES.md, CHANGELOG.md, LICENSE…) are
// about the articles, not articles. They are read as one only when they have front matter.
const NOTES_NAME = /^(?:readme|notes|changelog|changes|contributing|authors|todo)$|^(?:licen[cs]e|copying)(?:[-_].*)?$/i
const NOTES_EXTENSIONS = new Set(['', '.md', '.markdown', '.txt', '.text', '.rst', '.adoc', '.org', '.html', '.htm'])

/** Whether a file name is a notes file's: its name before the first dot, with a text extension (any for a licence). */
function isNotesFile(name: string): boolean {
  const stem = name.split('.')[0]
  if (!NOTES_NAME.test(stem)) return false
  const ext = extname(name).toLowerCase()
  return NOTES_EXTENSIONS.has(ext) || (/^(?:licen[cs]e|copying)/i.test(stem) && !EXTENSIONS.has(ext))
}

/**
 * Reads every article file under `dir` (recursively). Bad files, and bad records of a JSON array
 * or a JSON lines file, are skipped with a warning naming the file (and the record) and the
 * reason; the same article twice is kept once; notes files (README.md…) without front matter and
 * hidden files are left out with a debug line. Throws NoArticlesError when nothing loads.
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

  let files: string[]
  try {
    files = (
      await walk(
        root,
        (hidden) => logger?.debug(`Newsdesk: ${relative(root, hidden)} is hidden; not read`),
        (folder, err) => logger?.warn(`Newsdesk: skipped ${relative(root, folder)}: it cannot be read (${err.code})`),
      )
    ).sort()
  } catch (err) {
    throw new NoArticlesError(root, `it cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, ACCEPTED)
  }
  const warnings: LoadWarning[] = []
  const articles: Article[] = []
  const seen = new SeenArticles()
  // Texts leave the heap a batch at a time, as they are read (see moveTextsOffHeap).
  let batch: Article[] = []
  let batchChars = 0
  for (const path of files) {
    const read = await readArticleFile(root, path, logger)
    for (const w of read.warnings) {
      warnings.push(w)
      logger?.warn(`Newsdesk: ${w.loaded === true ? '' : 'skipped '}${w.file}: ${w.reason}`)
    }
    for (const { article, where } of read.articles) {
      const admitted = seen.admit(article, where)
      if ('sameAs' in admitted) {
        warnings.push({ file: where, reason: `same article as ${admitted.sameAs}; loaded once` })
        logger?.warn(`Newsdesk: skipped ${where}: same article as ${admitted.sameAs}; loaded once`)
      } else {
        articles.push(admitted)
        batch.push(admitted)
        batchChars += admitted.text.length
      }
    }
    if (batchChars >= OFF_HEAP_BATCH) {
      moveTextsOffHeap(batch)
      batch = []
      batchChars = 0
    }
  }
  moveTextsOffHeap(batch)

  if (articles.length === 0) {
    const detail =
      files.length === 0 ? 'the folder has no files' : `none of its ${files.length} file(s) held a readable article`
    throw new NoArticlesError(root, detail, ACCEPTED)
  }
  return { articles, warnings, dir: root }
}

/** The articles of one file, each named, not yet checked against other files' (see `SeenArticles`). */
export interface FileRead {
  /** The file, relative to the data folder. */
  file: string
  articles: Array<{ article: Article; where: string }>
  /** Why the file, or some of its records or fields, were refused. */
  warnings: LoadWarning[]
}

/**
 * Reads one article file of the data folder `root`: a bad file, or a bad record of a JSON array
 * or JSON lines file, is a warning naming it and the reason. A file of one article is named after
 * the file; several are numbered. Notes files without front matter hold no article.
 */
export async function readArticleFile(root: string, path: string, logger?: Logger): Promise<FileRead> {
  const file = relative(root, path)
  const warnings: LoadWarning[] = []
  const articles: FileRead['articles'] = []
  const done = (): FileRead => ({ file, articles, warnings })
  const warn = (where: string, reason: string): void => {
    warnings.push({ file: where, reason })
  }
  const notArticle = (where: string): void =>
    logger?.debug(
      `Newsdesk: ${where} is a notes file (README, NOTES, CHANGELOG, LICENSE…) without front matter; not read`,
    )
  const ext = extname(path).toLowerCase()
  // The feeds list beside the articles is read by the feed poller, not as an article.
  if (file === 'feeds.txt') {
    logger?.debug('Newsdesk: feeds.txt is the list of feeds; not read as an article')
    return done()
  }
  const notes = isNotesFile(basename(path))
  if (notes && !TEXT_EXTENSIONS.has(ext)) {
    notArticle(file)
    return done()
  }
  if (!EXTENSIONS.has(ext)) {
    warn(file, `unknown file type "${ext || '(none)'}"; accepted: ${ACCEPTED}`)
    return done()
  }
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (err) {
    warn(file, `it could not be read (${(err as Error).message})`)
    return done()
  }
  if (notes) {
    let text: string | null = null
    try {
      text = decode(bytes)
    } catch {
      // Not text: not an article either, and no front matter to say otherwise.
    }
    if (text === null || readFrontMatter(text.replace(/\r\n?/g, '\n')) === null) {
      notArticle(file)
      return done()
    }
  }
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    warn(file, 'the file is empty')
    return done()
  }
  if (bytes.includes(0)) {
    warn(file, 'the file is binary, not text')
    return done()
  }

  // A file's articles are kept once the whole file has been read (a file of one article is
  // named after the file, several are numbered, and that needs the count). A bad record is
  // skipped on its own, with a warning naming it; the file's other records load. Each record
  // becomes an article as soon as it is read, so a file of 100,000 records is never held twice.
  const pending: Array<{ article: Article; where: string; ownId: boolean }> = []
  const pendingWarnings: Array<{ file: string; reason: string; loaded: boolean }> = []
  let records = 0
  let pendingChars = 0
  let movedUpTo = 0
  const base = basename(path, extname(path))
  const accept = (record: ArticleRecord | string, where: string): void => {
    records++
    if (typeof record === 'string') {
      pendingWarnings.push({ file: where, reason: record, loaded: false })
      return
    }
    if (record.title === undefined || record.title.trim() === '') {
      pendingWarnings.push({ file: where, reason: 'it has no title', loaded: false })
      return
    }
    const url = typeof record.url === 'string' ? record.url.trim() : ''
    const linkable = url === '' || url.toLowerCase() === 'null' || absoluteHttpUrl(url) !== null
    const article = makeArticle({ ...record, url: linkable ? record.url : null, source: where }, `${base}-${records}`)
    if (article.paragraphs.length === 0) {
      pendingWarnings.push({ file: where, reason: 'it has no article text', loaded: false })
      return
    }
    if (!linkable) {
      const shown = url.length > 80 ? `${url.slice(0, 77)}...` : url
      const reason =
        `its url "${shown}" is not an absolute http(s) URL, so it is not shown as a link ` + '(the article is loaded)'
      pendingWarnings.push({ file: where, reason, loaded: true })
    }
    pending.push({ article, where, ownId: record.id !== undefined })
    // A large file's texts leave the heap as it is read, not once it is all in memory.
    pendingChars += article.text.length
    if (pendingChars >= OFF_HEAP_BATCH) {
      moveTextsOffHeap(pending.slice(movedUpTo).map((p) => p.article))
      movedUpTo = pending.length
      pendingChars = 0
    }
  }
  try {
    if (ext === '.jsonl' || ext === '.ndjson') {
      // Decoded line by line: one string of the whole file would be as large as the file
      // again (twice that when a single character needs two bytes).
      let line = 0
      for (let from = 0; from < bytes.length; line++) {
        let to = bytes.indexOf(0x0a, from)
        if (to < 0) to = bytes.length
        const where = `${file} line ${line + 1}`
        let text: string
        try {
          text = decode(bytes.subarray(from, to))
        } catch (err) {
          if (!(err instanceof RecordError)) throw err
          from = to + 1
          accept('it is not valid UTF-8 text', where)
          continue
        }
        from = to + 1
        if (text.trim() === '') continue
        let parsed: unknown
        try {
          parsed = JSON.parse(text)
        } catch {
          accept('it is not valid JSON', where)
          continue
        }
        accept(asRecord(parsed), where)
      }
    } else {
      const text = HTML_EXTENSIONS.has(ext) ? decodeHtml(bytes) : decode(bytes)
      if (ext === '.json') {
        const parsed: unknown = JSON.parse(text)
        const list = Array.isArray(parsed) ? parsed : [parsed]
        if (list.length === 0) pendingWarnings.push({ file, reason: 'it holds no articles', loaded: false })
        list.forEach((item, i) => {
          accept(asRecord(item), list.length > 1 ? `${file} item ${i + 1}` : file)
        })
      } else if (HTML_EXTENSIONS.has(ext)) {
        accept(fromHtml(text, file), file)
      } else {
        accept(fromText(text), file)
      }
    }
  } catch (err) {
    if (err instanceof SyntaxError) warn(file, `broken JSON: ${err.message}`)
    else if (err instanceof RecordError) warn(file, err.message)
    // One file the readers cannot cope with never stops the others.
    else warn(file, `it could not be read (${(err as Error).message})`)
    return done()
  }

  for (const w of pendingWarnings) {
    warnings.push(w.loaded ? { file: w.file, reason: w.reason, loaded: true } : { file: w.file, reason: w.reason })
  }
  for (const { article, where, ownId } of pending) {
    // A file of one article is named after the file; several are numbered.
    articles.push({ article: records === 1 && !ownId ? { ...article, id: cleanId(base) } : article, where })
  }
  return done()
}

/**
 * What a corpus holds already: the same article (the same words) is kept once, and every id is
 * unique ("kyiv-talks", "kyiv-talks-2").
 */
export class SeenArticles {
  // Articles by quick key: the whole text is hashed only when two quick keys agree, so that
  // taking in a large corpus that holds no duplicates costs little.
  private readonly byQuick = new Map<string, Array<{ id: string; where: string; text: string; key?: string }>>()
  private readonly quickOf = new Map<string, string>()

  /** The article with an id of its own, or where the same article was read first. */
  admit(article: Article, where: string): Article | { sameAs: string } {
    const quick = quickContentKey(article)
    const group = this.byQuick.get(quick)
    let key: string | undefined
    if (group !== undefined) {
      key = contentKey(article)
      for (const seen of group) {
        seen.key ??= contentKey(seen)
        if (seen.key === key) return { sameAs: seen.where }
      }
    }
    let id = article.id
    for (let n = 2; this.quickOf.has(id); n++) id = `${article.id}-${n}`
    const entry = { id, where, text: article.text, key }
    if (group === undefined) this.byQuick.set(quick, [entry])
    else group.push(entry)
    this.quickOf.set(id, quick)
    return id === article.id ? article : { ...article, id }
  }

  /**
   * An article the corpus serves already (so already admitted once): remembered without comparing
   * its words with the others', which costs a whole-text hash per shared quick key (a million
   * articles regrouped from the same sentences share many).
   */
  remember(article: Article, where: string): void {
    const quick = quickContentKey(article)
    const entry = { id: article.id, where, text: article.text }
    const group = this.byQuick.get(quick)
    if (group === undefined) this.byQuick.set(quick, [entry])
    else group.push(entry)
    this.quickOf.set(article.id, quick)
  }

  /** An article no longer in the corpus: its words and its id are free again. */
  forget(id: string): void {
    const quick = this.quickOf.get(id)
    if (quick === undefined) return
    this.quickOf.delete(id)
    const left = (this.byQuick.get(quick) ?? []).filter((e) => e.id !== id)
    if (left.length > 0) this.byQuick.set(quick, left)
    else this.byQuick.delete(quick)
  }
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

/**
 * A saved web page as text, in the charset it declares (a byte order mark, `<meta charset>`) as
 * a browser reads it; UTF-8 when it declares none, and a RecordError when it is not UTF-8 then.
 */
function decodeHtml(bytes: Uint8Array): string {
  const { text, encoding } = decodeBody(bytes, 'text/html')
  if (encoding !== 'utf-8') return text
  try {
    return decode(bytes)
  } catch {
    throw new RecordError('the page is not valid UTF-8 and does not say its charset (<meta charset="…">)')
  }
}

/** The fields of a JSON record, or why it cannot be an article. */
function asRecord(value: unknown): ArticleRecord | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'it is not an object'
  const o = value as Record<string, unknown>
  const str = (k: string): string | undefined =>
    typeof o[k] === 'string' ? (o[k] as string) : typeof o[k] === 'number' ? String(o[k]) : undefined
  const text = str('text') ?? str('body') ?? str('content')
  if (text === undefined || text.trim() === '') return 'it has no "text"'
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
export function fromText(text: string): ArticleRecord {
  const fm = readFrontMatter(text.replace(/\r\n?/g, '\n'))
  const body = fm === null ? text.replace(/\r\n?/g, '\n') : fm.body
  const f = fm?.fields ?? {}
  const page = cleanScrapedText(stripMarkdown(body), f.title ?? null)
  const statedUrl = [f.url, f.link].find((u) => u !== undefined && u.trim() !== '' && u.trim().toLowerCase() !== 'null')
  // A front-matter url replaces the page's address, and so the outlet read from that address.
  let outlet = page.outlet
  if (statedUrl !== undefined && (page.outletFrom === 'url' || page.outletFrom === null)) {
    outlet = isPageAddress(statedUrl, { bare: false }) ? outletFromUrl(statedUrl) : null
  }
  return {
    title: page.title ?? '',
    paragraphs: page.paragraphs,
    outlet: f.outlet ?? f.source ?? outlet,
    url: statedUrl ?? page.url,
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

/**
 * Every file under `dir`, hidden ones left out (each hidden file or folder is passed to `hidden`).
 * A sub-folder that cannot be read is passed to `unreadable` and left out; `dir` itself must be.
 */
export async function walk(
  dir: string,
  hidden?: (path: string) => void,
  unreadable?: (folder: string, err: NodeJS.ErrnoException) => void,
): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    // Hidden files (.DS_Store, .gitkeep, .drafts/) are not articles and not worth a warning.
    if (entry.name.startsWith('.')) {
      hidden?.(path)
      continue
    }
    if (entry.isDirectory()) {
      try {
        append(out, await walk(path, hidden, unreadable))
      } catch (err) {
        if (unreadable === undefined) throw err
        unreadable(path, err as NodeJS.ErrnoException)
      }
    } else if (entry.isFile()) out.push(path)
  }
  return out
}
