import MiniSearch, { type AsPlainObject, type Options } from 'minisearch'
import { NewsdeskError } from '../errors.js'

/**
 * A MiniSearch index as plain data for the saved index: its small tables as they are, and its
 * postings (term → field → document → count) as flat integer columns instead of JSON. Reading
 * back millions of postings from JSON (parse, then one object key at a time) was the largest
 * part of a warm start at 100,000 articles.
 */
export interface SavedSearch {
  /** `toJSON()` without its index. */
  tables: Omit<AsPlainObject, 'index'>
  terms: string[]
  /** Postings of term k, field f: `offsets[2k + f]` up to `offsets[2k + f + 1]` (two fields). */
  offsets: Int32Array
  docs: Int32Array
  counts: Int32Array
}

const FIELDS = 2

/** A MiniSearch index (two fields) as columns; `loadSearch` reads them back. */
export function saveSearch(search: MiniSearch<unknown>): SavedSearch {
  return savePostingsDirectly(search) ?? saveSearchPublic(search)
}

type Postings = Map<string, Map<number, Map<number, number>>>

// Fast path: read MiniSearch's term map in place. `toJSON()` would first copy every posting
// into plain objects — at 100,000 articles some 700 MB more at the peak of a save. The map is
// not public API, so its shape is checked and anything unexpected takes the public path.
function savePostingsDirectly(search: MiniSearch<unknown>): SavedSearch | null {
  const postings = (search as unknown as { _index?: unknown })._index as Postings | undefined
  if (postings === undefined || typeof postings[Symbol.iterator] !== 'function' || postings.size !== search.termCount)
    return null
  // The small tables through the public `toJSON()`, called on a view whose term map is empty.
  const { index, ...tables } = search.toJSON.call(
    Object.create(search, { _index: { value: [] } }) as MiniSearch<unknown>,
  )
  if (index.length !== 0 || Object.keys(tables.fieldIds).length !== FIELDS) return null
  const documents = liveDocuments(search, tables)
  let total = 0
  for (const [term, byField] of postings) {
    if (typeof term !== 'string' || !(byField instanceof Map)) return null
    for (const [f, docs] of byField) {
      if (typeof f !== 'number' || f < 0 || f >= FIELDS || !(docs instanceof Map)) return null
      if (documents === null) total += docs.size
      else for (const doc of docs.keys()) if (documents.has(doc)) total++
    }
  }
  const saved = emptyColumns(tables, postings.size, total)
  let k = 0
  let p = 0
  for (const [term, byField] of postings) {
    saved.terms[k] = term
    for (let f = 0; f < FIELDS; f++) {
      for (const [doc, count] of byField.get(f) ?? []) {
        if (documents !== null && !documents.has(doc)) continue
        saved.docs[p] = doc
        saved.counts[p++] = count
      }
      saved.offsets[FIELDS * k + f + 1] = p
    }
    k++
  }
  return documents === null ? saved : withoutEmptyTerms(saved)
}

/** `saveSearch` through MiniSearch's public API alone: its fallback, slower and larger at its peak. */
export function saveSearchPublic(search: MiniSearch<unknown>): SavedSearch {
  const { index, ...tables } = search.toJSON()
  if (Object.keys(tables.fieldIds).length !== FIELDS)
    throw new NewsdeskError('Newsdesk: the article index should have two fields')
  const live = liveDocuments(search, tables)
  let total = 0
  for (const [, byField] of index) {
    for (let f = 0; f < FIELDS; f++) {
      for (const doc of Object.keys(byField[f] ?? {})) if (live === null || live.has(Number(doc))) total++
    }
  }
  const saved = emptyColumns(tables, index.length, total)
  let p = 0
  index.forEach(([term, byField], k) => {
    saved.terms[k] = term
    for (let f = 0; f < FIELDS; f++) {
      for (const [doc, count] of Object.entries(byField[f] ?? {})) {
        if (live !== null && !live.has(Number(doc))) continue
        saved.docs[p] = Number(doc)
        saved.counts[p++] = count
      }
      saved.offsets[FIELDS * k + f + 1] = p
    }
  })
  return live === null ? saved : withoutEmptyTerms(saved)
}

// Terms only discarded documents held: MiniSearch drops them as it meets them, and so does the save.
function withoutEmptyTerms(saved: SavedSearch): SavedSearch {
  const { terms, offsets } = saved
  let kept = 0
  for (let k = 0; k < terms.length; k++) {
    if (offsets[FIELDS * (k + 1)] === offsets[FIELDS * k]) continue
    terms[kept] = terms[k]
    for (let f = 0; f < FIELDS; f++) offsets[FIELDS * kept + f + 1] = offsets[FIELDS * k + f + 1]
    kept++
  }
  terms.length = kept
  return { ...saved, terms, offsets: offsets.slice(0, FIELDS * kept + 1) }
}

// The documents still in the index (by short id) when some were discarded and their postings
// not yet vacuumed away; null when none were.
function liveDocuments(search: MiniSearch<unknown>, tables: SavedSearch['tables']): Set<number> | null {
  return search.dirtCount === 0 ? null : new Set(Object.keys(tables.documentIds).map(Number))
}

function emptyColumns(tables: SavedSearch['tables'], terms: number, postings: number): SavedSearch {
  return {
    tables,
    terms: new Array<string>(terms),
    offsets: new Int32Array(FIELDS * terms + 1),
    docs: new Int32Array(postings),
    counts: new Int32Array(postings),
  }
}

interface PostingsMap {
  set: (term: string, data: Map<number, Map<number, number>>) => unknown
  size: number
}

/** The MiniSearch index that `saveSearch` wrote, with the options it was built with. */
export function loadSearch<T>(saved: SavedSearch, options: Options<T>): MiniSearch<T> {
  return loadPostingsDirectly(saved, options) ?? loadSearchPublic(saved, options)
}

// Fast path: MiniSearch's public loader for the small tables, then its term map filled from
// the columns directly. That map is not public API, so its shape is checked first and the
// result verified; anything unexpected (another MiniSearch version) takes the public path.
function loadPostingsDirectly<T>(saved: SavedSearch, options: Options<T>): MiniSearch<T> | null {
  const { terms, offsets, docs, counts } = saved
  checkPostings(saved)
  const search = MiniSearch.loadJS({ ...saved.tables, index: [] }, options)
  const postings = (search as unknown as { _index?: Partial<PostingsMap> })._index
  if (postings === undefined || typeof postings.set !== 'function' || postings.size !== 0) return null
  for (let k = 0; k < terms.length; k++) {
    const byField = new Map<number, Map<number, number>>()
    for (let f = 0; f < FIELDS; f++) {
      const from = offsets[FIELDS * k + f]
      const to = offsets[FIELDS * k + f + 1]
      if (from === to) continue
      const map = new Map<number, number>()
      for (let p = from; p < to; p++) map.set(docs[p], counts[p])
      byField.set(f, map)
    }
    postings.set(terms[k], byField)
  }
  return search.termCount === terms.length && probe(search, saved) ? search : null
}

/** `loadSearch` through MiniSearch's public loader alone: its fallback. */
export function loadSearchPublic<T>(saved: SavedSearch, options: Options<T>): MiniSearch<T> {
  const { terms, offsets, docs, counts } = saved
  checkPostings(saved)
  const index: AsPlainObject['index'] = terms.map((term, k) => {
    const byField: Record<string, Record<string, number>> = {}
    for (let f = 0; f < FIELDS; f++) {
      const from = offsets[FIELDS * k + f]
      const to = offsets[FIELDS * k + f + 1]
      if (from === to) continue
      const entries: Record<string, number> = {}
      for (let p = from; p < to; p++) entries[docs[p]] = counts[p]
      byField[f] = entries
    }
    return [term, byField]
  })
  return MiniSearch.loadJS({ ...saved.tables, index }, options)
}

/** Whether a search for one saved term finds as many documents as its postings list. */
function probe<T>(search: MiniSearch<T>, saved: SavedSearch): boolean {
  const k = saved.terms.length >> 1
  if (k >= saved.terms.length) return true
  const expected = new Set<number>()
  for (let f = 0; f < FIELDS; f++) {
    for (let p = saved.offsets[FIELDS * k + f]; p < saved.offsets[FIELDS * k + f + 1]; p++) expected.add(saved.docs[p])
  }
  try {
    return search.search(saved.terms[k], { combineWith: 'OR', prefix: false, fuzzy: false }).length === expected.size
  } catch {
    return false
  }
}

/** Throws when the saved postings' offsets do not each lie within the postings, in order. */
function checkPostings({ terms, offsets, docs, counts }: SavedSearch): void {
  const fail = (): never => {
    throw new NewsdeskError('Newsdesk: the saved index is damaged (the article postings do not add up)')
  }
  if (offsets.length !== FIELDS * terms.length + 1 || offsets[0] !== 0) fail()
  if (offsets[offsets.length - 1] !== docs.length || counts.length !== docs.length) fail()
  for (let i = 1; i < offsets.length; i++) if (offsets[i] < offsets[i - 1]) fail()
}
