import type { Quotation } from '../types.js'
import type { CorpusIndex } from '../search/corpus-index.js'
import { extractQuotations } from './extract.js'
import { fold, sameSurname, surnameKey } from './names.js'

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

  constructor (index: CorpusIndex) {
    const raw = index.articles.map(a => extractQuotations(a))
    // Clusters are keyed by surname; a full name's first name must agree where both have one.
    const clusters: Array<{ key: string, first: string | null, spellings: Map<string, number>, items: Quotation[] }> = []
    raw.forEach((quotes, ai) => {
      const list: Quotation[] = []
      for (const q of quotes) {
        const parts = q.speaker.split(' ')
        const key = surnameKey(q.speaker)
        const first = parts.length > 1 ? fold(parts[0]) : null
        let cluster = clusters.find(c => sameSurname(c.key, key) && (c.first === null || first === null || c.first === first))
        if (cluster === undefined) {
          cluster = { key, first, spellings: new Map(), items: [] }
          clusters.push(cluster)
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
  }

  /**
   * The speaker a query names, if any, and the rest of the query. Matches the full name, the
   * surname alone, and spelling variants one letter apart ("Zelensky" → "Volodymyr Zelenskyy").
   */
  findSpeaker (query: string): { speaker: Speaker, rest: string } | null {
    const tokens = query.split(/[^\p{L}\p{N}'’-]+/u).filter(t => t !== '')
    let best: { speaker: Speaker, used: number[] } | null = null
    for (const speaker of this.speakers) {
      const parts = speaker.name.split(' ').map(fold)
      const surname = parts[parts.length - 1]
      const used: number[] = []
      tokens.forEach((t, i) => {
        const f = fold(t.replace(/[’']s$/, ''))
        if (f.length < 2) return
        if (sameSurname(f, surname) || (parts.length > 1 && parts.slice(0, -1).includes(f))) used.push(i)
      })
      const hasSurname = used.some(i => sameSurname(fold(tokens[i].replace(/[’']s$/, '')), surname))
      if (!hasSurname) continue
      if (best === null || used.length > best.used.length) best = { speaker, used }
    }
    if (best === null) return null
    const rest = tokens.filter((_, i) => !best.used.includes(i)).join(' ')
    return { speaker: best.speaker, rest }
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
