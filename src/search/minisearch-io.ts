import MiniSearch, { type AsPlainObject, type Options } from 'minisearch'

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

export function saveSearch (search: MiniSearch<unknown>): SavedSearch {
  const { index, ...tables } = search.toJSON()
  if (Object.keys(tables.fieldIds).length !== FIELDS) throw new Error('Newsdesk: the article index should have two fields')
  const terms: string[] = []
  const offsets = [0]
  const docs: number[] = []
  const counts: number[] = []
  for (const [term, byField] of index) {
    terms.push(term)
    for (let f = 0; f < FIELDS; f++) {
      for (const [doc, count] of Object.entries(byField[f] ?? {})) {
        docs.push(Number(doc))
        counts.push(count)
      }
      offsets.push(docs.length)
    }
  }
  return { tables, terms, offsets: Int32Array.from(offsets), docs: Int32Array.from(docs), counts: Int32Array.from(counts) }
}

interface PostingsMap {
  set: (term: string, data: Map<number, Map<number, number>>) => unknown
  size: number
}

export function loadSearch<T> (saved: SavedSearch, options: Options<T>): MiniSearch<T> {
  const { terms, offsets, docs, counts } = saved
  // Fast path: MiniSearch's public loader for the small tables, then its term map filled from
  // the columns directly. That map is not public API, so its shape is checked first and the
  // result verified; anything unexpected (another MiniSearch version) takes the slower path
  // through the public loader alone.
  const search = MiniSearch.loadJS({ ...saved.tables, index: [] }, options)
  const postings = (search as unknown as { _index?: Partial<PostingsMap> })._index
  if (postings !== undefined && typeof postings.set === 'function' && postings.size === 0) {
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
    if (search.termCount === terms.length && probe(search, saved)) return search
  }
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
function probe<T> (search: MiniSearch<T>, saved: SavedSearch): boolean {
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
