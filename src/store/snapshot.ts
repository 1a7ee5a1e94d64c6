import { createHash } from 'node:crypto'
import { type FileHandle, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { NewsdeskError } from '../errors.js'
import type { LoadWarning } from '../ingest/load.js'
import type { SavedQuotes } from '../quotes/quote-book.js'
import { COLUMNS, type ColumnName, type IndexSnapshot } from '../search/corpus-index.js'
import type { SavedSearch } from '../search/minisearch-io.js'
import type { Article, Quotation } from '../types.js'

/** Bumped whenever the saved layout or the way text is indexed changes: old saves are ignored. */
export const SNAPSHOT_VERSION = 7

/** A whole engine as data: the articles, the index, the quotations. */
export interface EngineSnapshot {
  articles: Article[]
  warnings: LoadWarning[]
  index: IndexSnapshot
  quotations: SavedQuotes
}

// The index's columns and MiniSearch's postings, saved as one binary file: four-byte arrays
// first, byte arrays last, so every array starts aligned.
const SEARCH_COLUMNS = { searchOffsets: Int32Array, searchDocs: Int32Array, searchCounts: Int32Array } as const
const ALL_COLUMNS = { ...COLUMNS, ...SEARCH_COLUMNS }
type ArrayName = keyof typeof ALL_COLUMNS
const ARRAYS = (Object.keys(ALL_COLUMNS) as ArrayName[]).sort(
  (a, b) => ALL_COLUMNS[b].BYTES_PER_ELEMENT - ALL_COLUMNS[a].BYTES_PER_ELEMENT,
)

type SavedQuotation = [
  speaker: string,
  role: string | null,
  paragraph: number,
  start: number,
  end: number,
  text?: string,
]
type SavedArticle = Omit<Article, 'text' | 'paragraphs'> & { paragraphLengths: number[] }

interface Meta {
  version: number
  textEncoding: 'latin1' | 'utf8'
  layout: Record<ArrayName, [number, number]>
  paragraphCount: number
  removed: number[]
  commonLimit: number
  termText: string[]
  searchTables: SavedSearch['tables']
  searchTerms: string[]
  titleTerms: number[][]
  articles: SavedArticle[]
  warnings: LoadWarning[]
  quotations: SavedQuotation[][]
  spellings: Array<[string, string[]]>
}

/**
 * Writes a snapshot into `dir`: the article texts as one file (Latin-1 when every character fits,
 * else UTF-8), the typed arrays
 * (MiniSearch's postings among them) as one binary file, JSON for the rest. Written to a
 * temporary folder first, then renamed, so a crash never leaves a half-written save that looks
 * whole.
 */
export async function writeSnapshot(dir: string, snap: EngineSnapshot): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`
  await rm(tmp, { recursive: true, force: true })
  await mkdir(tmp, { recursive: true })
  try {
    await writeFiles(tmp, snap)
  } catch (err) {
    // A save that failed leaves nothing behind.
    await rm(tmp, { recursive: true, force: true })
    throw err
  }
  await rm(dir, { recursive: true, force: true })
  await rename(tmp, dir)
}

async function writeFiles(tmp: string, snap: EngineSnapshot): Promise<void> {
  const layout = {} as Record<ArrayName, [number, number]>
  const parts: Buffer[] = []
  let offset = 0
  const { search } = snap.index
  const columns: Record<ArrayName, ArrayBufferView> = {
    ...snap.index,
    searchOffsets: search.offsets,
    searchDocs: search.docs,
    searchCounts: search.counts,
  }
  for (const name of ARRAYS) {
    const a = columns[name]
    const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength)
    layout[name] = [offset, bytes.length / ALL_COLUMNS[name].BYTES_PER_ELEMENT]
    parts.push(bytes)
    offset += bytes.length
  }
  // meta.json is written piece by piece too: the articles and quotations, as one object and one
  // string, were the peak of a save at 100,000 articles. The file is the same JSON either way.
  // Reading back 200 MB of UTF-8 with any non-ASCII character in it (a £) takes three times as
  // long as reading Latin-1, which is a plain copy; most English news fits in Latin-1.
  const textEncoding = snap.articles.every((a) => !/[\u0100-\uffff]/.test(a.text)) ? 'latin1' : 'utf8'
  const head: Omit<Meta, 'articles' | 'quotations'> = {
    version: SNAPSHOT_VERSION,
    textEncoding,
    layout,
    paragraphCount: snap.index.paragraphCount,
    removed: snap.index.removed,
    commonLimit: snap.index.commonLimit,
    termText: snap.index.termText,
    searchTables: snap.index.search.tables,
    searchTerms: snap.index.search.terms,
    titleTerms: snap.index.titleTerms,
    warnings: snap.warnings,
    spellings: snap.quotations.spellings,
  }
  const manifest: Manifest = { version: SNAPSHOT_VERSION, files: {} }
  const meta = await HashedFile.open(join(tmp, 'meta.json'))
  try {
    await meta.write(JSON.stringify(head).slice(0, -1))
    // Texts go to texts.txt; paragraphs are restored as slices of the text (see makeArticle).
    await writeJSONArray(
      meta,
      'articles',
      snap.articles,
      ({ text, paragraphs, ...a }): SavedArticle => ({ ...a, paragraphLengths: paragraphs.map((p) => p.length) }),
    )
    // A quotation's words are a slice of its article's text: saved only when they are not.
    await writeJSONArray(meta, 'quotations', snap.quotations.byArticle, (list, ai): SavedQuotation[] =>
      list.map((q) => {
        const saved: SavedQuotation = [q.speaker, q.role, q.paragraph, q.start, q.end]
        if (snap.articles[ai].text.slice(q.start, q.end) !== q.text) saved.push(q.text)
        return saved
      }),
    )
    await meta.write('}')
  } finally {
    manifest.files['meta.json'] = await meta.close()
  }
  // Written piece by piece: one buffer or string of the whole would double the memory peak.
  const arrays = await HashedFile.open(join(tmp, 'arrays.bin'))
  try {
    for (const part of parts) await arrays.write(part)
  } finally {
    manifest.files['arrays.bin'] = await arrays.close()
  }
  const texts = await HashedFile.open(join(tmp, 'texts.txt'))
  try {
    for (let i = 0; i < snap.articles.length; i += 1000) {
      await texts.write(
        snap.articles
          .slice(i, i + 1000)
          .map((a) => a.text)
          .join(''),
        textEncoding,
      )
    }
  } finally {
    manifest.files['texts.txt'] = await texts.close()
  }
  // Last: a save without its manifest is never read.
  await writeFile(join(tmp, MANIFEST), JSON.stringify(manifest))
}

/** Each file of a save, with its size and checksum: what a restore checks before trusting it. */
interface Manifest {
  version: number
  files: Record<string, { bytes: number; sha1: string }>
}

const MANIFEST = 'manifest.json'

/** A file written in pieces, hashed as it goes. */
class HashedFile {
  private readonly hash = createHash('sha1')
  private bytes = 0

  private constructor(private readonly file: FileHandle) {}

  static async open(path: string): Promise<HashedFile> {
    return new HashedFile(await open(path, 'w'))
  }

  async write(data: string | Buffer, encoding: BufferEncoding = 'utf8'): Promise<void> {
    const buffer = typeof data === 'string' ? Buffer.from(data, encoding) : data
    this.hash.update(buffer)
    this.bytes += buffer.length
    await this.file.write(buffer)
  }

  async close(): Promise<{ bytes: number; sha1: string }> {
    await this.file.close()
    return { bytes: this.bytes, sha1: this.hash.digest('hex') }
  }
}

/** Writes `,"name":[…]` to an open JSON object, a thousand items at a time. */
async function writeJSONArray<T, U>(
  file: HashedFile,
  name: string,
  items: T[],
  save: (item: T, i: number) => U,
): Promise<void> {
  await file.write(`,${JSON.stringify(name)}:[`)
  for (let i = 0; i < items.length; i += 1000) {
    const chunk: string[] = []
    for (let j = i; j < Math.min(i + 1000, items.length); j++) chunk.push(JSON.stringify(save(items[j], j)))
    await file.write((i > 0 ? ',' : '') + chunk.join(','))
  }
  await file.write(']')
}

/** Reads a snapshot written by `writeSnapshot`; `null` when there is none or it is from another version. */
export async function readSnapshot(dir: string): Promise<EngineSnapshot | null> {
  let manifest: Manifest
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest
  } catch {
    // No manifest: no save here, an unfinished one, or one of an older version.
    return null
  }
  if (manifest.version !== SNAPSHOT_VERSION) return null
  // Every file is checked against the manifest before a byte of it is trusted: a damaged save
  // would otherwise be served as if it were the articles.
  const [metaBytes, bin, textBytes] = await Promise.all(
    ['meta.json', 'arrays.bin', 'texts.txt'].map((name) => readChecked(dir, name, manifest)),
  )
  const meta = JSON.parse(metaBytes.toString('utf8')) as Meta
  if (meta.version !== SNAPSHOT_VERSION) return null
  const texts = textBytes.toString(meta.textEncoding)
  // Typed arrays need 4-byte alignment: a large file's buffer has it; a small one may share a
  // pool at any offset and is copied.
  let buffer = bin.buffer as ArrayBuffer
  let base = bin.byteOffset
  if (base % 4 !== 0) {
    buffer = new ArrayBuffer(bin.length)
    new Uint8Array(buffer).set(bin)
    base = 0
  }
  const arr = <N extends ArrayName>(name: N): InstanceType<(typeof ALL_COLUMNS)[N]> => {
    const [at, length] = meta.layout[name] ?? [-1, 0]
    const size = ALL_COLUMNS[name].BYTES_PER_ELEMENT
    if (!(at >= 0 && length >= 0 && at % size === 0 && at + length * size <= bin.length)) {
      throw damaged(dir, `the column ${name} lies outside arrays.bin`)
    }
    return new ALL_COLUMNS[name](buffer, base + at, length) as InstanceType<(typeof ALL_COLUMNS)[N]>
  }
  let cursor = 0
  const articles: Article[] = meta.articles.map((a) => {
    const lengths = a.paragraphLengths
    let length = 2 * Math.max(0, lengths.length - 1)
    for (const n of lengths) length += n
    const text = texts.slice(cursor, cursor + length)
    cursor += length
    let offset = 0
    const paragraphs = lengths.map((n) => {
      const view = text.slice(offset, offset + n)
      offset += n + 2
      return view
    })
    // Field by field rather than by spreading: 100,000 object copies fewer on a warm start.
    return {
      id: a.id,
      title: a.title,
      outlet: a.outlet,
      url: a.url,
      published: a.published,
      author: a.author,
      summary: a.summary,
      captions: a.captions,
      paragraphs,
      text,
      source: a.source,
    }
  })
  if (cursor !== texts.length) throw damaged(dir, 'texts.txt does not match meta.json')
  const quotations: Quotation[][] = meta.quotations.map((list, ai) =>
    list.map(([speaker, role, paragraph, start, end, text]) => ({
      speaker,
      role,
      paragraph,
      start,
      end,
      text: text ?? articles[ai].text.slice(start, end),
      articleId: articles[ai].id,
    })),
  )
  return {
    articles,
    warnings: meta.warnings,
    quotations: { byArticle: quotations, spellings: meta.spellings },
    index: {
      ...(Object.fromEntries((Object.keys(COLUMNS) as ColumnName[]).map((name) => [name, arr(name)])) as Pick<
        IndexSnapshot,
        ColumnName
      >),
      termText: meta.termText,
      titleTerms: meta.titleTerms,
      paragraphCount: meta.paragraphCount,
      removed: meta.removed,
      commonLimit: meta.commonLimit,
      search: {
        tables: meta.searchTables,
        terms: meta.searchTerms,
        offsets: arr('searchOffsets'),
        docs: arr('searchDocs'),
        counts: arr('searchCounts'),
      },
    },
  }
}

/** A file of a save, read whole and checked against its size and checksum in the manifest. */
async function readChecked(dir: string, name: string, manifest: Manifest): Promise<Buffer> {
  const expected = manifest.files[name]
  if (expected === undefined) throw damaged(dir, `${name} is not in its manifest`)
  const bytes = await readFile(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'ENOENT' ? damaged(dir, `${name} is missing`) : err
  })
  if (bytes.length !== expected.bytes) throw damaged(dir, `${name} has ${bytes.length} bytes, not ${expected.bytes}`)
  if (createHash('sha1').update(bytes).digest('hex') !== expected.sha1) {
    throw damaged(dir, `${name} does not match its checksum`)
  }
  return bytes
}

function damaged(dir: string, why: string): NewsdeskError {
  return new NewsdeskError(`Newsdesk: the saved index in ${dir} is damaged (${why})`)
}
