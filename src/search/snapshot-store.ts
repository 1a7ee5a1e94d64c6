import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Article, Quotation } from '../types.js'
import type { LoadWarning } from '../ingest/load.js'
import type { IndexSnapshot } from './corpus-index.js'

/** Bumped whenever the saved layout or the way text is indexed changes: old saves are ignored. */
export const SNAPSHOT_VERSION = 2

/** A whole engine as data: the articles, the index, the quotations. */
export interface EngineSnapshot {
  articles: Article[]
  warnings: LoadWarning[]
  index: IndexSnapshot
  quotations: Quotation[][]
}

const ARRAYS = ['df', 'articleDf', 'passageArticle', 'passageParagraph', 'passagePid', 'passageStart', 'passageEnd', 'passageTerms', 'allTerms', 'articleFirst'] as const
type ArrayName = typeof ARRAYS[number]

/**
 * Writes a snapshot into `dir`: JSON for the articles and vocabulary, one binary file for the
 * typed arrays, MiniSearch's own JSON. Written to a temporary folder first, then renamed, so a
 * crash never leaves a half-written save that looks whole.
 */
export async function writeSnapshot (dir: string, snap: EngineSnapshot): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`
  await rm(tmp, { recursive: true, force: true })
  await mkdir(tmp, { recursive: true })
  const layout: Record<string, [number, number]> = {}
  const parts: Buffer[] = []
  let offset = 0
  for (const name of ARRAYS) {
    const a = snap.index[name]
    const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength)
    layout[name] = [offset, a.length]
    parts.push(bytes)
    offset += bytes.length
  }
  const meta = {
    version: SNAPSHOT_VERSION,
    layout,
    paragraphCount: snap.index.paragraphCount,
    termText: snap.index.termText,
    titleTerms: snap.index.titleTerms,
    // Paragraphs are saved as lengths and restored as slices of the text (see makeArticle).
    articles: snap.articles.map(a => ({ ...a, paragraphs: undefined, paragraphLengths: a.paragraphs.map(p => p.length) })),
    warnings: snap.warnings,
    quotations: snap.quotations
  }
  await writeFile(join(tmp, 'meta.json'), JSON.stringify(meta))
  await writeFile(join(tmp, 'arrays.bin'), Buffer.concat(parts))
  await writeFile(join(tmp, 'minisearch.json'), snap.index.miniSearch)
  await rm(dir, { recursive: true, force: true })
  await rename(tmp, dir)
}

/** Reads a snapshot written by `writeSnapshot`; `null` when there is none or it is from another version. */
export async function readSnapshot (dir: string): Promise<EngineSnapshot | null> {
  let metaText: string
  try {
    metaText = await readFile(join(dir, 'meta.json'), 'utf8')
  } catch {
    return null
  }
  const meta = JSON.parse(metaText) as {
    version: number
    layout: Record<ArrayName, [number, number]>
    paragraphCount: number
    termText: string[]
    titleTerms: number[][]
    articles: Article[]
    warnings: LoadWarning[]
    quotations: Quotation[][]
  }
  if (meta.version !== SNAPSHOT_VERSION) return null
  const [bin, miniSearch] = await Promise.all([readFile(join(dir, 'arrays.bin')), readFile(join(dir, 'minisearch.json'), 'utf8')])
  // Copy into an aligned buffer: typed arrays need 4-byte alignment.
  const buffer = new ArrayBuffer(bin.length)
  new Uint8Array(buffer).set(bin)
  const arr = (name: ArrayName): Int32Array => new Int32Array(buffer, meta.layout[name][0], meta.layout[name][1])
  const articles = (meta.articles as Array<Article & { paragraphLengths: number[] }>).map(({ paragraphLengths, ...a }) => {
    let offset = 0
    const paragraphs = paragraphLengths.map(n => {
      const view = a.text.slice(offset, offset + n)
      offset += n + 2
      return view
    })
    return { ...a, paragraphs }
  })
  return {
    articles,
    warnings: meta.warnings,
    quotations: meta.quotations,
    index: {
      termText: meta.termText,
      titleTerms: meta.titleTerms,
      paragraphCount: meta.paragraphCount,
      df: arr('df'),
      articleDf: arr('articleDf'),
      passageArticle: arr('passageArticle'),
      passageParagraph: arr('passageParagraph'),
      passagePid: arr('passagePid'),
      passageStart: arr('passageStart'),
      passageEnd: arr('passageEnd'),
      passageTerms: arr('passageTerms'),
      allTerms: new Uint32Array(buffer, meta.layout.allTerms[0], meta.layout.allTerms[1]),
      articleFirst: arr('articleFirst'),
      miniSearch
    }
  }
}
