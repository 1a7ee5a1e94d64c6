import { NewsdeskError } from '../errors.js'

/** One query term of stage one (an id of the index's vocabulary) and its weight. */
export interface WeightedTermId {
  id: number
  weight: number
}

/** MiniSearch's BM25 settings and the title's field boost. */
export interface TopArticlesOptions {
  titleBoost: number
  k: number
  b: number
  d: number
}

/** What an index hands `ArticlePostings.build`: each article's title and body term ids. */
export interface ArticleTerms {
  articles: number
  /** Size of the vocabulary: every id is below it. */
  vocabulary: number
  /** Distinct term ids of article `a`'s title. */
  title(a: number): ArrayLike<number>
  /** Term ids of article `a`'s body, in order, repeats included. */
  body(a: number): ArrayLike<number>
  /** Ids (by position, 1 = left out) never indexed in a body: the common words. */
  leftOut: Uint8Array
}

/** Postings as saved: columns, no object per posting. */
export interface SavedPostings {
  /** Postings of term t: title from `offsets[2t]`, body from `offsets[2t + 1]`, up to `offsets[2t + 2]`. */
  offsets: Int32Array
  docs: Int32Array
  /** Occurrences of the term in the field (capped at 65,535). */
  tf: Uint16Array
  /** Per article: the title's and the body's number of distinct terms (at least 1, as MiniSearch counts). */
  fieldLength: Int32Array
  /** MiniSearch's running averages of the two field lengths. */
  avgFieldLength: [number, number]
}

const FIELDS = 2
const TITLE = 0
const BODY = 1
const MAX_TF = 0xffff

/** Reusable score slots, one per article, zeroed again after each query. */
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
 * The article-level postings stage one scores: for each term and field (title, body), the
 * articles holding it with their counts, as flat typed arrays (CSR) instead of MiniSearch's
 * nested Maps. At a million articles those Maps were 2.4 GB of the V8 heap and most of the
 * time of a question; these are about 250 MB outside it, and a restart reads them as they lie
 * in the saved file.
 *
 * Scores are MiniSearch's own (BM25 per field with its field-length statistics, times the
 * field's boost and the term's weight, summed, times the number of query terms matched), in
 * the order its stable sort gives: a property test checks both against MiniSearch's `search`.
 * Articles added while running go to small per-term lists; discarded ones are flagged and
 * dropped at the next save.
 */
export class ArticlePostings {
  private offsets: Int32Array
  private docs: Int32Array
  private tf: Uint16Array
  /** Postings of added articles, by `2 · term + field`. */
  private readonly added = new Map<number, { docs: number[]; tf: number[] }>()
  private fieldLength: Int32Array
  private articles: number
  private readonly avgFieldLength: [number, number]
  /** Live articles per term and field (MiniSearch's `matching`), by `2 · term + field`. */
  private df: Int32Array
  private dead: Uint8Array
  private live: number

  private constructor(saved: SavedPostings, articles: number, removed: readonly number[]) {
    this.offsets = saved.offsets
    this.docs = saved.docs
    this.tf = saved.tf
    this.fieldLength = saved.fieldLength
    this.articles = articles
    this.avgFieldLength = [saved.avgFieldLength[0], saved.avgFieldLength[1]]
    const keys = saved.offsets.length - 1
    this.df = new Int32Array(keys)
    for (let key = 0; key < keys; key++) this.df[key] = saved.offsets[key + 1] - saved.offsets[key]
    this.dead = new Uint8Array(articles)
    for (const a of removed) this.dead[a] = 1
    this.live = articles - new Set(removed).size
  }

  /** Postings of every article, in two passes over the terms (count, then fill). */
  static build(source: ArticleTerms): ArticlePostings {
    const { articles, vocabulary, leftOut } = source
    const keys = FIELDS * vocabulary
    const count = new Int32Array(keys + 1)
    const fieldLength = new Int32Array(FIELDS * articles)
    const seen = new Int32Array(vocabulary)
    const avg: [number, number] = [0, 0]
    for (let a = 0; a < articles; a++) {
      const title = source.title(a)
      for (let i = 0; i < title.length; i++) count[FIELDS * title[i] + TITLE]++
      const body = source.body(a)
      let distinct = 0
      for (let i = 0; i < body.length; i++) {
        const id = body[i]
        if (leftOut[id] === 1 || seen[id] === a + 1) continue
        seen[id] = a + 1
        count[FIELDS * id + BODY]++
        distinct++
      }
      // MiniSearch counts the distinct tokens of a field; an empty field is one empty token.
      fieldLength[FIELDS * a + TITLE] = title.length || 1
      fieldLength[FIELDS * a + BODY] = distinct || 1
      for (let f = 0; f < FIELDS; f++) avg[f] = (avg[f] * a + fieldLength[FIELDS * a + f]) / (a + 1)
    }
    const offsets = new Int32Array(keys + 1)
    for (let key = 0; key < keys; key++) offsets[key + 1] = offsets[key] + count[key]
    const docs = new Int32Array(offsets[keys])
    const tf = new Uint16Array(offsets[keys])
    const fill = offsets.slice(0, keys)
    const inArticle = new Int32Array(vocabulary)
    const touched: number[] = []
    for (let a = 0; a < articles; a++) {
      const title = source.title(a)
      for (let i = 0; i < title.length; i++) {
        const at = fill[FIELDS * title[i] + TITLE]++
        docs[at] = a
        tf[at] = 1
      }
      const body = source.body(a)
      for (let i = 0; i < body.length; i++) {
        const id = body[i]
        if (leftOut[id] === 1) continue
        if (inArticle[id]++ === 0) touched.push(id)
      }
      for (const id of touched) {
        const at = fill[FIELDS * id + BODY]++
        docs[at] = a
        tf[at] = Math.min(MAX_TF, inArticle[id])
        inArticle[id] = 0
      }
      touched.length = 0
    }
    return new ArticlePostings({ offsets, docs, tf, fieldLength, avgFieldLength: avg }, articles, [])
  }

  /**
   * Postings as `save` gave them, checked to be postings of `articles` articles first: a
   * damaged save is refused (and rebuilt) rather than scored.
   */
  static fromSaved(saved: SavedPostings, articles: number, removed: readonly number[]): ArticlePostings {
    const fail = (what: string): never => {
      throw new NewsdeskError(`Newsdesk: the saved index is damaged (postings: ${what})`)
    }
    const { offsets, docs, tf, fieldLength, avgFieldLength } = saved
    const keys = offsets.length - 1
    if (keys < 0 || keys % FIELDS !== 0 || offsets[0] !== 0 || offsets[keys] !== docs.length) fail('offsets')
    for (let key = 0; key < keys; key++) if (offsets[key] > offsets[key + 1]) fail('offsets go backwards')
    if (tf.length !== docs.length || fieldLength.length !== FIELDS * articles) fail('lengths')
    for (let i = 0; i < docs.length; i++) if (!(docs[i] >= 0 && docs[i] < articles)) fail('an article out of range')
    const averages = avgFieldLength as unknown
    if (!(Array.isArray(averages) && averages.length === FIELDS && averages.every((n) => Number.isFinite(n) && n >= 0)))
      fail('field lengths')
    return new ArticlePostings(saved, articles, removed)
  }

  /** The postings as columns, added articles merged in and discarded ones left out. */
  save(vocabulary: number): SavedPostings {
    const keys = Math.max(FIELDS * vocabulary, this.offsets.length - 1)
    const avgFieldLength: [number, number] = [this.avgFieldLength[0], this.avgFieldLength[1]]
    const fieldLength = this.fieldLength.slice(0, FIELDS * this.articles)
    if (this.added.size === 0 && this.live === this.articles && keys === this.offsets.length - 1) {
      return { offsets: this.offsets, docs: this.docs, tf: this.tf, fieldLength, avgFieldLength }
    }
    const offsets = new Int32Array(keys + 1)
    for (let key = 0; key < keys; key++) offsets[key + 1] = offsets[key] + this.df[key]
    const docs = new Int32Array(offsets[keys])
    const tf = new Uint16Array(offsets[keys])
    let at = 0
    for (let key = 0; key < keys; key++) {
      this.visit(key, (doc, n) => {
        docs[at] = doc
        tf[at++] = n
      })
    }
    return { offsets, docs, tf, fieldLength, avgFieldLength }
  }

  /** Indexes one more article, numbered `a` (the next number). */
  add(a: number, title: ArrayLike<number>, body: ArrayLike<number>, leftOut: (id: number) => boolean): void {
    if (a !== this.articles) throw new NewsdeskError(`Newsdesk: article ${a} added out of order`)
    const counts = new Map<number, number>()
    for (let i = 0; i < body.length; i++) {
      if (!leftOut(body[i])) counts.set(body[i], (counts.get(body[i]) ?? 0) + 1)
    }
    const lengths = [title.length || 1, counts.size || 1]
    this.articles++
    this.fieldLength = withRoom(this.fieldLength, FIELDS * this.articles, Int32Array)
    this.dead = withRoom(this.dead, this.articles, Uint8Array)
    for (let f = 0; f < FIELDS; f++) {
      this.fieldLength[FIELDS * a + f] = lengths[f]
      this.avgFieldLength[f] = (this.avgFieldLength[f] * this.live + lengths[f]) / (this.live + 1)
    }
    this.live++
    const post = (key: number, n: number): void => {
      this.df = withRoom(this.df, key + 1, Int32Array)
      this.df[key]++
      let list = this.added.get(key)
      if (list === undefined) {
        list = { docs: [], tf: [] }
        this.added.set(key, list)
      }
      list.docs.push(a)
      list.tf.push(Math.min(MAX_TF, n))
    }
    for (let i = 0; i < title.length; i++) post(FIELDS * title[i] + TITLE, 1)
    for (const [id, n] of counts) post(FIELDS * id + BODY, n)
  }

  /** Stops scoring article `a`; `title` and `body` are its terms, as given when it was indexed. */
  discard(a: number, title: ArrayLike<number>, body: ArrayLike<number>, leftOut: (id: number) => boolean): void {
    if (!(a >= 0 && a < this.articles) || this.dead[a] === 1) return
    this.dead[a] = 1
    for (let i = 0; i < title.length; i++) this.df[FIELDS * title[i] + TITLE]--
    const distinct = new Set<number>()
    for (let i = 0; i < body.length; i++) if (!leftOut(body[i])) distinct.add(body[i])
    for (const id of distinct) this.df[FIELDS * id + BODY]--
    for (let f = 0; f < FIELDS; f++) {
      const length = this.fieldLength[FIELDS * a + f]
      // MiniSearch's `removeFieldLength`, so that scores stay its own.
      this.avgFieldLength[f] = this.live === 1 ? 0 : (this.avgFieldLength[f] * this.live - length) / (this.live - 1)
    }
    this.live--
  }

  /** Calls `each` with every live article whose title holds term `id`. */
  forEachTitleDoc(id: number, each: (doc: number) => void): void {
    const key = FIELDS * id + TITLE
    const clean = this.live === this.articles
    if (key + 1 < this.offsets.length) {
      for (let p = this.offsets[key]; p < this.offsets[key + 1]; p++) {
        if (clean || this.dead[this.docs[p]] === 0) each(this.docs[p])
      }
    }
    for (const doc of this.added.get(key)?.docs ?? []) if (clean || this.dead[doc] === 0) each(doc)
  }

  /** Number of postings (all fields), for statistics. */
  get size(): number {
    let n = this.docs.length
    for (const list of this.added.values()) n += list.docs.length
    return n
  }

  /**
   * The best `limit` articles for an OR query of distinct terms, scored and ordered as
   * MiniSearch's `search` would (ties: the article met first). Scores go into one reusable array
   * and a best-`limit` selection keeps the top, without a result object per matching article.
   */
  top(
    terms: readonly WeightedTermId[],
    limit: number,
    options: TopArticlesOptions,
    scratch: ScoreScratch,
  ): Array<{ article: number; score: number }> {
    scratch.fit(this.articles)
    const { scores, termScores, matched, mark } = scratch
    const { fieldLength, dead, df, live, docs, tf: counts, offsets } = this
    const clean = live === this.articles
    const { k, b, d } = options
    const boosts = [options.titleBoost, 1]
    const touched: number[] = []
    const inTerm: number[] = []
    for (const { id, weight } of terms) {
      inTerm.length = 0
      const now = scratch.nextMark()
      for (let f = 0; f < FIELDS; f++) {
        const key = FIELDS * id + f
        const matching = key < df.length ? df[key] : 0
        if (matching <= 0) continue
        const avgLength = this.avgFieldLength[f]
        const idf = Math.log(1 + (live - matching + 0.5) / (matching + 0.5))
        const factor = weight * boosts[f]
        const score = (doc: number, tf: number): void => {
          const length = fieldLength[FIELDS * doc + f]
          const s = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / avgLength)))
          if (mark[doc] !== now) {
            mark[doc] = now
            inTerm.push(doc)
          }
          termScores[doc] += factor * s
        }
        if (key + 1 < offsets.length) {
          const end = offsets[key + 1]
          for (let p = offsets[key]; p < end; p++) if (clean || dead[docs[p]] === 0) score(docs[p], counts[p])
        }
        const list = this.added.get(key)
        if (list !== undefined) {
          for (let i = 0; i < list.docs.length; i++) {
            if (clean || dead[list.docs[i]] === 0) score(list.docs[i], list.tf[i])
          }
        }
      }
      for (const doc of inTerm) {
        if (matched[doc] === 0) touched.push(doc)
        matched[doc]++
        scores[doc] += termScores[doc]
        termScores[doc] = 0
      }
    }
    const top: Array<{ article: number; score: number }> = []
    for (const doc of touched) {
      const score = scores[doc] * matched[doc]
      scores[doc] = 0
      matched[doc] = 0
      if (top.length === limit && score <= top[top.length - 1].score) continue
      let i = top.length === limit ? limit - 1 : top.length
      while (i > 0 && top[i - 1].score < score) {
        if (i < limit) top[i] = top[i - 1]
        i--
      }
      top[i] = { article: doc, score }
    }
    return top
  }

  // Every live posting of one term and field, built ones first (in article order, as added).
  private visit(key: number, each: (doc: number, tf: number) => void): void {
    const { docs, tf, dead } = this
    const clean = this.live === this.articles
    if (key + 1 < this.offsets.length) {
      const end = this.offsets[key + 1]
      for (let p = this.offsets[key]; p < end; p++) {
        if (clean || dead[docs[p]] === 0) each(docs[p], tf[p])
      }
    }
    const list = this.added.get(key)
    if (list === undefined) return
    for (let i = 0; i < list.docs.length; i++) {
      if (clean || dead[list.docs[i]] === 0) each(list.docs[i], list.tf[i])
    }
  }
}

// `array` with room for at least `size` elements (grown by half again, so appends amortise).
function withRoom<T extends Int32Array | Uint8Array>(array: T, size: number, make: new (n: number) => T): T {
  if (array.length >= size) return array
  const bigger = new make(Math.max(size, Math.ceil(array.length * 1.5) + 1024))
  bigger.set(array)
  return bigger
}
