import MiniSearch from 'minisearch'
import SearchableMap from 'minisearch/SearchableMap'
import type { Article } from '../types.js'
import { splitSentences } from '../text/sentences.js'
import { indexTerm, words } from '../text/tokenize.js'
import { TUNING } from '../answer/tuning.js'
import { loadSearch, saveSearch, type SavedSearch } from './minisearch-io.js'

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

type SearchDoc = { id: number, title: string, terms: string }

const MINISEARCH_OPTIONS = {
  fields: ['title', 'terms'],
  storeFields: [],
  // Terms are already normalised here, so MiniSearch only splits on spaces.
  tokenize: (s: string) => s.split(' '),
  processTerm: (t: string) => t === '' ? null : t,
  searchOptions: { tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t }
}

/** Everything the index holds but the articles, for saving and restoring it. */
export interface IndexSnapshot {
  termText: string[]
  df: Int32Array
  articleDf: Int32Array
  paragraphCount: number
  titleTerms: number[][]
  passageArticle: Int32Array
  passageParagraph: Int32Array
  passagePid: Int32Array
  passageStart: Int32Array
  passageEnd: Int32Array
  passageTerms: Int32Array
  allTerms: Uint32Array
  articleFirst: Int32Array
  commonLimit: number
  commonIds: Int32Array
  commonOffsets: Int32Array
  commonArticles: Int32Array
  commonTf: Uint8Array
  /** The MiniSearch index of the articles. */
  search: SavedSearch
}

/** Growable Int32 column: typed-array storage without knowing the final size up front. */
class IntColumn {
  data = new Int32Array(1024)
  length = 0
  push (v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = v
  }

  trim (): Int32Array {
    return this.data.slice(0, this.length)
  }
}

function grow (a: Int32Array<ArrayBufferLike>, index: number): Int32Array<ArrayBufferLike> {
  let size = a.length
  while (size <= index) size *= 2
  const next = new Int32Array(size)
  next.set(a)
  return next
}


/**
 * The searchable form of a corpus. MiniSearch indexes whole articles (title and body) and finds
 * the candidates; every sentence is kept as a passage in flat typed arrays (offsets and term ids),
 * so the answer stage can rank the sentences of the candidate articles without re-reading text.
 */
export class CorpusIndex {
  readonly articles: Article[]
  readonly vocabulary = new Map<string, number>()
  readonly termText: string[] = []
  /** Paragraph-level document frequency, by term id. */
  df: Int32Array = new Int32Array(0)
  /** Article-level document frequency, by term id. */
  articleDf: Int32Array = new Int32Array(0)
  paragraphCount = 0
  /** Terms of each article's title. */
  readonly titleTerms: Array<Set<number>> = []

  // Passage columns, by passage index.
  readonly passageArticle: Int32Array
  readonly passageParagraph: Int32Array
  readonly passagePid: Int32Array
  readonly passageStart: Int32Array
  readonly passageEnd: Int32Array
  /** Where each passage's term ids begin in `termIds`; the last entry closes the last one. */
  readonly passageTerms: Int32Array
  readonly allTerms: Uint32Array
  /** First passage of each article; the last entry closes the last article. */
  readonly articleFirst: Int32Array

  /**
   * Words in more than `commonLimit` articles are too common to help find candidates and would
   * hold most of MiniSearch's postings (three quarters of them at 100,000 articles): they are
   * left out of MiniSearch and kept here instead, as compact article postings (CSR: the
   * postings of `commonIds[k]` are `commonOffsets[k]` up to `commonOffsets[k + 1]`), for the
   * rare question made of common words only.
   */
  readonly commonLimit: number
  readonly commonIds: Int32Array
  readonly commonOffsets: Int32Array
  readonly commonArticles: Int32Array
  /** Occurrences of the word in the article, capped at 255. */
  readonly commonTf: Uint8Array
  private readonly commonSlot = new Map<number, number>()
  private commonScores: Float64Array | null = null

  private readonly fuzzyMap = new SearchableMap<number>()
  private readonly articleSearch: MiniSearch<SearchDoc>

  constructor (articles: Article[], onProgress?: (done: number, total: number) => void, snapshot?: IndexSnapshot) {
    this.articles = articles
    if (snapshot !== undefined) {
      // A saved index: the same columns, read back instead of rebuilt.
      snapshot.termText.forEach((term, id) => {
        this.vocabulary.set(term, id)
        this.termText.push(term)
        this.fuzzyMap.set(term, id)
      })
      this.df = snapshot.df
      this.articleDf = snapshot.articleDf
      this.paragraphCount = snapshot.paragraphCount
      for (const t of snapshot.titleTerms) this.titleTerms.push(new Set(t))
      this.passageArticle = snapshot.passageArticle
      this.passageParagraph = snapshot.passageParagraph
      this.passagePid = snapshot.passagePid
      this.passageStart = snapshot.passageStart
      this.passageEnd = snapshot.passageEnd
      this.passageTerms = snapshot.passageTerms
      this.allTerms = snapshot.allTerms
      this.articleFirst = snapshot.articleFirst
      this.commonLimit = snapshot.commonLimit
      this.commonIds = snapshot.commonIds
      this.commonOffsets = snapshot.commonOffsets
      this.commonArticles = snapshot.commonArticles
      this.commonTf = snapshot.commonTf
      this.commonIds.forEach((id, slot) => this.commonSlot.set(id, slot))
      this.articleSearch = loadSearch<SearchDoc>(snapshot.search, MINISEARCH_OPTIONS)
      return
    }
    this.articleSearch = new MiniSearch<SearchDoc>(MINISEARCH_OPTIONS)
    const pArticle = new IntColumn()
    const pParagraph = new IntColumn()
    const pPid = new IntColumn()
    const pStart = new IntColumn()
    const pEnd = new IntColumn()
    const pTerms = new IntColumn()
    const terms = new IntColumn()
    const first = new IntColumn()
    const df: number[] = []
    const articleDf: number[] = []
    let seenInParagraph: Int32Array<ArrayBufferLike> = new Int32Array(1 << 16)
    let seenInArticle: Int32Array<ArrayBufferLike> = new Int32Array(1 << 16)
    let pid = 0
    const wordIds = new Map<string, number>()

    articles.forEach((article, ai) => {
      first.push(pArticle.length)
      const titleIds = this.termIds(article.title, true)
      this.titleTerms.push(new Set(titleIds))
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
              id = term === null ? -1 : this.intern(term, df, articleDf)
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
      // Reading the text is about half the work; MiniSearch (below) the other half.
      if (onProgress !== undefined && (ai + 1) % 1000 === 0) onProgress(Math.floor((ai + 1) / 2), articles.length)
    })
    first.push(pArticle.length)
    pTerms.push(terms.length)
    this.paragraphCount = pid
    this.passageArticle = pArticle.trim()
    this.passageParagraph = pParagraph.trim()
    this.passagePid = pPid.trim()
    this.passageStart = pStart.trim()
    this.passageEnd = pEnd.trim()
    this.passageTerms = pTerms.trim()
    this.allTerms = new Uint32Array(terms.trim().buffer)
    this.articleFirst = first.trim()
    this.df = Int32Array.from(df)
    this.articleDf = Int32Array.from(articleDf)

    this.commonLimit = Math.max(TUNING.commonArticles, Math.floor(TUNING.commonShare * articles.length))
    const common = this.buildCommonPostings()
    this.commonIds = common.ids
    this.commonOffsets = common.offsets
    this.commonArticles = common.articles
    this.commonTf = common.tf

    // MiniSearch gets each article's title and the words of its body that are not common.
    const limit = this.commonLimit
    const bodyTerms: string[] = []
    articles.forEach((_, ai) => {
      bodyTerms.length = 0
      for (let k = this.passageTerms[this.articleFirst[ai]]; k < this.passageTerms[this.articleFirst[ai + 1]]; k++) {
        const id = this.allTerms[k]
        if (this.articleDf[id] <= limit) bodyTerms.push(this.termText[id])
      }
      const title = [...this.titleTerms[ai]].map(id => this.termText[id]).join(' ')
      this.articleSearch.add({ id: ai, title, terms: bodyTerms.join(' ') })
      if (onProgress !== undefined && (ai + 1) % 1000 === 0) onProgress(Math.floor((articles.length + ai + 1) / 2), articles.length)
    })
    onProgress?.(articles.length, articles.length)
  }

  /** Article postings (with counts) of the words in more than `commonLimit` articles. */
  private buildCommonPostings (): { ids: Int32Array, offsets: Int32Array, articles: Int32Array, tf: Uint8Array } {
    const ids: number[] = []
    const offsets = [0]
    const slotOf = new Int32Array(this.articleDf.length).fill(-1)
    for (let id = 0; id < this.articleDf.length; id++) {
      if (this.articleDf[id] > this.commonLimit) {
        slotOf[id] = ids.length
        this.commonSlot.set(id, ids.length)
        ids.push(id)
        offsets.push(offsets[offsets.length - 1] + this.articleDf[id])
      }
    }
    const total = offsets[offsets.length - 1]
    const postings = new Int32Array(total)
    const tf = new Uint8Array(total)
    const fill = Int32Array.from(offsets.slice(0, -1))
    const count = new Int32Array(ids.length)
    const touched: number[] = []
    for (let ai = 0; ai < this.articles.length; ai++) {
      for (let k = this.passageTerms[this.articleFirst[ai]]; k < this.passageTerms[this.articleFirst[ai + 1]]; k++) {
        const slot = slotOf[this.allTerms[k]]
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

  /** The index as plain data, for `Newsdesk.save`. */
  snapshot (): IndexSnapshot {
    return {
      termText: this.termText,
      df: this.df,
      articleDf: this.articleDf,
      paragraphCount: this.paragraphCount,
      titleTerms: this.titleTerms.map(t => [...t]),
      passageArticle: this.passageArticle,
      passageParagraph: this.passageParagraph,
      passagePid: this.passagePid,
      passageStart: this.passageStart,
      passageEnd: this.passageEnd,
      passageTerms: this.passageTerms,
      allTerms: this.allTerms,
      articleFirst: this.articleFirst,
      commonLimit: this.commonLimit,
      commonIds: this.commonIds,
      commonOffsets: this.commonOffsets,
      commonArticles: this.commonArticles,
      commonTf: this.commonTf,
      search: saveSearch(this.articleSearch as MiniSearch<unknown>)
    }
  }

  /** Number of sentences. */
  get passageCount (): number {
    return this.passageArticle.length
  }

  /** A view of one passage. */
  passage (i: number): Passage {
    return {
      article: this.passageArticle[i],
      paragraph: this.passageParagraph[i],
      pid: this.passagePid[i],
      start: this.passageStart[i],
      end: this.passageEnd[i],
      terms: this.allTerms.subarray(this.passageTerms[i], this.passageTerms[i + 1])
    }
  }

  /** Term ids of a text; `add` puts unknown terms into the vocabulary, otherwise they are dropped. */
  termIds (text: string, add = false): Uint32Array {
    const ids: number[] = []
    for (const w of words(text)) {
      const term = indexTerm(w.word)
      if (term === null) continue
      const id = add ? this.intern(term) : this.vocabulary.get(term)
      if (id !== undefined) ids.push(id)
    }
    return Uint32Array.from(ids)
  }

  private intern (term: string, df?: number[], articleDf?: number[]): number {
    let id = this.vocabulary.get(term)
    if (id === undefined) {
      id = this.termText.length
      this.vocabulary.set(term, id)
      this.termText.push(term)
      this.fuzzyMap.set(term, id)
      if (df !== undefined) df[id] = 0
      if (articleDf !== undefined) articleDf[id] = 0
    } else if (df !== undefined && df[id] === undefined) {
      // A title word seen before any body text: give it its counters.
      df[id] = 0
      if (articleDf !== undefined) articleDf[id] = 0
    }
    return id
  }

  /** Paragraph document frequency of a term id (0 for title-only words). */
  paragraphDf (id: number): number {
    return id < this.df.length ? this.df[id] : 0
  }

  /** Inverse document frequency over paragraphs (BM25's form, always positive). */
  idf (df: number): number {
    // A small corpus says little about which words are rare: it is weighed as if it had at
    // least `minParagraphs` paragraphs, the missing ones without the word.
    const n = Math.max(this.paragraphCount, TUNING.minParagraphs)
    return Math.log(1 + (n - df + 0.5) / (df + 0.5))
  }

  /** Known terms within `distance` edits of `term` (spelling variants: "zelenski" → "zelenskyi"). */
  similarTerms (term: string, distance: number): Array<{ id: number, distance: number }> {
    const out: Array<{ id: number, distance: number }> = []
    for (const [key, [id, d]] of this.fuzzyMap.fuzzyGet(term, distance)) {
      if (key !== term) out.push({ id, distance: d })
    }
    return out
  }

  /**
   * The best articles for a set of weighted terms (MiniSearch's BM25 over title and body).
   * Very common words (in more than `commonLimit` articles: small corpora keep every word) are
   * not in MiniSearch and are left out when the query has rarer ones: they would add little to
   * the ranking; stage two still scores them. A query of common words only is answered from
   * their compact postings, by its rarest two.
   */
  searchArticles (terms: Array<{ term: string, weight: number }>, limit: number): ArticleHit[] {
    if (terms.length === 0) return []
    const dfOf = (t: string): number => {
      const id = this.vocabulary.get(t)
      return id === undefined || id >= this.articleDf.length ? 0 : this.articleDf[id]
    }
    const used = terms.filter(t => dfOf(t.term) <= this.commonLimit)
    if (used.length === 0) {
      return this.searchCommon([...terms].sort((a, b) => dfOf(a.term) - dfOf(b.term)).slice(0, 2), limit)
    }
    const weights = new Map(used.map(t => [t.term, t.weight]))
    const hits = this.articleSearch.search(used.map(t => t.term).join(' '), {
      combineWith: 'OR',
      boost: { title: TUNING.titleBoost },
      bm25: { k: TUNING.bm25k, b: TUNING.bm25b, d: TUNING.bm25d },
      boostTerm: (term: string) => weights.get(term) ?? 1
    })
    return hits.slice(0, limit).map(h => ({ article: h.id as number, score: h.score }))
  }

  /** BM25 over the bodies (title words count double) from the common words' own postings. */
  private searchCommon (terms: Array<{ term: string, weight: number }>, limit: number): ArticleHit[] {
    const n = this.articles.length
    const avgLength = this.allTerms.length / n
    // One score slot per article, kept between queries (zeroed again after use).
    const scores = this.commonScores ??= new Float64Array(n)
    const touched: number[] = []
    for (const { term, weight } of terms) {
      const id = this.vocabulary.get(term)
      const slot = id === undefined ? undefined : this.commonSlot.get(id)
      if (id === undefined || slot === undefined) continue
      const df = this.articleDf[id]
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5))
      const k = TUNING.bm25k
      const b = TUNING.bm25b
      for (let p = this.commonOffsets[slot]; p < this.commonOffsets[slot + 1]; p++) {
        const ai = this.commonArticles[p]
        const length = this.passageTerms[this.articleFirst[ai + 1]] - this.passageTerms[this.articleFirst[ai]]
        const tf = this.commonTf[p]
        let score = weight * idf * (tf * (k + 1)) / (tf + k * (1 - b + b * length / avgLength))
        if (this.titleTerms[ai].has(id)) score += weight * idf * (TUNING.titleBoost - 1)
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
  bareSearch (text: string): number {
    return this.articleSearch.search(text, { combineWith: 'OR' }).length
  }

  /** The text of a passage. */
  passageText (i: number): string {
    return this.articles[this.passageArticle[i]].text.slice(this.passageStart[i], this.passageEnd[i])
  }
}
