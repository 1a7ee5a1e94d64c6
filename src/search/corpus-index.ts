import MiniSearch from 'minisearch'
import SearchableMap from 'minisearch/SearchableMap'
import { splitSentences } from '../text/sentences.js'
import { indexTerm, words } from '../text/tokenize.js'
import type { Article } from '../types.js'
import { bm25, idf, lengthNorm } from './bm25.js'
import { loadSearch, type SavedSearch, saveSearch } from './minisearch-io.js'

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
  paragraphCount: number
  titleTerms: number[][]
  commonLimit: number
  /** The MiniSearch index of the articles. */
  search: SavedSearch
}

type SearchDoc = { id: number; title: string; terms: string }

const MINISEARCH_OPTIONS = {
  fields: ['title', 'terms'],
  storeFields: [],
  // Terms are already normalised here, so MiniSearch only splits on spaces.
  tokenize: (s: string) => s.split(' '),
  processTerm: (t: string) => (t === '' ? null : t),
  searchOptions: { tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t },
}

/**
 * The searchable form of a corpus. MiniSearch indexes whole articles (title and body) and finds
 * the candidates; every sentence is kept as a passage in flat typed arrays (offsets and term
 * ids), so the answer stage can rank the sentences of the candidate articles without re-reading
 * text. Words in more than `commonLimit` articles are kept out of MiniSearch (at 100,000
 * articles they would hold three quarters of its postings) and held as compact postings of
 * their own, for the rare question made of common words only.
 *
 * Built by `CorpusIndex.build`, restored by `CorpusIndex.fromSnapshot`.
 */
export class CorpusIndex {
  readonly articles: Article[]
  /** Words in more than this many articles are "common" (not in MiniSearch). */
  readonly commonLimit: number
  readonly paragraphCount: number

  private readonly vocabulary = new Map<string, number>()
  private readonly termText: string[] = []
  private readonly titleTerms: Array<Set<number>> = []
  private readonly cols: Columns
  private readonly commonSlot = new Map<number, number>()
  private commonScores: Float64Array | null = null
  private readonly fuzzyMap = new SearchableMap<number>()
  private readonly minParagraphs: number
  private readonly articleSearch: MiniSearch<SearchDoc>

  private constructor(
    articles: Article[],
    parts: {
      cols: Columns
      paragraphCount: number
      commonLimit: number
      minParagraphs: number
      termText: string[]
      titleTerms: Iterable<number>[]
      search: MiniSearch<SearchDoc>
    },
  ) {
    this.articles = articles
    this.cols = parts.cols
    this.paragraphCount = parts.paragraphCount
    this.commonLimit = parts.commonLimit
    this.minParagraphs = parts.minParagraphs
    parts.termText.forEach((term, id) => {
      this.vocabulary.set(term, id)
      this.termText.push(term)
      this.fuzzyMap.set(term, id)
    })
    for (const t of parts.titleTerms) this.titleTerms.push(new Set(t))
    this.cols.commonIds.forEach((id, slot) => {
      this.commonSlot.set(id, slot)
    })
    this.articleSearch = parts.search
  }

  /** Indexes `articles`: sentences, vocabulary, common-word postings and the MiniSearch index. */
  static build(articles: Article[], options: IndexOptions): CorpusIndex {
    const built = buildColumns(articles, options)
    const search = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS)
    const index = new CorpusIndex(articles, { ...built, minParagraphs: options.minParagraphs, search })
    index.fillSearch(options.onProgress)
    return index
  }

  /** The index `snapshot()` described, read back instead of rebuilt. */
  static fromSnapshot(articles: Article[], snapshot: IndexSnapshot, options: IndexOptions): CorpusIndex {
    const cols = {} as Record<ColumnName, unknown>
    for (const name of Object.keys(COLUMNS) as ColumnName[]) cols[name] = snapshot[name]
    return new CorpusIndex(articles, {
      cols: cols as Columns,
      paragraphCount: snapshot.paragraphCount,
      commonLimit: snapshot.commonLimit,
      minParagraphs: options.minParagraphs,
      termText: snapshot.termText,
      titleTerms: snapshot.titleTerms,
      search: loadSearch<SearchDoc>(snapshot.search, MINISEARCH_OPTIONS),
    })
  }

  /** The index as plain data, for saving. */
  snapshot(): IndexSnapshot {
    return {
      ...this.cols,
      termText: this.termText,
      paragraphCount: this.paragraphCount,
      titleTerms: this.titleTerms.map((t) => [...t]),
      commonLimit: this.commonLimit,
      search: saveSearch(this.articleSearch as MiniSearch<unknown>),
    }
  }

  // MiniSearch gets each article's title and the words of its body that are not common.
  private fillSearch(onProgress?: (done: number, total: number) => void): void {
    const { articles } = this
    const { passageTerms, articleFirst, allTerms, articleDf } = this.cols
    const limit = this.commonLimit
    const bodyTerms: string[] = []
    articles.forEach((_, ai) => {
      bodyTerms.length = 0
      for (let k = passageTerms[articleFirst[ai]]; k < passageTerms[articleFirst[ai + 1]]; k++) {
        const id = allTerms[k]
        if (articleDf[id] <= limit) bodyTerms.push(this.termText[id])
      }
      const title = [...this.titleTerms[ai]].map((id) => this.termText[id]).join(' ')
      this.articleSearch.add({ id: ai, title, terms: bodyTerms.join(' ') })
      if (onProgress !== undefined && (ai + 1) % 1000 === 0) {
        onProgress(Math.floor((articles.length + ai + 1) / 2), articles.length)
      }
    })
    onProgress?.(articles.length, articles.length)
  }

  // --- The corpus's shape ---

  /** Number of sentences. */
  get passageCount(): number {
    return this.cols.passageArticle.length
  }

  /** Number of indexed words (stop words left out) in the whole corpus. */
  get termCount(): number {
    return this.cols.allTerms.length
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

  /** Term ids of article `a`'s title. */
  titleTermsOf(a: number): ReadonlySet<number> {
    return this.titleTerms[a]
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
    for (const w of words(text)) {
      const term = indexTerm(w.word)
      if (term === null) continue
      const id = this.vocabulary.get(term)
      if (id !== undefined) ids.push(id)
    }
    return Uint32Array.from(ids)
  }

  /** Inverse document frequency over paragraphs (BM25's form, always positive). */
  idf(df: number): number {
    // A small corpus says little about which words are rare: it is weighed as if it had at
    // least `minParagraphs` paragraphs, the missing ones without the word.
    return idf(Math.max(this.paragraphCount, this.minParagraphs), df)
  }

  /** Known terms within `distance` edits of `term` (spelling variants: "zelenski" → "zelenskyi"). */
  similarTerms(term: string, distance: number): Array<{ id: number; distance: number }> {
    const out: Array<{ id: number; distance: number }> = []
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
    const used = terms.filter((t) => dfOf(t.term) <= this.commonLimit)
    if (used.length === 0) {
      const rarest = [...terms].sort((a, b) => dfOf(a.term) - dfOf(b.term)).slice(0, 2)
      return this.searchCommon(rarest, limit, options)
    }
    const weights = new Map(used.map((t) => [t.term, t.weight]))
    const hits = this.articleSearch.search(used.map((t) => t.term).join(' '), {
      combineWith: 'OR',
      boost: { title: options.titleBoost },
      bm25: { k: options.k, b: options.b, d: options.d },
      boostTerm: (term: string) => weights.get(term) ?? 1,
    })
    return hits.slice(0, limit).map((h) => ({ article: h.id as number, score: h.score }))
  }

  /** BM25 over the bodies (title words count double) from the common words' own postings. */
  private searchCommon(
    terms: Array<{ term: string; weight: number }>,
    limit: number,
    options: CandidateOptions,
  ): ArticleHit[] {
    const { commonOffsets, commonArticles, commonTf } = this.cols
    const n = this.articles.length
    const avgLength = this.termCount / n
    // One score slot per article, kept between queries (zeroed again after use).
    this.commonScores ??= new Float64Array(n)
    const scores = this.commonScores
    const touched: number[] = []
    for (const { term, weight } of terms) {
      const id = this.vocabulary.get(term)
      const slot = id === undefined ? undefined : this.commonSlot.get(id)
      if (id === undefined || slot === undefined) continue
      const w = weight * idf(n, this.cols.articleDf[id])
      for (let p = commonOffsets[slot]; p < commonOffsets[slot + 1]; p++) {
        const ai = commonArticles[p]
        const norm = lengthNorm(options.k, options.b, this.articleLength(ai), avgLength)
        let score = bm25(w, commonTf[p], norm, options.k)
        if (this.titleTerms[ai].has(id)) score += w * (options.titleBoost - 1)
        if (scores[ai] === 0) touched.push(ai)
        scores[ai] += score
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
    return this.articleSearch.search(text, { combineWith: 'OR' }).length
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
  articles: Article[],
  options: IndexOptions,
): { cols: Columns; paragraphCount: number; commonLimit: number; termText: string[]; titleTerms: number[][] } {
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
  const titleTerms: number[][] = []
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
    titleTerms.push([...new Set(titleIds)])
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
    // Reading the text is about half the work; MiniSearch the other half.
    if (onProgress !== undefined && (ai + 1) % 1000 === 0) onProgress(Math.floor((ai + 1) / 2), articles.length)
  })
  first.push(pArticle.length)
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
      commonIds: common.ids,
      commonOffsets: common.offsets,
      commonArticles: common.articles,
      commonTf: common.tf,
    },
    paragraphCount: pid,
    commonLimit,
    termText,
    titleTerms,
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
