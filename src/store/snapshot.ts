import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { type FileHandle, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { NewsdeskError } from '../errors.js'
import type { LoadWarning } from '../ingest/load.js'
import { decodeTogether } from '../ingest/off-heap.js'
import type { SavedQuotes } from '../quotes/quote-book.js'
import { COLUMNS, type ColumnName, type IndexSnapshot } from '../search/corpus-index.js'
import type { Article, Quotation } from '../types.js'
import { hashOffThread } from './hash-files.js'

/** Bumped whenever the saved layout or the way text is indexed changes: old saves are ignored. */
export const SNAPSHOT_VERSION = 10

/** A whole engine as data: the articles, the index, the quotations. */
export interface EngineSnapshot {
  articles: Article[]
  warnings: LoadWarning[]
  index: IndexSnapshot
  quotations: SavedQuotes
}

// The index's columns and stage one's postings, saved as one binary file: four-byte arrays
// first, byte arrays last, so every array starts aligned.
const POSTING_COLUMNS = {
  postingOffsets: Int32Array,
  postingDocs: Int32Array,
  postingFieldLength: Int32Array,
  postingTf: Uint16Array,
} as const
// Each article's text's length in texts.txt, in bytes: read before the metadata (see readFiles).
const TEXT_COLUMNS = { textBytes: Int32Array } as const
const ALL_COLUMNS = { ...COLUMNS, ...POSTING_COLUMNS, ...TEXT_COLUMNS }
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

/** The first line of meta.jsonl: everything small. */
interface MetaHead {
  version: number
  textEncoding: 'latin1' | 'utf16le'
  layout: Record<ArrayName, [number, number]>
  paragraphCount: number
  commonLimit: number
  avgFieldLength: [number, number]
}

/**
 * The long lists of meta.jsonl, each written as lines of `[name, [items…]]` so that no line, and
 * no string read back, comes near V8's limit on a string's length (about 512 MB) at any size.
 */
interface MetaLists {
  removed: number[]
  termText: string[]
  articles: SavedArticle[]
  warnings: LoadWarning[]
  quotations: SavedQuotation[][]
  spellings: Array<[string, string[]]>
}

const LIST_NAMES: ReadonlyArray<keyof MetaLists> = [
  'removed',
  'termText',
  'articles',
  'warnings',
  'quotations',
  'spellings',
]

/**
 * Writes a snapshot into `dir`: the article texts as one file (Latin-1 when every character fits,
 * else UTF-8), the typed arrays
 * (stage one's postings among them) as one binary file, JSON for the rest. Written to a
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
  const { postings } = snap.index
  // Texts are read back many at a time into strings Node keeps off the heap, which it does for
  // Latin-1 and UTF-16 (not UTF-8); Latin-1 is also a plain copy, and most English news fits it.
  const textEncoding = snap.articles.every((a) => !/[\u0100-\uffff]/.test(a.text)) ? 'latin1' : 'utf16le'
  const columns: Record<ArrayName, ArrayBufferView> = {
    textBytes: Int32Array.from(snap.articles, (a) => Buffer.byteLength(a.text, textEncoding)),
    ...snap.index,
    postingOffsets: postings.offsets,
    postingDocs: postings.docs,
    postingFieldLength: postings.fieldLength,
    postingTf: postings.tf,
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
  const head: MetaHead = {
    version: SNAPSHOT_VERSION,
    textEncoding,
    layout,
    paragraphCount: snap.index.paragraphCount,
    commonLimit: snap.index.commonLimit,
    avgFieldLength: postings.avgFieldLength,
  }
  const manifest: Manifest = { version: SNAPSHOT_VERSION, files: {} }
  const meta = await HashedFile.open(join(tmp, META))
  try {
    await meta.write(`${JSON.stringify(head)}\n`)
    await writeList(meta, 'removed', snap.index.removed)
    await writeList(meta, 'termText', snap.index.termText)
    // Texts go to texts.txt; paragraphs are restored as slices of the text (see readSnapshot).
    await writeList(
      meta,
      'articles',
      snap.articles,
      ({ text, paragraphs, ...a }): SavedArticle => ({
        ...a,
        paragraphLengths: paragraphs.map((p) => p.length),
      }),
    )
    await writeList(meta, 'warnings', snap.warnings)
    // A quotation's words are a slice of its article's text: saved only when they are not.
    await writeList(meta, 'quotations', snap.quotations.byArticle, (list, ai): SavedQuotation[] =>
      list.map((q) => {
        const saved: SavedQuotation = [q.speaker, q.role, q.paragraph, q.start, q.end]
        if (snap.articles[ai].text.slice(q.start, q.end) !== q.text) saved.push(q.text)
        return saved
      }),
    )
    await writeList(meta, 'spellings', snap.quotations.spellings)
  } finally {
    manifest.files[META] = await meta.close()
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
  // A save that could not be read back is found now, not at the next start.
  await verifySave(tmp, manifest)
  // Last: a save without its manifest is never read.
  await writeFile(join(tmp, MANIFEST), JSON.stringify(manifest))
}

/**
 * Reads a save back as a restore would see it, without holding it: each file's size and checksum
 * against what was written, and every line of meta.jsonl parsed. Throws when anything is off.
 */
async function verifySave(dir: string, manifest: Manifest): Promise<void> {
  for (const [name, expected] of Object.entries(manifest.files)) {
    const hash = createHash('sha1')
    let bytes = 0
    let rest = ''
    for await (const chunk of createReadStream(join(dir, name))) {
      const buffer = chunk as Buffer
      hash.update(buffer)
      bytes += buffer.length
      if (name !== META) continue
      // Line by line: each one must be JSON.
      const lines = (rest + buffer.toString('utf8')).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) JSON.parse(line)
    }
    if (bytes !== expected.bytes || hash.digest('hex') !== expected.sha1 || rest !== '') {
      throw new NewsdeskError(`Newsdesk: the index saved in ${dir} does not read back as written (${name})`)
    }
  }
}

/** Each file of a save, with its size and checksum: what a restore checks before trusting it. */
interface Manifest {
  version: number
  files: Record<string, { bytes: number; sha1: string }>
}

const MANIFEST = 'manifest.json'
const META = 'meta.jsonl'

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

/** Writes a list to meta.jsonl as lines of `[name, [up to 1,000 items]]`. */
async function writeList<T, U = T>(
  file: HashedFile,
  name: keyof MetaLists,
  items: readonly T[],
  save: (item: T, i: number) => U = (item) => item as unknown as U,
): Promise<void> {
  for (let i = 0; i < items.length; i += 1000) {
    const chunk: U[] = []
    for (let j = i; j < Math.min(i + 1000, items.length); j++) chunk.push(save(items[j], j))
    await file.write(`${JSON.stringify([name, chunk])}\n`)
  }
}

/** One line of meta.jsonl as JSON; a line that is not is a damaged save. */
function parseLine(dir: string, bytes: Buffer, from: number, to: number): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', from, to))
  } catch {
    throw damaged(dir, `${META} holds a line that is not JSON`)
  }
}

/** The first line of meta.jsonl; `null` when the save is of another version. */
function readHead(dir: string, bytes: Buffer): MetaHead | null {
  const at = bytes.indexOf(10)
  if (at < 0) throw damaged(dir, `${META} has no first line`)
  const head = parseLine(dir, bytes, 0, at) as MetaHead
  return head.version === SNAPSHOT_VERSION ? head : null
}

/** The lists of meta.jsonl, read back a line at a time after its first. */
function readLists(dir: string, bytes: Buffer): MetaLists {
  let at = bytes.indexOf(10)
  const lists = Object.fromEntries(LIST_NAMES.map((n) => [n, []])) as unknown as MetaLists
  while (at + 1 < bytes.length) {
    const end = bytes.indexOf(10, at + 1)
    if (end < 0) throw damaged(dir, `${META} ends in the middle of a line`)
    const [name, chunk] = parseLine(dir, bytes, at + 1, end) as [keyof MetaLists, unknown[]]
    const list = lists[name] as unknown[] | undefined
    if (list === undefined || !Array.isArray(chunk)) throw damaged(dir, `${META} holds an unknown list`)
    for (const item of chunk) list.push(item)
    at = end
  }
  return lists
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
  const offThread = hashOffThread([META, 'arrays.bin', 'texts.txt'].map((name) => join(dir, name)))
  try {
    const snapshot = await readFiles(dir, manifest, offThread === null)
    if (offThread !== null) {
      const hashes = await offThread.result
      for (const name of [META, 'arrays.bin', 'texts.txt']) {
        const got = hashes[join(dir, name)]
        const expected = manifest.files[name]
        if (got === undefined || 'error' in got || got.bytes !== expected?.bytes || got.sha1 !== expected.sha1) {
          throw damaged(dir, `${name} does not match its checksum`)
        }
      }
    }
    return snapshot
  } finally {
    offThread?.stop()
  }
}

/** The files of a save, read and parsed; each checked against the manifest here when `hash`. */
async function readFiles(dir: string, manifest: Manifest, hash: boolean): Promise<EngineSnapshot | null> {
  const [metaBytes, bin] = await Promise.all([META, 'arrays.bin'].map((name) => readChecked(dir, name, manifest, hash)))
  const head = readHead(dir, metaBytes)
  if (head === null) return null
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
    const [at, length] = head.layout[name] ?? [-1, 0]
    const size = ALL_COLUMNS[name].BYTES_PER_ELEMENT
    if (!(at >= 0 && length >= 0 && at % size === 0 && at + length * size <= bin.length)) {
      throw damaged(dir, `the column ${name} lies outside arrays.bin`)
    }
    return new ALL_COLUMNS[name](buffer, base + at, length) as InstanceType<(typeof ALL_COLUMNS)[N]>
  }
  // Texts are decoded many at a time (never one string of them all, which would pass V8's limit
  // on a string's length past 400,000 articles), into strings outside the heap, and sliced; the
  // file is read a piece at a time, so its bytes are never all held beside the strings.
  if (head.textEncoding !== 'latin1' && head.textEncoding !== 'utf16le') {
    throw damaged(dir, 'texts.txt does not match the articles')
  }
  // The texts come first, while the heap is small: decoding 2 GB into strings outside the heap
  // makes V8 collect garbage as it goes, which took a third of a restart once the metadata's
  // objects were on the heap.
  const unit = head.textEncoding === 'utf16le' ? 2 : 1
  const byteLengths = arr('textBytes')
  if (!byteLengths.every((n) => n >= 0 && n % unit === 0)) throw damaged(dir, 'texts.txt does not match the articles')
  const texts = await readTexts(dir, manifest, byteLengths, head.textEncoding, hash)
  const lists = readLists(dir, metaBytes)
  if (lists.articles.length !== texts.length) throw damaged(dir, 'texts.txt does not match the articles')
  const articles: Article[] = lists.articles.map((a, i) => {
    const lengths = a.paragraphLengths
    let length = 2 * Math.max(0, lengths.length - 1)
    for (const n of lengths) length += n
    const text = texts[i]
    if (text.length !== length) throw damaged(dir, 'texts.txt does not match the articles')
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
  const quotations: Quotation[][] = lists.quotations.map((list, ai) =>
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
    warnings: lists.warnings,
    quotations: { byArticle: quotations, spellings: lists.spellings },
    index: {
      ...(Object.fromEntries((Object.keys(COLUMNS) as ColumnName[]).map((name) => [name, arr(name)])) as Pick<
        IndexSnapshot,
        ColumnName
      >),
      termText: lists.termText,
      paragraphCount: head.paragraphCount,
      removed: lists.removed,
      commonLimit: head.commonLimit,
      postings: {
        offsets: arr('postingOffsets'),
        docs: arr('postingDocs'),
        fieldLength: arr('postingFieldLength'),
        tf: arr('postingTf'),
        avgFieldLength: head.avgFieldLength,
      },
    },
  }
}

/**
 * The texts of texts.txt (each `byteLengths[i]` long), read in pieces of whole texts and decoded a
 * piece at a time; checked against the manifest's size and checksum like every other file.
 */
async function readTexts(
  dir: string,
  manifest: Manifest,
  byteLengths: Int32Array,
  encoding: 'latin1' | 'utf16le',
  check: boolean,
): Promise<string[]> {
  const name = 'texts.txt'
  const expected = manifest.files[name]
  if (expected === undefined) throw damaged(dir, `${name} is not in its manifest`)
  let total = 0
  for (const n of byteLengths) total += n
  if (total !== expected.bytes) throw damaged(dir, 'texts.txt does not match the articles')
  const file = await open(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'ENOENT' ? damaged(dir, `${name} is missing`) : err
  })
  try {
    const { size } = await file.stat()
    if (size !== expected.bytes) throw damaged(dir, `${name} has ${size} bytes, not ${expected.bytes}`)
    const hash = createHash('sha1')
    const texts: string[] = []
    let at = 0
    for (let i = 0; i < byteLengths.length; ) {
      let bytes = 0
      let j = i
      while (j < byteLengths.length && (j === i || bytes + byteLengths[j] <= TEXT_PIECE)) bytes += byteLengths[j++]
      const piece = Buffer.allocUnsafe(bytes)
      for (let got = 0; got < bytes; ) {
        const { bytesRead } = await file.read(piece, got, bytes - got, at + got)
        if (bytesRead === 0) throw damaged(dir, `${name} ended early`)
        got += bytesRead
      }
      if (check) hash.update(piece)
      for (const text of decodeTogether(piece, byteLengths.subarray(i, j), encoding)) texts.push(text)
      at += bytes
      i = j
    }
    if (check && hash.digest('hex') !== expected.sha1) throw damaged(dir, `${name} does not match its checksum`)
    return texts
  } finally {
    await file.close()
  }
}

/** A file of a save, read whole and checked against its size and checksum in the manifest. */
async function readChecked(dir: string, name: string, manifest: Manifest, check = true): Promise<Buffer> {
  const expected = manifest.files[name]
  if (expected === undefined) throw damaged(dir, `${name} is not in its manifest`)
  const file = await open(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'ENOENT' ? damaged(dir, `${name} is missing`) : err
  })
  try {
    const { size } = await file.stat()
    if (size !== expected.bytes) throw damaged(dir, `${name} has ${size} bytes, not ${expected.bytes}`)
    // Read in pieces, hashed as they come (unless a worker hashes the file meanwhile): `readFile`
    // refuses files over 2 GiB, and the postings of a million articles are 2.4 GB.
    const bytes = Buffer.allocUnsafe(size)
    const hash = createHash('sha1')
    for (let at = 0; at < size; ) {
      const { bytesRead } = await file.read(bytes, at, Math.min(READ_PIECE, size - at), at)
      if (bytesRead === 0) throw damaged(dir, `${name} ended early`)
      if (check) hash.update(bytes.subarray(at, at + bytesRead))
      at += bytesRead
    }
    if (check && hash.digest('hex') !== expected.sha1) throw damaged(dir, `${name} does not match its checksum`)
    return bytes
  } finally {
    await file.close()
  }
}

const READ_PIECE = 64 * 1024 * 1024
// Texts are read and decoded in larger pieces: each piece's strings outside the heap make V8
// collect garbage, so fewer pieces mean fewer collections.
const TEXT_PIECE = 256 * 1024 * 1024

function damaged(dir: string, why: string): NewsdeskError {
  return new NewsdeskError(`Newsdesk: the saved index in ${dir} is damaged (${why})`)
}
