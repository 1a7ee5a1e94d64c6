import SearchableMap from 'minisearch/SearchableMap'
import { append } from '../append.js'
import type { Article, Quotation } from '../types.js'
import { extractQuotations, type RawQuotation } from './extract.js'
import { fold, surnameKey } from './names.js'

/** What `QuoteBook.save` returns and `QuoteBook.fromSnapshot` takes back. */
export interface SavedQuotes {
  byArticle: Quotation[][]
  /** Each speaker's canonical name and every spelling seen. */
  spellings: Array<[string, string[]]>
}

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
  private readonly byName = new Map<string, Speaker>()
  // The surname keys each speaker is found under (two when a spelling variant renamed them).
  private readonly keysOf = new Map<Speaker, string[]>()

  private constructor() {}

  /**
   * Finds every quotation of the corpus and clusters their speakers under canonical names.
   * `extracted`, when given, holds each article's quotations as `extractQuotations` finds them
   * (found off the main thread: see `extractInParallel`).
   */
  static build(articles: readonly Article[], extracted?: readonly RawQuotation[][]): QuoteBook {
    const book = new QuoteBook()
    const found = clusterQuotations(articles, extracted)
    append(book.byArticle, found.byArticle)
    append(book.speakers, found.speakers)
    book.indexSpeakers()
    return book
  }

  /** A saved book: quotations already carry their canonical speakers, so nothing is re-clustered. */
  static fromSnapshot(saved: SavedQuotes): QuoteBook {
    const book = new QuoteBook()
    book.restore(saved)
    return book
  }

  /**
   * The quotations of articles added to the corpus (numbered from `byArticle.length` on). Their
   * speakers join the people already known when the names agree ("Witkoff" joins "Steve
   * Witkoff"); a fuller name becomes the canonical one.
   */
  add(articles: readonly Article[]): void {
    const found = clusterQuotations(articles)
    append(this.byArticle, found.byArticle)
    for (const newcomer of found.speakers) {
      const known = this.sameSpeaker(newcomer.name)
      if (known === undefined) {
        this.indexSpeaker(newcomer)
        this.place(newcomer)
        continue
      }
      if (newcomer.name.split(' ').length > known.name.split(' ').length) {
        this.byName.delete(known.name)
        known.name = newcomer.name
        for (const q of known.quotations) q.speaker = known.name
        this.indexSpeaker(known)
      }
      for (const q of newcomer.quotations) {
        q.speaker = known.name
        known.quotations.push(q)
      }
      for (const spelling of newcomer.spellings) known.spellings.add(spelling)
      this.place(known)
    }
  }

  /** Forgets the quotations of an article no longer served; a speaker left without any goes too. */
  discard(articleIndex: number): void {
    const gone = new Set(this.byArticle[articleIndex] ?? [])
    if (gone.size === 0) return
    this.byArticle[articleIndex] = []
    const quoted = new Set([...gone].map((q) => this.byName.get(q.speaker)))
    for (const speaker of quoted) {
      if (speaker === undefined) continue
      speaker.quotations = speaker.quotations.filter((q) => !gone.has(q))
      if (speaker.quotations.length > 0) {
        this.place(speaker)
        continue
      }
      this.speakers.splice(this.speakers.indexOf(speaker), 1)
      this.byName.delete(speaker.name)
      this.keysOf.delete(speaker)
      for (const key of this.keysOf.get(speaker) ?? []) {
        const left = (this.bySurname.get(key) ?? []).filter((s) => s !== speaker)
        if (left.length > 0) this.bySurname.set(key, left)
        else {
          this.bySurname.delete(key)
          this.surnames.delete(key)
        }
      }
    }
  }

  // Puts a speaker whose number of quotations changed (or a new one) where the order says: most
  // quoted first, then by name. One move, not a sort of every speaker.
  private place(speaker: Speaker): void {
    const at = this.speakers.indexOf(speaker)
    if (at >= 0) this.speakers.splice(at, 1)
    let lo = 0
    let hi = this.speakers.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (bySpeakerOrder(this.speakers[mid], speaker) <= 0) lo = mid + 1
      else hi = mid
    }
    this.speakers.splice(lo, 0, speaker)
  }

  // A known speaker whose name agrees with `name`: same surname (or one letter apart, for long
  // ones), and the same first name where both have one.
  private sameSpeaker(name: string): Speaker | undefined {
    const key = surnameKey(name)
    const parts = name.split(' ')
    const first = parts.length > 1 ? fold(parts[0]) : null
    const agrees = (s: Speaker): boolean => {
      const own = s.name.split(' ')
      return first === null || own.length < 2 || fold(own[0]) === first
    }
    const exact = this.bySurname.get(key)?.find(agrees)
    if (exact !== undefined || key.length < 6) return exact
    for (const k of this.surnames.fuzzyGet(key, 1).keys()) {
      if (k === key || k.length < 6) continue
      const hit = this.bySurname.get(k)?.find(agrees)
      if (hit !== undefined) return hit
    }
    return undefined
  }

  /** The book as data, for saving: quotations by article, and each speaker's spellings. */
  save(): SavedQuotes {
    return { byArticle: this.byArticle, spellings: this.speakers.map((s) => [s.name, [...s.spellings]]) }
  }

  private restore(saved: SavedQuotes): void {
    const byName = new Map<string, Speaker>()
    const speaker = (name: string): Speaker => {
      let found = byName.get(name)
      if (found === undefined) {
        found = { name, spellings: new Set([name]), quotations: [] }
        byName.set(name, found)
        this.speakers.push(found)
      }
      return found
    }
    for (const [name, spellings] of saved.spellings) for (const s of spellings) speaker(name).spellings.add(s)
    for (const list of saved.byArticle) {
      for (const q of list) speaker(q.speaker).quotations.push(q)
      this.byArticle.push(list)
    }
    this.indexSpeakers()
  }

  private indexSpeakers(): void {
    this.speakers.sort(bySpeakerOrder)
    for (const speaker of this.speakers) this.indexSpeaker(speaker)
  }

  private indexSpeaker(speaker: Speaker): void {
    const key = surnameKey(speaker.name)
    const keys = this.keysOf.get(speaker) ?? []
    if (!keys.includes(key)) {
      this.keysOf.set(speaker, [...keys, key])
      this.bySurname.set(key, [...(this.bySurname.get(key) ?? []), speaker])
    }
    this.surnames.set(key, key)
    this.byName.set(speaker.name, speaker)
  }

  /**
   * The speaker a query names, if any, and the rest of the query. Matches the full name, the
   * surname alone, and spelling variants one letter apart ("Zelensky" → "Volodymyr Zelenskyy").
   */
  findSpeaker(query: string): { speaker: Speaker; rest: string } | null {
    const tokens = query
      .split(/[^\p{L}\p{N}'’-]+/u)
      .filter((t) => t !== '')
      .slice(0, 200)
    const folded = tokens.map((t) => fold(t.replace(/[’']s$/, '')))
    let best: { speaker: Speaker; used: number[] } | null = null
    folded.forEach((f, i) => {
      if (f.length < 2) return
      const keys = [
        f,
        // Spelling variants of plausible names only: the look-up grows with the word's length.
        ...(f.length >= 6 && f.length <= 40
          ? [...this.surnames.fuzzyGet(f, 1).keys()].filter((k) => k !== f && k.length >= 6)
          : []),
      ]
      for (const key of keys) {
        for (const speaker of this.bySurname.get(key) ?? []) {
          const given = speaker.name.split(' ').slice(0, -1).map(fold)
          const used = [i, ...folded.flatMap((g, j) => (j !== i && given.includes(g) ? [j] : []))]
          if (best === null || used.length > best.used.length) best = { speaker, used }
        }
      }
    })
    if (best === null) return null
    const found: { speaker: Speaker; used: number[] } = best
    const rest = tokens.filter((_, i) => !found.used.includes(i)).join(' ')
    return { speaker: found.speaker, rest }
  }

  /**
   * The quotation a span of an article's text is, if any: the quotations inside the span must all
   * be one speaker's and together make up at least `share` of it ("“…,” Ostrova said after the
   * vote. “…”" is Ostrova's). Quotations of two or more speakers are nobody's: the excerpt would
   * put one person's name on another's words. Returns the one that covers most of the span.
   */
  quotationIn(articleIndex: number, start: number, end: number, share = 0.4): Quotation | null {
    let best: Quotation | null = null
    let bestOverlap = 0
    let covered = 0
    for (const q of this.byArticle[articleIndex] ?? []) {
      const overlap = Math.min(end, q.end) - Math.max(start, q.start)
      if (overlap <= 0) continue
      if (best !== null && q.speaker !== best.speaker) return null
      covered += overlap
      if (overlap > bestOverlap) {
        best = q
        bestOverlap = overlap
      }
    }
    return best !== null && covered >= share * (end - start) ? best : null
  }
}

/** The quotations of some articles, by article, and their speakers clustered under canonical names. */
function clusterQuotations(
  articles: readonly Article[],
  extracted?: readonly RawQuotation[][],
): { byArticle: Quotation[][]; speakers: Speaker[] } {
  const byArticle: Quotation[][] = []
  const speakers: Speaker[] = []
  interface Cluster {
    key: string
    first: string | null
    spellings: Map<string, number>
    items: Quotation[]
  }
  // Clusters are keyed by surname; a full name's first name must agree where both have one.
  // Spelling variants one letter apart ("zelensky" / "zelenskyy") are found through a fuzzy
  // map, so clustering stays linear in the number of quotations.
  const clusters: Cluster[] = []
  const byKey = new Map<string, Cluster[]>()
  const keys = new SearchableMap<string>()
  const find = (key: string, first: string | null): Cluster | undefined => {
    const agrees = (c: Cluster): boolean => c.first === null || first === null || c.first === first
    const exact = byKey.get(key)?.find(agrees)
    // The fuzzy lookup costs far more than the exact one: only when the exact one fails.
    if (exact !== undefined || key.length < 6) return exact
    for (const k of keys.fuzzyGet(key, 1).keys()) {
      if (k === key || k.length < 6) continue
      const hit = byKey.get(k)?.find(agrees)
      if (hit !== undefined) return hit
    }
    return undefined
  }
  articles.forEach((article, i) => {
    const list: Quotation[] = []
    for (const q of extracted?.[i] ?? extractQuotations(article)) {
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
        articleId: article.id,
        paragraph: q.paragraph,
        start: q.start,
        end: q.end,
      }
      cluster.items.push(quotation)
      list.push(quotation)
    }
    byArticle.push(list)
  })
  for (const c of clusters) {
    // The canonical name: the fullest spelling, then the most used.
    const name = [...c.spellings.entries()].sort(
      (a, b) => b[0].split(' ').length - a[0].split(' ').length || b[1] - a[1],
    )[0][0]
    for (const q of c.items) q.speaker = name
    speakers.push({ name, spellings: new Set(c.spellings.keys()), quotations: c.items })
  }
  return { byArticle, speakers }
}

/** Most quoted first, then by name. */
function bySpeakerOrder(a: Speaker, b: Speaker): number {
  return b.quotations.length - a.quotations.length || a.name.localeCompare(b.name)
}
