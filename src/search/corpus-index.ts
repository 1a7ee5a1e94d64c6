import MiniSearch from 'minisearch'
import SearchableMap from 'minisearch/SearchableMap'
import type { Article } from '../types.js'
import { splitSentences } from '../text/sentences.js'
import { indexTerm, words } from '../text/tokenize.js'
import { TUNING } from '../answer/tuning.js'

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
  /** MiniSearch's own JSON. */
  miniSearch: string
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
      this.articleSearch = MiniSearch.loadJSON(snapshot.miniSearch, MINISEARCH_OPTIONS)
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

    articles.forEach((article, ai) => {
      first.push(pArticle.length)
      const titleIds = this.termIds(article.title, true)
      this.titleTerms.push(new Set(titleIds))
      const bodyTerms: string[] = []
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
            const term = indexTerm(w.word)
            if (term === null) continue
            const id = this.intern(term, df, articleDf)
            terms.push(id)
            bodyTerms.push(term)
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
      this.articleSearch.add({ id: ai, title: [...titleIds].map(id => this.termText[id]).join(' '), terms: bodyTerms.join(' ') })
      if (onProgress !== undefined && (ai + 1) % 1000 === 0) onProgress(ai + 1, articles.length)
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
    onProgress?.(articles.length, articles.length)
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
      miniSearch: JSON.stringify(this.articleSearch)
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
   * Very common words (in more than `TUNING.commonShare` of the articles, and more than
   * `TUNING.commonArticles`: small corpora keep every word) are left out when
   * the query has rarer ones: they cost long posting lists and add little to the ranking;
   * stage two still scores them.
   */
  searchArticles (terms: Array<{ term: string, weight: number }>, limit: number): ArticleHit[] {
    if (terms.length === 0) return []
    const n = this.articles.length
    const dfOf = (t: string): number => {
      const id = this.vocabulary.get(t)
      return id === undefined || id >= this.articleDf.length ? 0 : this.articleDf[id]
    }
    const common = Math.max(TUNING.commonArticles, TUNING.commonShare * n)
    let used = terms.filter(t => dfOf(t.term) <= common)
    // Only common words: the rarest two still find candidates, at a bounded cost.
    if (used.length === 0) used = [...terms].sort((a, b) => dfOf(a.term) - dfOf(b.term)).slice(0, 2)
    const weights = new Map(used.map(t => [t.term, t.weight]))
    const hits = this.articleSearch.search(used.map(t => t.term).join(' '), {
      combineWith: 'OR',
      boost: { title: TUNING.titleBoost },
      bm25: { k: TUNING.bm25k, b: TUNING.bm25b, d: TUNING.bm25d },
      boostTerm: (term: string) => weights.get(term) ?? 1
    })
    return hits.slice(0, limit).map(h => ({ article: h.id as number, score: h.score }))
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
