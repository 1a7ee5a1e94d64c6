import type { Quotation } from '../types.js'
import type { CorpusIndex } from '../search/corpus-index.js'
import { extractQuotations } from './extract.js'
import SearchableMap from 'minisearch/SearchableMap'
import { fold, surnameKey } from './names.js'

/** A person quoted somewhere in the corpus, under one canonical name. */
export interface Speaker {
  name: string
  /** Every spelling seen ("Zelensky", "Volodymyr Zelenskyy"). */
  spellings: Set<string>
  quotations: Quotation[]
}

/**
 * Every direct quotation of the corpus under canonical speaker names: "Witkoff" and "Steve
 * Witkoff" are one person, and so are "Zelensky" and "Zelenskyy".
 */
export class QuoteBook {
  readonly speakers: Speaker[] = []
  /** Quotations of each article (by article index), in text order. */
  readonly byArticle: Quotation[][] = []

  /** Speakers by folded surname, and a fuzzy map of those surnames (spelling variants). */
  private readonly bySurname = new Map<string, Speaker[]>()
  private readonly surnames = new SearchableMap<string>()

  constructor (index: CorpusIndex, saved?: Quotation[][]) {
    interface Cluster { key: string, first: string | null, spellings: Map<string, number>, items: Quotation[] }
    // Clusters are keyed by surname; a full name's first name must agree where both have one.
    // Spelling variants one letter apart ("zelensky" / "zelenskyy") are found through a fuzzy
    // map, so clustering stays linear in the number of quotations.
    const clusters: Cluster[] = []
    const byKey = new Map<string, Cluster[]>()
    const keys = new SearchableMap<string>()
    const find = (key: string, first: string | null): Cluster | undefined => {
      const candidates = [key, ...(key.length >= 6 ? [...keys.fuzzyGet(key, 1).keys()].filter(k => k !== key && k.length >= 6) : [])]
      for (const k of candidates) {
        const hit = byKey.get(k)?.find(c => c.first === null || first === null || c.first === first)
        if (hit !== undefined) return hit
      }
      return undefined
    }
    index.articles.forEach((article, ai) => {
      const list: Quotation[] = []
      // A saved book holds the quotations already extracted; speakers are re-clustered (cheap).
      for (const q of saved?.[ai] ?? extractQuotations(article)) {
        const parts = q.speaker.split(' ')
        const key = surnameKey(q.speaker)
        const first = parts.length > 1 ? fold(parts[0]) : null
        let cluster = find(key, first)
        if (cluster === undefined) {
          cluster = { key, first, spellings: new Map(), items: [] }
          clusters.push(cluster)
          byKey.set(key, [...(byKey.get(key) ?? []), cluster])
          keys.set(key, key)
        }
        if (cluster.first === null && first !== null) cluster.first = first
        cluster.spellings.set(q.speaker, (cluster.spellings.get(q.speaker) ?? 0) + 1)
        const quotation: Quotation = {
          speaker: q.speaker,
          role: q.role,
          text: q.text,
          articleId: index.articles[ai].id,
          paragraph: q.paragraph,
          start: q.start,
          end: q.end
        }
        cluster.items.push(quotation)
        list.push(quotation)
      }
      this.byArticle.push(list)
    })
    for (const c of clusters) {
      // The canonical name: the fullest spelling, then the most used.
      const name = [...c.spellings.entries()].sort((a, b) => b[0].split(' ').length - a[0].split(' ').length || b[1] - a[1])[0][0]
      for (const q of c.items) q.speaker = name
      this.speakers.push({ name, spellings: new Set(c.spellings.keys()), quotations: c.items })
    }
    this.speakers.sort((a, b) => b.quotations.length - a.quotations.length || a.name.localeCompare(b.name))
    for (const speaker of this.speakers) {
      const key = surnameKey(speaker.name)
      this.bySurname.set(key, [...(this.bySurname.get(key) ?? []), speaker])
      this.surnames.set(key, key)
    }
  }

  /**
   * The speaker a query names, if any, and the rest of the query. Matches the full name, the
   * surname alone, and spelling variants one letter apart ("Zelensky" → "Volodymyr Zelenskyy").
   */
  findSpeaker (query: string): { speaker: Speaker, rest: string } | null {
    const tokens = query.split(/[^\p{L}\p{N}'’-]+/u).filter(t => t !== '').slice(0, 200)
    const folded = tokens.map(t => fold(t.replace(/[’']s$/, '')))
    let best: { speaker: Speaker, used: number[] } | null = null
    folded.forEach((f, i) => {
      if (f.length < 2) return
      const keys = [f, ...(f.length >= 6 ? [...this.surnames.fuzzyGet(f, 1).keys()].filter(k => k !== f && k.length >= 6) : [])]
      for (const key of keys) {
        for (const speaker of this.bySurname.get(key) ?? []) {
          const given = speaker.name.split(' ').slice(0, -1).map(fold)
          const used = [i, ...folded.flatMap((g, j) => j !== i && given.includes(g) ? [j] : [])]
          if (best === null || used.length > best.used.length) best = { speaker, used }
        }
      }
    })
    if (best === null) return null
    const found: { speaker: Speaker, used: number[] } = best
    const rest = tokens.filter((_, i) => !found.used.includes(i)).join(' ')
    return { speaker: found.speaker, rest }
  }

  /**
   * The quotation that makes up most of a span of an article's text (at least `share` of it),
   * if any.
   */
  quotationIn (articleIndex: number, start: number, end: number, share = 0.4): Quotation | null {
    let best: Quotation | null = null
    let bestOverlap = 0
    for (const q of this.byArticle[articleIndex] ?? []) {
      const overlap = Math.min(end, q.end) - Math.max(start, q.start)
      if (overlap > bestOverlap) {
        best = q
        bestOverlap = overlap
      }
    }
    return best !== null && bestOverlap > 0 && bestOverlap >= share * (end - start) ? best : null
  }
}
