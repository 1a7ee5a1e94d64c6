import MiniSearch from 'minisearch'
import SearchableMap from 'minisearch/SearchableMap'
import { append } from '../append.js'
import { NewsdeskError } from '../errors.js'
import { splitSentences } from '../text/sentences.js'
import { indexTerm, words } from '../text/tokenize.js'
import type { Article } from '../types.js'
import {
  ArticlePostings,
  type ArticleTerms,
  type SavedPostings,
  ScoreScratch,
  type WeightedTermId,
} from './article-postings.js'
import { bm25, idf, lengthNorm } from './bm25.js'

/** A sentence of the corpus: where it stands and the terms it holds (a view, made on demand). */
export interface Passage {
  article: number
  /** Paragraph index within its article. */
  paragraph: number
  /** Global paragraph number. */
  pid: number
  /** Offsets in the article's `text`. */
  start: number
  end: number
  /** Term ids, in order (stop words dropped). */
  terms: Uint32Array
}

export interface ArticleHit {
  article: number
  score: number
}

/** How the index is built: which words are too common for MiniSearch, and the IDF floor. */
export interface IndexOptions {
  /** Words in more than this share of the articles (and more than `commonArticles`) are "common". */
  commonShare: number
  commonArticles: number
  /** IDF is computed as if the corpus had at least this many paragraphs. */
  minParagraphs: number
  /** Called while a large corpus is indexed. */
  onProgress?: (done: number, total: number) => void
}

/** Stage one's search settings, handed in per call (as MiniSearch takes its search options). */
export interface CandidateOptions {
  /** Title weight. */
  titleBoost: number
  /** BM25 parameters. */
  k: number
  b: number
  d: number
}

/**
 * The index's typed columns, declared once: this list drives the snapshot type, the save and
 * the restore. Four-byte arrays first, the byte array last, so every saved array starts aligned.
 */
export const COLUMNS = {
  /** Paragraph-level document frequency, by term id. */
  df: Int32Array,
  /** Article-level document frequency, by term id. */
  articleDf: Int32Array,
  passageArticle: Int32Array,
  passageParagraph: Int32Array,
  passagePid: Int32Array,
  passageStart: Int32Array,
  passageEnd: Int32Array,
  /** Where each passage's term ids begin in `allTerms`; the last entry closes the last one. */
  passageTerms: Int32Array,
  allTerms: Uint32Array,
  /** First passage of each article; the last entry closes the last article. */
  articleFirst: Int32Array,
  /** Title term ids (distinct) of article a: `titleIds` from `titleFirst[a]` up to `titleFirst[a + 1]`. */
  titleFirst: Int32Array,
  titleIds: Int32Array,
  /** Common words' article postings (CSR): postings of `commonIds[k]` from `commonOffsets[k]`. */
  commonIds: Int32Array,
  commonOffsets: Int32Array,
  commonArticles: Int32Array,
  /** Occurrences of the common word in the article, capped at 255. */
  commonTf: Uint8Array,
} as const

export type ColumnName = keyof typeof COLUMNS
type ColumnOf<C> = C extends Uint8ArrayConstructor
  ? Uint8Array
  : C extends Uint32ArrayConstructor
    ? Uint32Array
    : Int32Array
export type Columns = { [K in ColumnName]: ColumnOf<(typeof COLUMNS)[K]> }

/** Everything the index holds but the articles, for saving and restoring it. */
export interface IndexSnapshot extends Columns {
  termText: string[]
  /** Paragraphs of the articles still served. */
  paragraphCount: number
  /** Articles discarded since the index was built (their numbers stay taken). */
  removed: number[]
  commonLimit: number
  /** Stage one's article postings (title and body, MiniSearch's fields). */
  postings: SavedPostings
  /**
   * Set by a restore whose files matched their checksums: the save checked every entry before
   * writing them (see `checkColumns`), so the restore checks only the columns' shape.
   */
  checked?: boolean
}

type SearchDoc = { id: number; title: string; terms: string }

// Surface words remembered by `termIds` at most (a few tens of megabytes).
const SURFACE_MEMO = 200_000

// Elements copied per step of `makeRoom`: a few milliseconds of work.
const ROOM_SLICE = 1 << 19

const MINISEARCH_OPTIONS = {
  fields: ['title', 'terms'],
  storeFields: [],
  // Terms are already normalised here, so MiniSearch only splits on spaces.
  tokenize: (s: string) => s.split(' '),
  processTerm: (t: string) => (t === '' ? null : t),
  searchOptions: { tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t },
}

/**
 * The searchable form of a corpus. Whole articles (title and body) are indexed for stage one as
 * MiniSearch would index them, scored with its BM25 over flat postings (`ArticlePostings`), to
 * find the candidates; every sentence is kept as a passage in flat typed arrays (offsets and term
 * ids), so the answer stage can rank the sentences of the candidate articles without re-reading
 * text. Words in more than `commonLimit` articles are kept out of stage one (at 100,000
 * articles they would hold three quarters of its postings) and held as compact postings of
 * their own, for the rare question made of common words only.
 *
 * Built by `CorpusIndex.build`, restored by `CorpusIndex.fromSnapshot`.
 */
export class CorpusIndex {
  /** Every article ever indexed, by number; discarded ones stay (see `isLive`). */
  readonly articles: Article[]
  /** Words in more than this many articles when the index was built are "common" (not in MiniSearch). */
  readonly commonLimit: number

  private readonly vocabulary = new Map<string, number>()
  /** Surface word → term id (-1: none), so that a word is stemmed once (see `termIds`). */
  private readonly surfaceIds = new Map<string, number>()
  private readonly termText: string[] = []
  private readonly cols: Columns
  private readonly commonSlot = new Map<number, number>()
  private commonScores: Float64Array | null = null
  /** Stage one's score slots, kept between queries. */
  private readonly scratch = new ScoreScratch()
  private readonly fuzzyMap = new SearchableMap<number>()
  private readonly minParagraphs: number
  private readonly postings: ArticlePostings
  /** A MiniSearch index of the same articles, built only when asked for (see `referenceSearch`). */
  private reference: MiniSearch<SearchDoc> | null = null
  // What `add` and `discard` change: the articles discarded, the counts of what is still
  // served, the next global paragraph number, and common-word postings of added articles.
  private readonly removed = new Set<number>()
  private liveParagraphs: number
  private livePassages: number
  private liveTerms: number
  private nextPid: number
  private readonly addedCommon = new Map<number, { articles: number[]; tf: number[] }>()
  // Room to grow each column into: `cols` are views of the first part of these.
  private readonly room: Partial<Columns> = {}

  private constructor(
    articles: Article[],
    parts: {
      cols: Columns
      paragraphCount: number
      commonLimit: number
      minParagraphs: number
      termText: string[]
      postings: (index: CorpusIndex) => ArticlePostings
      removed?: number[]
    },
  ) {
    // A copy: `add` appends to it, and the caller's list stays as it was.
    this.articles = articles.slice()
    this.cols = parts.cols
    this.liveParagraphs = parts.paragraphCount
    this.commonLimit = parts.commonLimit
    this.minParagraphs = parts.minParagraphs
    parts.termText.forEach((term, id) => {
      this.vocabulary.set(term, id)
      this.termText.push(term)
      this.fuzzyMap.set(term, id)
    })
    this.cols.commonIds.forEach((id, slot) => {
      this.commonSlot.set(id, slot)
    })
    this.postings = parts.postings(this)
    const { passagePid, passageArticle } = this.cols
    this.nextPid = passagePid.length === 0 ? 0 : passagePid[passagePid.length - 1] + 1
    this.livePassages = passageArticle.length
    this.liveTerms = this.cols.allTerms.length
    for (const a of parts.removed ?? []) {
      this.removed.add(a)
      this.livePassages -= this.firstPassage(a + 1) - this.firstPassage(a)
      this.liveTerms -= this.articleLength(a)
    }
  }

  /** Indexes `articles`: sentences, vocabulary, common-word postings and stage one's postings. */
  static build(articles: Article[], options: IndexOptions): CorpusIndex {
    const built = buildColumns(articles, options)
    const index = new CorpusIndex(articles, {
      ...built,
      minParagraphs: options.minParagraphs,
      postings: (self) => ArticlePostings.build(self.articleTerms()),
    })
    options.onProgress?.(articles.length, articles.length)
    return index
  }

  /** The index `snapshot()` described, read back instead of rebuilt. */
  static fromSnapshot(articles: Article[], snapshot: IndexSnapshot, options: IndexOptions): CorpusIndex {
    const cols = {} as Record<ColumnName, unknown>
    for (const name of Object.keys(COLUMNS) as ColumnName[]) cols[name] = snapshot[name]
    checkColumns(articles, snapshot, snapshot.checked === true ? 'shape' : 'all')
    return new CorpusIndex(articles, {
      cols: cols as Columns,
      paragraphCount: snapshot.paragraphCount,
      commonLimit: snapshot.commonLimit,
      minParagraphs: options.minParagraphs,
      termText: snapshot.termText,
      postings: () => ArticlePostings.fromSaved(snapshot.postings, articles.length, snapshot.removed),
      removed: snapshot.removed,
    })
  }

  /** The index as plain data, for saving. */
  snapshot(): IndexSnapshot {
    return {
      ...this.cols,
      ...this.commonPostings(),
      termText: this.termText,
      paragraphCount: this.liveParagraphs,
      removed: [...this.removed].sort((a, b) => a - b),
      commonLimit: this.commonLimit,
      postings: this.postings.save(this.termText.length),
    }
  }

  // Stage one indexes each article's title and the words of its body that are not common.
  private articleTerms(): ArticleTerms {
    const leftOut = new Uint8Array(this.termText.length)
    for (const id of this.cols.commonIds) leftOut[id] = 1
    return {
      articles: this.articles.length,
      vocabulary: this.termText.length,
      title: (a) => this.titleTermsOf(a),
      body: (a) => this.bodyTerms(a),
      leftOut,
    }
  }

  private bodyTerms(a: number): Uint32Array {
    const { passageTerms, articleFirst, allTerms } = this.cols
    return allTerms.subarray(passageTerms[articleFirst[a]], passageTerms[articleFirst[a + 1]])
  }

  private readonly isCommon = (id: number): boolean => this.commonSlot.has(id)

  // What MiniSearch would be given for article `a`: its title and the words of its body that
  // are not common, as space-separated terms.
  private searchDoc(a: number): SearchDoc {
    const bodyTerms: string[] = []
    for (const id of this.bodyTerms(a)) if (!this.isCommon(id)) bodyTerms.push(this.termText[id])
    const title = Array.from(this.titleTermsOf(a), (id) => this.termText[id]).join(' ')
    return { id: a, title, terms: bodyTerms.join(' ') }
  }

  // --- Changes in place ---

  /**
   * Indexes more articles without rebuilding: their sentences, words and quotations are appended
   * and stage one's postings get each article. They take the next article numbers. Which words are
   * common stays as it was when the index was built (a rebuild decides it again).
   */
  add(added: readonly Article[], options: IndexOptions): void {
    if (added.length === 0) return
    // The new articles indexed on their own (with a vocabulary of their own, no common words),
    // then appended, their numbers and term ids moved to follow the index's own.
    const part = buildColumns(added, { ...options, commonArticles: Number.MAX_SAFE_INTEGER, onProgress: undefined })
    const firstArticle = this.articles.length
    const c = this.cols
    const newTerms = part.termText.filter((t) => !this.vocabulary.has(t)).length
    this.append('df', new Int32Array(newTerms))
    this.append('articleDf', new Int32Array(newTerms))
    const globalId = Int32Array.from(part.termText, (term) => this.intern(term))
    part.cols.df.forEach((n, local) => {
      this.cols.df[globalId[local]] += n
    })
    part.cols.articleDf.forEach((n, local) => {
      this.cols.articleDf[globalId[local]] += n
    })
    const p = part.cols
    const termBase = c.allTerms.length
    const passageBase = c.passageArticle.length
    this.append(
      'allTerms',
      p.allTerms.map((local) => globalId[local]),
    )
    this.append(
      'passageArticle',
      p.passageArticle.map((a) => a + firstArticle),
    )
    this.append('passageParagraph', p.passageParagraph)
    this.append(
      'passagePid',
      p.passagePid.map((pid) => pid + this.nextPid),
    )
    this.append('passageStart', p.passageStart)
    this.append('passageEnd', p.passageEnd)
    // Both columns close with one extra entry: the old closing entry opens the first new item.
    this.append(
      'passageTerms',
      p.passageTerms.subarray(1).map((k) => k + termBase),
    )
    this.append(
      'articleFirst',
      p.articleFirst.subarray(1).map((k) => k + passageBase),
    )
    const titleBase = c.titleIds.length
    this.append(
      'titleIds',
      p.titleIds.map((local) => globalId[local]),
    )
    this.append(
      'titleFirst',
      p.titleFirst.subarray(1).map((k) => k + titleBase),
    )
    append(this.articles, added)
    this.nextPid += part.paragraphCount
    this.liveParagraphs += part.paragraphCount
    this.livePassages += p.passageArticle.length
    this.liveTerms += p.allTerms.length
    for (let ai = firstArticle; ai < this.articles.length; ai++) {
      this.addCommonPostings(ai)
      this.postings.add(ai, this.titleTermsOf(ai), this.bodyTerms(ai), this.isCommon)
      if (this.reference !== null) this.reference.add(this.searchDoc(ai))
    }
  }

  /**
   * Stops serving articles (by number): they are no longer found, and the word statistics no
   * longer count them. Their numbers stay taken until the index is rebuilt.
   */
  discard(numbers: Iterable<number>): void {
    const { passagePid, df, articleDf } = this.cols
    const inParagraph = new Set<number>()
    const inArticle = new Set<number>()
    for (const a of numbers) {
      if (!Number.isInteger(a) || a < 0 || a >= this.articles.length || this.removed.has(a)) continue
      this.removed.add(a)
      inArticle.clear()
      let pid = -1
      for (let p = this.firstPassage(a); p < this.firstPassage(a + 1); p++) {
        if (passagePid[p] !== pid) {
          pid = passagePid[p]
          inParagraph.clear()
        }
        for (let k = this.termStart(p); k < this.termStart(p + 1); k++) {
          const id = this.termAt(k)
          if (!inParagraph.has(id)) {
            inParagraph.add(id)
            df[id]--
          }
          if (!inArticle.has(id)) {
            inArticle.add(id)
            articleDf[id]--
          }
        }
      }
      this.liveParagraphs -= this.articles[a].paragraphs.length
      this.livePassages -= this.firstPassage(a + 1) - this.firstPassage(a)
      this.liveTerms -= this.articleLength(a)
      this.postings.discard(a, this.titleTermsOf(a), this.bodyTerms(a), this.isCommon)
      if (this.reference?.has(a)) this.reference.discard(a)
    }
  }

  /**
   * Makes room in every column for about `articles` more articles, copying a slice of a column
   * per step: run one step per turn of the event loop and `add` never has to copy a whole column
   * while answers wait. An `add` between steps stays correct (that column is left as it grew).
   */
  *makeRoom(articles: number): Generator<void, void, void> {
    const per = articles / Math.max(1, this.articles.length)
    for (const name of Object.keys(COLUMNS) as ColumnName[]) {
      if (name.startsWith('common')) continue
      const col = this.cols[name]
      const want = col.length + Math.ceil(col.length * per) + 1024
      const room = this.room[name]
      if (room !== undefined && room.buffer === col.buffer && room.length >= want) continue
      const bigger = new COLUMNS[name](want)
      for (let at = 0; at < col.length; at += ROOM_SLICE) {
        bigger.set(col.subarray(at, at + ROOM_SLICE), at)
        yield
      }
      if (this.cols[name] !== col) continue
      ;(this.room as Record<ColumnName, unknown>)[name] = bigger
      ;(this.cols as Record<ColumnName, unknown>)[name] = bigger.subarray(0, col.length)
    }
  }

  /** About how many more articles fit before a column has to be copied to grow (see `makeRoom`). */
  get roomLeft(): number {
    const per = this.cols.allTerms.length / Math.max(1, this.articles.length)
    const room = this.room.allTerms
    if (room === undefined || room.buffer !== this.cols.allTerms.buffer) return 0
    return Math.floor((room.length - this.cols.allTerms.length) / Math.max(1, per))
  }

  /** Whether article `a` is served (not discarded). */
  isLive(a: number): boolean {
    return a >= 0 && a < this.articles.length && !this.removed.has(a)
  }

  /** Number of articles discarded since the index was built. */
  get discarded(): number {
    return this.removed.size
  }

  private intern(term: string): number {
    let id = this.vocabulary.get(term)
    if (id === undefined) {
      // A word unknown until now may be one the memo has as unknown.
      this.surfaceIds.clear()
      id = this.termText.length
      this.vocabulary.set(term, id)
      this.termText.push(term)
      this.fuzzyMap.set(term, id)
    }
    return id
  }

  // Appends to a column, growing its room by half again when it is full (amortised: an added
  // article copies nothing, most of the time).
  private append(name: ColumnName, values: ArrayLike<number>): void {
    const col = this.cols[name]
    const length = col.length + values.length
    let room = this.room[name] ?? col
    if (room.length < length || room.buffer !== col.buffer) {
      const bigger = new COLUMNS[name](Math.max(length, Math.ceil(col.length * 1.5) + 1024))
      bigger.set(col)
      room = bigger
      ;(this.room as Record<ColumnName, unknown>)[name] = room
    }
    room.set(values, col.length)
    ;(this.cols as Record<ColumnName, unknown>)[name] = room.subarray(0, length)
  }

  // An added article's postings of the common words, kept apart from the built ones.
  private addCommonPostings(ai: number): void {
    const counts = new Map<number, number>()
    for (let k = this.termStart(this.firstPassage(ai)); k < this.termStart(this.firstPassage(ai + 1)); k++) {
      const slot = this.commonSlot.get(this.termAt(k))
      if (slot !== undefined) counts.set(slot, (counts.get(slot) ?? 0) + 1)
    }
    for (const [slot, n] of counts) {
      let list = this.addedCommon.get(slot)
      if (list === undefined) {
        list = { articles: [], tf: [] }
        this.addedCommon.set(slot, list)
      }
      list.articles.push(ai)
      list.tf.push(Math.min(255, n))
    }
  }

  // The common words' postings, added articles' included, as one set of columns (for saving).
  private commonPostings(): Pick<Columns, 'commonOffsets' | 'commonArticles' | 'commonTf'> {
    const { commonOffsets, commonArticles, commonTf } = this.cols
    if (this.addedCommon.size === 0) return { commonOffsets, commonArticles, commonTf }
    const slots = commonOffsets.length - 1
    const offsets = new Int32Array(slots + 1)
    for (let s = 0; s < slots; s++) {
      offsets[s + 1] =
        offsets[s] + commonOffsets[s + 1] - commonOffsets[s] + (this.addedCommon.get(s)?.articles.length ?? 0)
    }
    const articles = new Int32Array(offsets[slots])
    const tf = new Uint8Array(offsets[slots])
    for (let s = 0; s < slots; s++) {
      let at = offsets[s]
      articles.set(commonArticles.subarray(commonOffsets[s], commonOffsets[s + 1]), at)
      tf.set(commonTf.subarray(commonOffsets[s], commonOffsets[s + 1]), at)
      at += commonOffsets[s + 1] - commonOffsets[s]
      const added = this.addedCommon.get(s)
      if (added !== undefined) {
        articles.set(added.articles, at)
        tf.set(added.tf, at)
      }
    }
    return { commonOffsets: offsets, commonArticles: articles, commonTf: tf }
  }

  // --- The corpus's shape ---

  /** Number of articles served (discarded ones left out). */
  get articleCount(): number {
    return this.articles.length - this.removed.size
  }

  /** Number of paragraphs of the articles served. */
  get paragraphCount(): number {
    return this.liveParagraphs
  }

  /** Number of sentences of the articles served. */
  get passageCount(): number {
    return this.livePassages
  }

  /** Number of distinct terms: every term id is below it. */
  get vocabularySize(): number {
    return this.termText.length
  }

  /** Number of indexed words (stop words left out) of the articles served. */
  get termCount(): number {
    return this.liveTerms
  }

  /** The first sentence of article `a`; `firstPassage(a + 1)` closes it. */
  firstPassage(a: number): number {
    return this.cols.articleFirst[a]
  }

  /** Global paragraph number of sentence `p`. */
  paragraphOf(p: number): number {
    return this.cols.passagePid[p]
  }

  /** Where sentence `p`'s term ids begin (`termStart(p + 1)` closes them); see `termAt`. */
  termStart(p: number): number {
    return this.cols.passageTerms[p]
  }

  /** The term id at position `k` of the corpus's term sequence. */
  termAt(k: number): number {
    return this.cols.allTerms[k]
  }

  /** Number of indexed words of article `a`. */
  articleLength(a: number): number {
    const { passageTerms, articleFirst } = this.cols
    return passageTerms[articleFirst[a + 1]] - passageTerms[articleFirst[a]]
  }

  // Every article's number of indexed words, kept while no article is added.
  private lengthCache: Int32Array | null = null

  private articleLengths(): Int32Array {
    if (this.lengthCache === null || this.lengthCache.length !== this.articles.length) {
      this.lengthCache = Int32Array.from({ length: this.articles.length }, (_, a) => this.articleLength(a))
    }
    return this.lengthCache
  }

  /** Distinct term ids of article `a`'s title. */
  titleTermsOf(a: number): Int32Array {
    const { titleFirst, titleIds } = this.cols
    return titleIds.subarray(titleFirst[a], titleFirst[a + 1])
  }

  /** A view of one passage. */
  passage(i: number): Passage {
    const c = this.cols
    return {
      article: c.passageArticle[i],
      paragraph: c.passageParagraph[i],
      pid: c.passagePid[i],
      start: c.passageStart[i],
      end: c.passageEnd[i],
      terms: c.allTerms.subarray(c.passageTerms[i], c.passageTerms[i + 1]),
    }
  }

  /** The text of a passage. */
  passageText(i: number): string {
    const c = this.cols
    return this.articles[c.passageArticle[i]].text.slice(c.passageStart[i], c.passageEnd[i])
  }

  // --- The vocabulary ---

  /** The id of an index term (see `indexTerm`), or undefined when no article holds it. */
  termId(term: string): number | undefined {
    return this.vocabulary.get(term)
  }

  /** The index term of an id. */
  term(id: number): string {
    return this.termText[id]
  }

  /** Paragraph document frequency of a term id (0 for title-only words). */
  paragraphDf(id: number): number {
    return id < this.cols.df.length ? this.cols.df[id] : 0
  }

  /** Article document frequency of a term id (0 for title-only words). */
  articleDf(id: number): number {
    return id < this.cols.articleDf.length ? this.cols.articleDf[id] : 0
  }

  /** Term ids of a text, in order; words no article holds are dropped. */
  termIds(text: string): Uint32Array {
    const ids: number[] = []
    this.appendTermIds(text, ids)
    return Uint32Array.from(ids)
  }

  /** `termIds` appended to a list: nothing allocated per text for many texts in a row. */
  appendTermIds(text: string, ids: number[]): void {
    for (const w of words(text)) {
      let id = this.surfaceIds.get(w.word)
      if (id === undefined) {
        const term = indexTerm(w.word)
        id = term === null ? -1 : (this.vocabulary.get(term) ?? -1)
        if (this.surfaceIds.size < SURFACE_MEMO) this.surfaceIds.set(w.word, id)
      }
      if (id >= 0) ids.push(id)
    }
  }

  /** Inverse document frequency over paragraphs (BM25's form, always positive). */
  idf(df: number): number {
    // A small corpus says little about which words are rare: it is weighed as if it had at
    // least `minParagraphs` paragraphs, the missing ones without the word.
    return idf(Math.max(this.liveParagraphs, this.minParagraphs), df)
  }

  /** Known terms within `distance` edits of `term` (spelling variants: "zelenski" → "zelenskyi"). */
  similarTerms(term: string, distance: number): Array<{ id: number; distance: number }> {
    const out: Array<{ id: number; distance: number }> = []
    // The look-up allocates with the word's length: nothing that long is a spelling variant.
    if (term.length > 64) return out
    for (const [key, [id, d]] of this.fuzzyMap.fuzzyGet(term, distance)) {
      if (key !== term) out.push({ id, distance: d })
    }
    return out
  }

  // --- Stage one ---

  /**
   * The best articles for a set of weighted terms (MiniSearch's BM25 over title and body).
   * Very common words (in more than `commonLimit` articles: small corpora keep every word) are
   * not in MiniSearch and are left out when the query has rarer ones: they would add little to
   * the ranking; stage two still scores them. A query of common words only is answered from
   * their compact postings, by its rarest two.
   */
  searchArticles(
    terms: Array<{ term: string; weight: number }>,
    limit: number,
    options: CandidateOptions,
  ): ArticleHit[] {
    if (terms.length === 0) return []
    const dfOf = (t: string): number => {
      const id = this.vocabulary.get(t)
      return id === undefined ? 0 : this.articleDf(id)
    }
    const isCommon = (t: string): boolean => this.commonSlot.has(this.vocabulary.get(t) ?? -1)
    const used = terms.filter((t) => !isCommon(t.term))
    if (used.length === 0) {
      const rarest = [...terms].sort((a, b) => dfOf(a.term) - dfOf(b.term)).slice(0, 2)
      return this.searchCommon(rarest, limit, options)
    }
    // A word given twice counts twice, in its first place, with its last weight (as MiniSearch
    // adds each query term's scores, its `boostTerm` looked up by the word).
    const ids = new Map<number, { weight: number; times: number }>()
    for (const { term, weight } of used) {
      const id = this.vocabulary.get(term)
      if (id === undefined) continue
      const seen = ids.get(id)
      if (seen === undefined) ids.set(id, { weight, times: 1 })
      else {
        seen.weight = weight
        seen.times++
      }
    }
    const query: WeightedTermId[] = []
    for (const [id, t] of ids) query.push({ id, weight: t.weight * t.times })
    return this.postings.top(query, limit, options, this.scratch)
  }

  /**
   * Stage one through MiniSearch's own `search`, over a MiniSearch index of the same articles
   * built on first use: what `searchArticles` reproduces from its own postings, for tests and
   * benchmarks to compare with. At a million articles that index needs gigabytes.
   */
  referenceSearch(
    used: ReadonlyArray<{ term: string; weight: number }>,
    limit: number,
    options: CandidateOptions,
  ): ArticleHit[] {
    const weights = new Map(used.map((t) => [t.term, t.weight]))
    const hits = this.miniSearch().search(used.map((t) => t.term).join(' '), {
      combineWith: 'OR',
      boost: { title: options.titleBoost },
      bm25: { k: options.k, b: options.b, d: options.d },
      boostTerm: (term: string) => weights.get(term) ?? 1,
    })
    return hits.slice(0, limit).map((h) => ({ article: h.id as number, score: h.score }))
  }

  private miniSearch(): MiniSearch<SearchDoc> {
    if (this.reference === null) {
      this.reference = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS)
      for (let a = 0; a < this.articles.length; a++) if (this.isLive(a)) this.reference.add(this.searchDoc(a))
    }
    return this.reference
  }

  /** BM25 over the bodies (title words count double) from the common words' own postings. */
  private searchCommon(
    terms: Array<{ term: string; weight: number }>,
    limit: number,
    options: CandidateOptions,
  ): ArticleHit[] {
    const { commonOffsets, commonArticles, commonTf } = this.cols
    const n = this.articleCount
    const avgLength = this.termCount / Math.max(1, n)
    // One score slot per article, kept between queries (zeroed again after use).
    if (this.commonScores === null || this.commonScores.length < this.articles.length) {
      this.commonScores = new Float64Array(Math.ceil(this.articles.length * 1.25))
    }
    const scores = this.commonScores
    this.scratch.fit(this.articles.length)
    const touched: number[] = []
    // Hoisted out of the loops: these postings hold most of the articles, and an article's length
    // read from one small array instead of two large ones (a million articles: cache misses).
    const { k, b, titleBoost } = options
    const lengths = this.articleLengths()
    const anyRemoved = this.removed.size > 0
    const { mark } = this.scratch
    for (const { term, weight } of terms) {
      const id = this.vocabulary.get(term)
      const slot = id === undefined ? undefined : this.commonSlot.get(id)
      if (id === undefined || slot === undefined) continue
      const w = weight * idf(n, this.cols.articleDf[id])
      const bonus = w * (titleBoost - 1)
      // The articles with the word in their title, marked from the (short) title postings.
      const inTitle = this.scratch.nextMark()
      this.postings.forEachTitleDoc(id, (doc) => {
        mark[doc] = inTitle
      })
      const lists: Array<[ArrayLike<number>, ArrayLike<number>, number, number]> = [
        [commonArticles, commonTf, commonOffsets[slot], commonOffsets[slot + 1]],
      ]
      const added = this.addedCommon.get(slot)
      if (added !== undefined) lists.push([added.articles, added.tf, 0, added.articles.length])
      for (const [docs, tfs, from, to] of lists) {
        for (let p = from; p < to; p++) {
          const ai = docs[p]
          if (anyRemoved && this.removed.has(ai)) continue
          let s = bm25(w, tfs[p], lengthNorm(k, b, lengths[ai], avgLength), k)
          if (titleBoost !== 1 && mark[ai] === inTitle) s += bonus
          if (scores[ai] === 0) touched.push(ai)
          scores[ai] += s
        }
      }
    }
    // The best `limit` without sorting every posting.
    const top: ArticleHit[] = []
    for (const article of touched) {
      const score = scores[article]
      scores[article] = 0
      // 0: listed twice (a zero-weight word touched it first) and already taken, or no match.
      if (score <= 0 || (top.length === limit && score <= top[top.length - 1].score)) continue
      let i = top.length === limit ? limit - 1 : top.length
      while (i > 0 && top[i - 1].score < score) {
        if (i < limit) top[i] = top[i - 1]
        i--
      }
      top[i] = { article, score }
    }
    return top
  }

  /** A plain MiniSearch query on this index (all words, OR), for comparison in benchmarks. */
  bareSearch(text: string): number {
    return this.miniSearch().search(text, { combineWith: 'OR' }).length
  }
}

/** Growable Int32 column: typed-array storage without knowing the final size up front. */
class IntColumn {
  data = new Int32Array(1024)
  length = 0
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = v
  }

  trim(): Int32Array {
    return this.data.slice(0, this.length)
  }
}

function grow(a: Int32Array<ArrayBufferLike>, index: number): Int32Array<ArrayBufferLike> {
  let size = a.length
  while (size <= index) size *= 2
  const next = new Int32Array(size)
  next.set(a)
  return next
}

/** Sentences, vocabulary, document frequencies and common-word postings of a corpus. */
function buildColumns(
  articles: readonly Article[],
  options: IndexOptions,
): { cols: Columns; paragraphCount: number; commonLimit: number; termText: string[] } {
  const { onProgress } = options
  const vocabulary = new Map<string, number>()
  const termText: string[] = []
  const df: number[] = []
  const articleDf: number[] = []
  // Title words get counters too (zero until a body holds them).
  const intern = (term: string): number => {
    let id = vocabulary.get(term)
    if (id === undefined) {
      id = termText.length
      vocabulary.set(term, id)
      termText.push(term)
      df[id] = 0
      articleDf[id] = 0
    }
    return id
  }
  const pArticle = new IntColumn()
  const pParagraph = new IntColumn()
  const pPid = new IntColumn()
  const pStart = new IntColumn()
  const pEnd = new IntColumn()
  const pTerms = new IntColumn()
  const terms = new IntColumn()
  const first = new IntColumn()
  const titleFirst = new IntColumn()
  const titleIdColumn = new IntColumn()
  let seenInParagraph: Int32Array<ArrayBufferLike> = new Int32Array(1 << 16)
  let seenInArticle: Int32Array<ArrayBufferLike> = new Int32Array(1 << 16)
  let pid = 0
  const wordIds = new Map<string, number>()

  articles.forEach((article, ai) => {
    first.push(pArticle.length)
    const titleIds: number[] = []
    for (const w of words(article.title)) {
      const term = indexTerm(w.word)
      if (term !== null) titleIds.push(intern(term))
    }
    titleFirst.push(titleIdColumn.length)
    for (const id of new Set(titleIds)) titleIdColumn.push(id)
    let offset = 0
    article.paragraphs.forEach((para, pi) => {
      for (const span of splitSentences(para)) {
        pArticle.push(ai)
        pParagraph.push(pi)
        pPid.push(pid)
        pStart.push(offset + span.start)
        pEnd.push(offset + span.end)
        pTerms.push(terms.length)
        for (const w of words(para.slice(span.start, span.end))) {
          // Surface word → term id in one lookup (-1: a stop word): stemming and the
          // vocabulary are consulted once per distinct word, not once per occurrence.
          let id = wordIds.get(w.word)
          if (id === undefined) {
            const term = indexTerm(w.word)
            id = term === null ? -1 : intern(term)
            if (wordIds.size < 1_000_000) wordIds.set(w.word, id)
          }
          if (id < 0) continue
          terms.push(id)
          // Last paragraph/article each term was counted in (+1, so 0 means never).
          if (id >= seenInParagraph.length) {
            seenInParagraph = grow(seenInParagraph, id)
            seenInArticle = grow(seenInArticle, id)
          }
          if (seenInParagraph[id] !== pid + 1) {
            seenInParagraph[id] = pid + 1
            df[id]++
          }
          if (seenInArticle[id] !== ai + 1) {
            seenInArticle[id] = ai + 1
            articleDf[id]++
          }
        }
      }
      pid++
      offset += para.length + 2
    })
    // Reading the texts is most of the work; stage one's postings follow, in two quick passes.
    if (onProgress !== undefined && (ai + 1) % 1000 === 0 && ai + 1 < articles.length)
      onProgress(ai + 1, articles.length)
  })
  first.push(pArticle.length)
  titleFirst.push(titleIdColumn.length)
  pTerms.push(terms.length)
  const allTerms = new Uint32Array(terms.trim().buffer)
  const passageTerms = pTerms.trim()
  const articleFirst = first.trim()
  const dfColumn = Int32Array.from(df)
  const articleDfColumn = Int32Array.from(articleDf)
  const commonLimit = Math.max(options.commonArticles, Math.floor(options.commonShare * articles.length))
  const common = buildCommonPostings(
    articles.length,
    articleDfColumn,
    commonLimit,
    passageTerms,
    allTerms,
    articleFirst,
  )
  return {
    cols: {
      df: dfColumn,
      articleDf: articleDfColumn,
      passageArticle: pArticle.trim(),
      passageParagraph: pParagraph.trim(),
      passagePid: pPid.trim(),
      passageStart: pStart.trim(),
      passageEnd: pEnd.trim(),
      passageTerms,
      allTerms,
      articleFirst,
      titleFirst: titleFirst.trim(),
      titleIds: titleIdColumn.trim(),
      commonIds: common.ids,
      commonOffsets: common.offsets,
      commonArticles: common.articles,
      commonTf: common.tf,
    },
    paragraphCount: pid,
    commonLimit,
    termText,
  }
}

/** Article postings (with counts) of the words in more than `limit` articles. */
function buildCommonPostings(
  articleCount: number,
  articleDf: Int32Array,
  limit: number,
  passageTerms: Int32Array,
  allTerms: Uint32Array,
  articleFirst: Int32Array,
): { ids: Int32Array; offsets: Int32Array; articles: Int32Array; tf: Uint8Array } {
  const ids: number[] = []
  const offsets = [0]
  const slotOf = new Int32Array(articleDf.length).fill(-1)
  for (let id = 0; id < articleDf.length; id++) {
    if (articleDf[id] > limit) {
      slotOf[id] = ids.length
      ids.push(id)
      offsets.push(offsets[offsets.length - 1] + articleDf[id])
    }
  }
  const total = offsets[offsets.length - 1]
  const postings = new Int32Array(total)
  const tf = new Uint8Array(total)
  const fill = Int32Array.from(offsets.slice(0, -1))
  const count = new Int32Array(ids.length)
  const touched: number[] = []
  for (let ai = 0; ai < articleCount; ai++) {
    for (let k = passageTerms[articleFirst[ai]]; k < passageTerms[articleFirst[ai + 1]]; k++) {
      const slot = slotOf[allTerms[k]]
      if (slot < 0) continue
      if (count[slot]++ === 0) touched.push(slot)
    }
    for (const slot of touched) {
      postings[fill[slot]] = ai
      tf[fill[slot]++] = Math.min(255, count[slot])
      count[slot] = 0
    }
    touched.length = 0
  }
  return { ids: Int32Array.from(ids), offsets: Int32Array.from(offsets), articles: postings, tf }
}

/**
 * Throws when a saved index cannot be the index of these articles: every offset is checked to
 * point inside what it indexes, so a damaged save is rebuilt instead of read in loops that never
 * end or answers cut from the wrong place.
 */
/**
 * Checks that a snapshot's columns fit together and that every entry points inside them (every
 * sentence in its article, every term known), so that a damaged one is refused rather than
 * served. `shape` checks only their lengths and offsets: what a restore does once the files
 * match the checksums of a save that checked every entry (the full check is a second or more at
 * a million articles).
 */
export function checkColumns(articles: readonly Article[], s: IndexSnapshot, depth: 'all' | 'shape' = 'all'): void {
  const fail = (what: string): never => {
    throw new NewsdeskError(`Newsdesk: the saved index is damaged (${what})`)
  }
  const passages = s.passageArticle.length
  const terms = s.termText.length
  const monotonic = (a: Int32Array, count: number, last: number, name: string): void => {
    if (a.length !== count + 1 || a[0] !== 0 || a[count] !== last) fail(`${name} does not close`)
    for (let i = 0; i < count; i++) if (a[i] > a[i + 1]) fail(`${name} goes backwards`)
  }
  monotonic(s.articleFirst, articles.length, passages, 'articleFirst')
  monotonic(s.passageTerms, passages, s.allTerms.length, 'passageTerms')
  for (const name of ['passageParagraph', 'passagePid', 'passageStart', 'passageEnd'] as const) {
    if (s[name].length !== passages) fail(`${name} has the wrong length`)
  }
  monotonic(s.commonOffsets, s.commonIds.length, s.commonArticles.length, 'commonOffsets')
  if (s.commonTf.length !== s.commonArticles.length) fail('commonTf has the wrong length')
  monotonic(s.titleFirst, articles.length, s.titleIds.length, 'titleFirst')
  for (const a of s.removed ?? []) if (!(Number.isInteger(a) && a >= 0 && a < articles.length)) fail('removed')
  if (s.df.length > terms || s.articleDf.length > terms) fail('word counts of unknown terms')
  if (depth === 'shape') return
  // Tight loops over locals: at a million articles these are a billion checks.
  const { passageArticle, passageStart, passageEnd, allTerms } = s
  const textLength = Int32Array.from(articles, (a) => a.text.length)
  const count = articles.length
  for (let p = 0; p < passages; p++) {
    const a = passageArticle[p]
    if (!(a >= 0 && a < count)) fail('a sentence of no article')
    const start = passageStart[p]
    const end = passageEnd[p]
    if (!(start >= 0 && start <= end && end <= textLength[a])) fail('a sentence outside its article')
  }
  let highest = 0
  for (let k = 0; k < allTerms.length; k++) if (allTerms[k] > highest) highest = allTerms[k]
  if (allTerms.length > 0 && highest >= terms) fail('an unknown term')
  // Indexed loops: `for…of` over a typed array of 40 million took a second.
  const { commonIds, commonArticles, titleIds } = s
  for (let i = 0; i < commonIds.length; i++)
    if (!(commonIds[i] >= 0 && commonIds[i] < terms)) fail('an unknown common word')
  for (let i = 0; i < commonArticles.length; i++) {
    if (!(commonArticles[i] >= 0 && commonArticles[i] < count)) fail('a common word in no article')
  }
  for (let i = 0; i < titleIds.length; i++)
    if (!(titleIds[i] >= 0 && titleIds[i] < terms)) fail('an unknown title word')
}
