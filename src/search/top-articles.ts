import type MiniSearch from 'minisearch'

/** One query term of stage one and the weight MiniSearch's `boostTerm` would give it. */
export interface WeightedTerm {
  term: string
  weight: number
}

/** MiniSearch's BM25 settings and the title's field boost. */
export interface TopArticlesOptions {
  titleBoost: number
  k: number
  b: number
  d: number
}

/** The parts of a MiniSearch index that its `search` reads to score documents. */
interface Internals {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined }
  _fieldIds: Record<string, number>
  _avgFieldLength: number[]
  _fieldLength: Map<number, number[]>
  _documentIds: Map<number, unknown>
  _documentCount: number
  _nextId: number
}

/** Reusable score slots, one per MiniSearch document, zeroed again after each query. */
export class ScoreScratch {
  scores = new Float64Array(0)
  /** One term's score, summed over its fields before it joins `scores` (MiniSearch's order). */
  termScores = new Float64Array(0)
  matched = new Uint16Array(0)
  /** Which term last touched a document (1, 2, …; 0 for none yet). */
  mark = new Int32Array(0)
  /** Marks given so far; the array is cleared when they would overflow. */
  marks = 0

  fit(size: number): void {
    if (this.scores.length >= size) return
    const n = Math.ceil(size * 1.25) + 16
    this.scores = new Float64Array(n)
    this.termScores = new Float64Array(n)
    this.matched = new Uint16Array(n)
    this.mark = new Int32Array(n)
    this.marks = 0
  }

  /** A new mark, never given before in `mark`. */
  nextMark(): number {
    if (this.marks === 0x7fffffff) {
      this.mark.fill(0)
      this.marks = 0
    }
    return ++this.marks
  }
}

/**
 * The best `limit` documents of a MiniSearch index for an OR query of exact terms, scored as
 * MiniSearch's own `search` scores them (BM25 per field, times the field's boost and the term's
 * weight, summed, times the number of query terms matched), in the order its stable sort gives,
 * but without a result object per matching document and without sorting them all: scores go
 * into one reusable array and a best-`limit` selection keeps the top. At a million articles
 * `search` spent most of its time allocating and sorting results for the tens of thousands of
 * documents a question's words touch.
 *
 * Reads MiniSearch's internal maps (the same ones `saveSearch` reads). Returns `null`, for the
 * caller to use `search` itself, when they are not as expected or when a posting of a discarded
 * document is met (MiniSearch cleans those up during a search, which shifts its scores).
 */
export function topArticles<T>(
  search: MiniSearch<T>,
  terms: readonly WeightedTerm[],
  limit: number,
  options: TopArticlesOptions,
  scratch: ScoreScratch,
): Array<{ id: number; score: number }> | null {
  const ms = search as unknown as Partial<Internals>
  if (
    typeof ms._index?.get !== 'function' ||
    ms._fieldIds === undefined ||
    !Array.isArray(ms._avgFieldLength) ||
    !(ms._fieldLength instanceof Map) ||
    !(ms._documentIds instanceof Map) ||
    typeof ms._documentCount !== 'number' ||
    typeof ms._nextId !== 'number'
  ) {
    return null
  }
  const { _index, _fieldIds, _avgFieldLength, _fieldLength, _documentIds, _documentCount } = ms as Internals
  const fields = [
    { id: _fieldIds.title, boost: options.titleBoost },
    { id: _fieldIds.terms, boost: 1 },
  ]
  if (fields.some((f) => typeof f.id !== 'number')) return null
  // A term given twice: MiniSearch adds it twice, in its place; rare enough to leave to it.
  if (new Set(terms.map((t) => t.term)).size !== terms.length) return null
  scratch.fit(ms._nextId)
  const { scores, termScores, matched, mark } = scratch
  const touched: number[] = []
  const { k, b, d } = options
  let clean = true
  const inTerm: number[] = []
  outer: for (const { term, weight } of terms) {
    const data = _index.get(term)
    if (data === undefined) continue
    inTerm.length = 0
    const now = scratch.nextMark()
    for (const field of fields) {
      const postings = data.get(field.id)
      if (postings === undefined) continue
      const avgLength = _avgFieldLength[field.id]
      const matching = postings.size
      const idf = Math.log(1 + (_documentCount - matching + 0.5) / (matching + 0.5))
      const factor = weight * field.boost
      for (const [doc, tf] of postings) {
        const lengths = _fieldLength.get(doc)
        if (lengths === undefined || !_documentIds.has(doc)) {
          clean = false
          break outer
        }
        const score = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[field.id]) / avgLength)))
        if (mark[doc] !== now) {
          mark[doc] = now
          inTerm.push(doc)
        }
        termScores[doc] += factor * score
      }
    }
    for (const doc of inTerm) {
      if (matched[doc] === 0) touched.push(doc)
      matched[doc]++
      scores[doc] += termScores[doc]
      termScores[doc] = 0
    }
  }
  if (!clean) for (const doc of inTerm) termScores[doc] = 0
  // The best `limit`, earlier-touched first among equals (MiniSearch's stable sort).
  const top: Array<{ doc: number; score: number }> = []
  for (const doc of touched) {
    const score = scores[doc] * matched[doc]
    scores[doc] = 0
    matched[doc] = 0
    if (!clean || (top.length === limit && score <= top[top.length - 1].score)) continue
    let i = top.length === limit ? limit - 1 : top.length
    while (i > 0 && top[i - 1].score < score) {
      if (i < limit) top[i] = top[i - 1]
      i--
    }
    top[i] = { doc, score }
  }
  if (!clean) return null
  return top.map(({ doc, score }) => ({ id: _documentIds.get(doc) as number, score }))
}
