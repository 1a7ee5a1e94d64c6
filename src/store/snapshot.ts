import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { type FileHandle, mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { NewsdeskError } from '../errors.js'
import type { LoadWarning } from '../ingest/load.js'
import { decodeTogether } from '../ingest/off-heap.js'
import type { SavedQuotes } from '../quotes/quote-book.js'
import { COLUMNS, type ColumnName, checkColumns, type IndexSnapshot } from '../search/corpus-index.js'
import type { Article, Quotation } from '../types.js'
import { hashOffThread } from './hash-files.js'
import { type ParagraphTable, paragraphLayout, StoredArticle } from './stored-article.js'

/** Bumped whenever the saved layout or the way text is indexed changes: old saves are ignored. */
export const SNAPSHOT_VERSION = 12

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
// What the save adds to the index's columns: each text's length in texts.txt, in bytes (read
// before the metadata, see readFiles), where each article's paragraphs lie in its text, and the
// quotations (a million articles hold 1.7 million: as JSON they were a third of a restart).
const STORE_COLUMNS = {
  /** Bytes of each article's text and fields in texts.txt. */
  textBytes: Int32Array,
  /** Each article's `FIELDS`, in chars, -1 for null: they follow its text in texts.txt. */
  fieldLengths: Int32Array,
  /** Article a's paragraphs' lengths are `paragraphLengths` from `paragraphFirst[a]` on. */
  paragraphFirst: Int32Array,
  paragraphLengths: Int32Array,
  /** Article a's quotations are numbers `quoteFirst[a]` up to `quoteFirst[a + 1]`. */
  quoteFirst: Int32Array,
  /** Index into the list `speakers`. */
  quoteSpeaker: Int32Array,
  /** Index into the list `roles`, -1 for none. */
  quoteRole: Int32Array,
  quoteParagraph: Int32Array,
  quoteStart: Int32Array,
  quoteEnd: Int32Array,
} as const
const ALL_COLUMNS = { ...COLUMNS, ...POSTING_COLUMNS, ...STORE_COLUMNS }
type ArrayName = keyof typeof ALL_COLUMNS
type StoreColumns = { [K in keyof typeof STORE_COLUMNS]: Int32Array }
const ARRAYS = (Object.keys(ALL_COLUMNS) as ArrayName[]).sort(
  (a, b) => ALL_COLUMNS[b].BYTES_PER_ELEMENT - ALL_COLUMNS[a].BYTES_PER_ELEMENT,
)

/**
 * An article's string fields, saved after its text in texts.txt and read back as slices of it:
 * as JSON (a million ids and titles) they took seconds of every restart to parse.
 */
const FIELDS = ['id', 'title', 'outlet', 'url', 'published', 'author', 'summary', 'source'] as const
type FieldName = (typeof FIELDS)[number]

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
  /** The captions of articles that have any, by article number. */
  captions: Array<[number, string[]]>
  warnings: LoadWarning[]
  /** The quotations' speakers and roles, each once (see `quoteSpeaker`, `quoteRole`). */
  speakers: string[]
  roles: string[]
  /** Words of quotations that are not the slice of their article's text they point to, by number. */
  quoteTexts: Array<[number, string]>
  /** Paragraphs of articles whose text is not their paragraphs joined by blank lines. */
  paragraphTexts: Array<[number, string[]]>
  spellings: Array<[string, string[]]>
}

const LIST_NAMES: ReadonlyArray<keyof MetaLists> = [
  'removed',
  'termText',
  'captions',
  'warnings',
  'speakers',
  'roles',
  'quoteTexts',
  'paragraphTexts',
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
  // Every entry is checked now, so that a restore whose files match their checksums checks only
  // the columns' shape (a second less of every restart at a million articles).
  checkColumns(snap.articles, snap.index)
  const layout = {} as Record<ArrayName, [number, number]>
  const parts: Buffer[] = []
  let offset = 0
  const { postings } = snap.index
  // Texts are read back many at a time into strings Node keeps off the heap, which it does for
  // Latin-1 and UTF-16 (not UTF-8); Latin-1 is also a plain copy, and most English news fits it.
  const wide = /[\u0100-\uffff]/
  const fitsLatin1 = (a: Article): boolean => !wide.test(a.text) && FIELDS.every((f) => !wide.test(a[f] ?? ''))
  const textEncoding = snap.articles.every(fitsLatin1) ? 'latin1' : 'utf16le'
  const unit = textEncoding === 'latin1' ? 1 : 2
  const stored = storeColumns(snap)
  const fieldLengths = new Int32Array(FIELDS.length * snap.articles.length)
  const textBytes = Int32Array.from(snap.articles, (a, i) => {
    let chars = a.text.length
    FIELDS.forEach((f, k) => {
      const value: string | null = a[f]
      fieldLengths[i * FIELDS.length + k] = value === null ? -1 : value.length
      chars += value?.length ?? 0
    })
    return chars * unit
  })
  const columns: Record<ArrayName, ArrayBufferView> = {
    ...stored.columns,
    textBytes,
    fieldLengths,
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
    // Texts and fields go to texts.txt, paragraphs and quotations to columns (see storeColumns).
    const captions = snap.articles.flatMap(
      (a, i): Array<[number, string[]]> => (a.captions.length > 0 ? [[i, a.captions]] : []),
    )
    await writeList(meta, 'captions', captions)
    await writeList(meta, 'warnings', snap.warnings)
    await writeList(meta, 'speakers', stored.speakers)
    await writeList(meta, 'roles', stored.roles)
    await writeList(meta, 'quoteTexts', stored.quoteTexts)
    await writeList(meta, 'paragraphTexts', stored.paragraphTexts)
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
          .map((a) => a.text + FIELDS.map((f) => a[f] ?? '').join(''))
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
  const last = await HashedFile.open(join(tmp, MANIFEST))
  try {
    await last.write(JSON.stringify(manifest))
  } finally {
    await last.close()
  }
}

/**
 * The columns of `STORE_COLUMNS` but the texts' and fields' lengths, and the lists they index.
 * A quotation's words are a slice of its article's text, and an article's paragraphs slices of
 * its text: the words are written out only where they are not.
 */
function storeColumns(snap: EngineSnapshot): {
  columns: Omit<StoreColumns, 'textBytes' | 'fieldLengths'>
} & Pick<MetaLists, 'speakers' | 'roles' | 'quoteTexts' | 'paragraphTexts'> {
  const { articles } = snap
  const byArticle = snap.quotations.byArticle
  let paragraphs = 0
  let quotations = 0
  // Each article's paragraphs' lengths, or its own paragraphs when they are not its text's.
  const layouts = articles.map(paragraphLayout)
  for (const [i, a] of articles.entries()) {
    paragraphs += layouts[i]?.length ?? a.paragraphs.length
    quotations += byArticle[i]?.length ?? 0
  }
  const columns = {
    paragraphFirst: new Int32Array(articles.length + 1),
    paragraphLengths: new Int32Array(paragraphs),
    quoteFirst: new Int32Array(articles.length + 1),
    quoteSpeaker: new Int32Array(quotations),
    quoteRole: new Int32Array(quotations),
    quoteParagraph: new Int32Array(quotations),
    quoteStart: new Int32Array(quotations),
    quoteEnd: new Int32Array(quotations),
  }
  const speakers = new Map<string, number>()
  const roles = new Map<string, number>()
  const numberOf = (names: Map<string, number>, name: string): number => {
    let n = names.get(name)
    if (n === undefined) {
      n = names.size
      names.set(name, n)
    }
    return n
  }
  const quoteTexts: Array<[number, string]> = []
  const paragraphTexts: Array<[number, string[]]> = []
  let p = 0
  let k = 0
  for (const [i, a] of articles.entries()) {
    columns.paragraphFirst[i] = p
    const layout = layouts[i]
    if (layout !== null) for (let j = 0; j < layout.length; j++) columns.paragraphLengths[p++] = layout[j]
    else {
      for (const para of a.paragraphs) columns.paragraphLengths[p++] = para.length
      paragraphTexts.push([i, a.paragraphs])
    }
    columns.quoteFirst[i] = k
    for (const q of byArticle[i] ?? []) {
      columns.quoteSpeaker[k] = numberOf(speakers, q.speaker)
      columns.quoteRole[k] = q.role === null ? -1 : numberOf(roles, q.role)
      columns.quoteParagraph[k] = q.paragraph
      columns.quoteStart[k] = q.start
      columns.quoteEnd[k] = q.end
      if (a.text.slice(q.start, q.end) !== q.text) quoteTexts.push([k, q.text])
      k++
    }
  }
  columns.paragraphFirst[articles.length] = p
  columns.quoteFirst[articles.length] = k
  return { columns, speakers: [...speakers.keys()], roles: [...roles.keys()], quoteTexts, paragraphTexts }
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
    // On the disk before the manifest names it: after a power cut, a save is whole or absent.
    try {
      await this.file.sync()
    } finally {
      await this.file.close()
    }
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
  const articles = readArticles(dir, lists, texts, arr('fieldLengths'), {
    first: arr('paragraphFirst'),
    lengths: arr('paragraphLengths'),
  })
  const quotations = readQuotations(dir, lists, articles, {
    first: arr('quoteFirst'),
    speaker: arr('quoteSpeaker'),
    role: arr('quoteRole'),
    paragraph: arr('quoteParagraph'),
    start: arr('quoteStart'),
    end: arr('quoteEnd'),
  })
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
      // Checked when saved (see writeFiles); the restore returns it only once the files match
      // their checksums.
      checked: true,
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

/** Whether `first` opens `count` runs from 0 and closes them at `last`, never going backwards. */
function closes(first: Int32Array, count: number, last: number): boolean {
  if (first.length !== count + 1 || first[0] !== 0 || first[count] !== last) return false
  for (let i = 0; i < count; i++) if (first[i] > first[i + 1]) return false
  return true
}

/** The articles of a save: their fields, their texts, and where their paragraphs lie in them. */
function readArticles(
  dir: string,
  lists: MetaLists,
  texts: string[],
  fieldLengths: Int32Array,
  table: ParagraphTable,
): StoredArticle[] {
  const count = texts.length
  const mismatch = (): NewsdeskError => damaged(dir, 'texts.txt does not match the articles')
  if (fieldLengths.length !== FIELDS.length * count || !closes(table.first, count, table.lengths.length)) {
    throw mismatch()
  }
  const own = new Map(lists.paragraphTexts)
  const captionsOf = new Map(lists.captions)
  const articles: StoredArticle[] = []
  const field = {} as Record<FieldName, string | null>
  for (let i = 0; i < count; i++) {
    // The article's text, then its fields, each a slice of what was read.
    const all = texts[i]
    let fieldChars = 0
    for (let k = 0; k < FIELDS.length; k++) fieldChars += Math.max(0, fieldLengths[i * FIELDS.length + k])
    let at = all.length - fieldChars
    if (at < 0) throw mismatch()
    const text = all.slice(0, at)
    for (let k = 0; k < FIELDS.length; k++) {
      const length = fieldLengths[i * FIELDS.length + k]
      field[FIELDS[k]] = length < 0 ? null : all.slice(at, at + length)
      at += Math.max(0, length)
    }
    const { id, title, outlet, url, published, author, summary, source } = field
    if (id === null || title === null || source === null) throw mismatch()
    const paragraphs = own.get(i)
    // The text is its paragraphs with a blank line between each, unless they were saved apart.
    let length = 0
    for (let k = table.first[i]; k < table.first[i + 1]; k++) {
      if (table.lengths[k] < 0) throw mismatch()
      length += table.lengths[k] + (k > table.first[i] ? 2 : 0)
    }
    if (paragraphs === undefined && length !== text.length) throw mismatch()
    const captions = captionsOf.get(i) ?? []
    const fields = { id, title, outlet, url, published, author, summary, captions, text, source }
    const article = new StoredArticle(fields, table, i)
    if (paragraphs !== undefined) article.paragraphs = paragraphs
    articles.push(article)
  }
  return articles
}

/** The quotations of a save's columns, by article; their words sliced from the texts. */
function readQuotations(
  dir: string,
  lists: MetaLists,
  articles: readonly Article[],
  q: Record<'first' | 'speaker' | 'role' | 'paragraph' | 'start' | 'end', Int32Array>,
): Quotation[][] {
  const total = q.speaker.length
  const columnsAgree = [q.role, q.paragraph, q.start, q.end].every((c) => c.length === total)
  if (!columnsAgree || !closes(q.first, articles.length, total)) throw damaged(dir, 'the quotations do not close')
  const words = new Map(lists.quoteTexts)
  const { speakers, roles } = lists
  const byArticle: Quotation[][] = []
  for (let a = 0; a < articles.length; a++) {
    const { id, text } = articles[a]
    const list: Quotation[] = []
    for (let k = q.first[a]; k < q.first[a + 1]; k++) {
      const speaker = speakers[q.speaker[k]]
      const role = q.role[k] === -1 ? null : roles[q.role[k]]
      const start = q.start[k]
      const end = q.end[k]
      if (speaker === undefined || role === undefined || !(start >= 0 && start <= end && end <= text.length)) {
        throw damaged(dir, 'a quotation it cannot place')
      }
      const paragraph = q.paragraph[k]
      list.push({ speaker, role, text: words.get(k) ?? text.slice(start, end), articleId: id, paragraph, start, end })
    }
    byArticle.push(list)
  }
  return byArticle
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
    // Pieces of whole texts, each read while the one before is decoded, into two buffers in turn.
    const pieces: Array<{ from: number; to: number; at: number; bytes: number }> = []
    for (let i = 0, at = 0; i < byteLengths.length; ) {
      let bytes = 0
      let j = i
      while (j < byteLengths.length && (j === i || bytes + byteLengths[j] <= TEXT_PIECE)) bytes += byteLengths[j++]
      pieces.push({ from: i, to: j, at, bytes })
      at += bytes
      i = j
    }
    const largest = Math.max(0, ...pieces.map((p) => p.bytes))
    const buffers = [Buffer.allocUnsafe(largest), Buffer.allocUnsafe(pieces.length > 1 ? largest : 0)]
    const read = async (k: number): Promise<Buffer> => {
      const { at, bytes } = pieces[k]
      const piece = buffers[k % 2].subarray(0, bytes)
      for (let got = 0; got < bytes; ) {
        const { bytesRead } = await file.read(piece, got, bytes - got, at + got)
        if (bytesRead === 0) throw damaged(dir, `${name} ended early`)
        got += bytesRead
      }
      return piece
    }
    const hash = createHash('sha1')
    const texts: string[] = []
    let next = pieces.length > 0 ? read(0) : null
    for (let k = 0; next !== null; k++) {
      const piece = await next
      next = k + 1 < pieces.length ? read(k + 1) : null
      // A failed read of the next piece is seen when it is awaited; it must not go unhandled meanwhile.
      next?.catch(() => {})
      if (check) hash.update(piece)
      const { from, to } = pieces[k]
      for (const text of decodeTogether(piece, byteLengths.subarray(from, to), encoding)) texts.push(text)
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
