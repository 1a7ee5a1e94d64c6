import MiniSearch from 'minisearch'
import SearchableMap from 'minisearch/SearchableMap'
import type { Article } from '../types.js'
import { splitSentences } from '../text/sentences.js'
import { indexTerm, words } from '../text/tokenize.js'

/** A sentence of the corpus: where it stands and the terms it holds. */
export interface Passage {
  article: number
  paragraph: number
  /** Global paragraph number (the MiniSearch document id). */
  pid: number
  /** Offsets in the article's `text`. */
  start: number
  end: number
  /** Term ids, in order (stop words dropped). */
  terms: Uint32Array
}

export interface ParagraphHit {
  pid: number
  score: number
}

/**
 * The searchable form of a corpus: every sentence as a passage with its term ids, and a MiniSearch
 * index over paragraphs that finds the candidates the answer stage ranks sentence by sentence.
 */
export class CorpusIndex {
  readonly articles: Article[]
  readonly passages: Passage[] = []
  /** For each global paragraph: its article, index within the article, and first/last passage. */
  readonly paragraphArticle: number[] = []
  readonly paragraphIndex: number[] = []
  readonly paragraphFirst: number[] = []
  readonly paragraphEnd: number[] = []
  /** Offset of each paragraph in its article's text, by global paragraph id. */
  readonly paragraphOffset: number[] = []
  readonly vocabulary = new Map<string, number>()
  readonly termText: string[] = []
  /** Paragraph-level document frequency, by term id. */
  readonly df: number[] = []
  /** Terms of each article's title, by article. */
  readonly titleTerms: Array<Set<number>> = []
  private readonly fuzzyMap = new SearchableMap<number>()
  private readonly paragraphSearch: MiniSearch<{ id: number, terms: string }>

  constructor (articles: Article[], onProgress?: (done: number, total: number) => void) {
    this.articles = articles
    this.paragraphSearch = new MiniSearch<{ id: number, terms: string }>({
      fields: ['terms'],
      storeFields: [],
      // Terms are already normalised here, so MiniSearch only splits on spaces.
      tokenize: (s: string) => s.split(' '),
      processTerm: (t: string) => t === '' ? null : t,
      searchOptions: { tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t }
    })
    const docs: Array<{ id: number, terms: string }> = []
    articles.forEach((article, ai) => {
      this.titleTerms.push(new Set(this.termIds(article.title, true)))
      let offset = 0
      article.paragraphs.forEach((para, pi) => {
        const pid = this.paragraphArticle.length
        this.paragraphArticle.push(ai)
        this.paragraphIndex.push(pi)
        this.paragraphOffset.push(offset)
        this.paragraphFirst.push(this.passages.length)
        const seen = new Set<number>()
        const paraTerms: string[] = []
        for (const span of splitSentences(para)) {
          const ids = this.termIds(para.slice(span.start, span.end), true)
          for (const id of ids) {
            paraTerms.push(this.termText[id])
            if (!seen.has(id)) {
              seen.add(id)
              this.df[id]++
            }
          }
          this.passages.push({ article: ai, paragraph: pi, pid, start: offset + span.start, end: offset + span.end, terms: ids })
        }
        this.paragraphEnd.push(this.passages.length)
        docs.push({ id: pid, terms: paraTerms.join(' ') })
        offset += para.length + 2
      })
      if (onProgress !== undefined && (ai + 1) % 1000 === 0) onProgress(ai + 1, articles.length)
    })
    this.paragraphSearch.addAll(docs)
    onProgress?.(articles.length, articles.length)
  }

  get paragraphCount (): number {
    return this.paragraphArticle.length
  }

  /** Term ids of a text; `add` puts unknown terms into the vocabulary, otherwise they are dropped. */
  termIds (text: string, add = false): Uint32Array {
    const ids: number[] = []
    for (const w of words(text)) {
      const term = indexTerm(w.word)
      if (term === null) continue
      let id = this.vocabulary.get(term)
      if (id === undefined) {
        if (!add) continue
        id = this.termText.length
        this.vocabulary.set(term, id)
        this.termText.push(term)
        this.df.push(0)
        this.fuzzyMap.set(term, id)
      }
      ids.push(id)
    }
    return Uint32Array.from(ids)
  }

  /** Inverse document frequency over paragraphs (BM25's form, always positive). */
  idf (df: number): number {
    const n = this.paragraphCount
    return Math.log(1 + (n - df + 0.5) / (df + 0.5))
  }

  /** Known terms within `distance` edits of `term` (spelling variants: "zelenski" → "zelenskyy"). */
  similarTerms (term: string, distance: number): Array<{ id: number, distance: number }> {
    const out: Array<{ id: number, distance: number }> = []
    for (const [key, [id, d]] of this.fuzzyMap.fuzzyGet(term, distance)) {
      if (key !== term) out.push({ id, distance: d })
    }
    return out
  }

  /** The best paragraphs for a set of weighted terms (BM25 over paragraphs). */
  searchParagraphs (terms: Array<{ term: string, weight: number }>, limit: number): ParagraphHit[] {
    if (terms.length === 0) return []
    const weights = new Map(terms.map(t => [t.term, t.weight]))
    const hits = this.paragraphSearch.search(terms.map(t => t.term).join(' '), {
      combineWith: 'OR',
      boostTerm: (term: string) => weights.get(term) ?? 1
    })
    return hits.slice(0, limit).map(h => ({ pid: h.id as number, score: h.score }))
  }

  /** The text of a passage. */
  passageText (p: Passage): string {
    return this.articles[p.article].text.slice(p.start, p.end)
  }
}
