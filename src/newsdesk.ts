import { readdir, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Article, ArticleSummary, AskOptions, Citation, Command, Excerpt, Logger, Quotation, Result } from './types.js'
import { analyseQuestion, hasAnswerType, type AnswerType } from './answer/question.js'
import { rankPassages, type ScoredPassage } from './answer/rank-passages.js'
import { TUNING } from './answer/tuning.js'
import { corpusFingerprint, loadArticles, type LoadWarning } from './ingest/load.js'
import { readSnapshot, writeSnapshot, type EngineSnapshot } from './search/snapshot-store.js'
import { silentLogger } from './logger.js'
import { QuoteBook } from './quotes/quote-book.js'
import { CorpusIndex, type Passage } from './search/corpus-index.js'
import { terms } from './text/tokenize.js'

export interface NewsdeskOptions {
  /** Excerpts in an answer, at most. */
  maxExcerpts: number
  /** Quotations in a `quote` result, at most. */
  maxQuotes: number
  /** Articles in a `source` result for a query, at most. */
  maxSources: number
  /**
   * The abstention threshold: the IDF-weighted share of the question's words that the best
   * excerpt must cover (words found only elsewhere in its paragraph or title count half),
   * lowered when the excerpt lacks what the question asks for (a date for "when") and when its
   * article is much less about the question than the best candidate article (see
   * TUNING.articleAgreement). Below it the engine says the articles hold no answer. Set from
   * evaluation data: see the README's "Quality and speed" section and `npm run eval`.
   */
  minCoverage: number
  /** Articles the first stage passes to the sentence ranking. */
  candidateArticles: number
  logger: Logger
  /** Called while a large corpus is indexed. */
  onProgress?: (done: number, total: number) => void
}

export const DEFAULT_OPTIONS: NewsdeskOptions = {
  maxExcerpts: 3,
  maxQuotes: 10,
  maxSources: 5,
  minCoverage: 0.35,
  candidateArticles: 20,
  logger: silentLogger
}

const SPEECH_QUESTION = /\b(?:say|says|said|saying|tell|tells|told|think|thinks|thought|claim\w*|describ\w*|call\w*|argu\w*|stat\w*|quot\w*|comment\w*|remark\w*|word|words|view|views)\b/i
const SPEAKER_BOOST = 1.6

const ANAPHOR = /^["“]?(?:This|These|That|Those|It|Its|He|She|His|Her|They|Their|Such|The latter|The former|There)\b/
// Joined sentences stay readable in a chat message.
const MAX_EXCERPT = 900

// Near-identical sentences in two articles are one statement, cited twice.
const SAME_STATEMENT = 0.6

/**
 * The answer engine: indexes a corpus of articles and answers `ask`, `source` and `quote` with
 * verbatim excerpts and their citations. Knows nothing of chat platforms.
 */
export class Newsdesk {
  readonly options: NewsdeskOptions
  /** Files skipped while loading (empty when built from articles directly). */
  warnings: LoadWarning[] = []
  private readonly index: CorpusIndex
  private readonly quotes: QuoteBook
  private readonly citations: Citation[]
  private byId: Map<string, number> | null = null

  /**
   * Indexes `articles`. (`saved` is for `Newsdesk.restore`: a snapshot read back instead of
   * rebuilding.)
   */
  constructor (articles: Article[], options: Partial<NewsdeskOptions> = {}, saved?: EngineSnapshot) {
    this.options = { ...DEFAULT_OPTIONS, ...options }
    if (articles.length === 0) throw new Error('Newsdesk: no articles to index')
    this.index = new CorpusIndex(articles, this.options.onProgress, saved?.index)
    this.quotes = new QuoteBook(this.index, saved?.quotations)
    this.citations = articles.map(a => ({ id: a.id, title: a.title, outlet: a.outlet, url: a.url, published: a.published }))
    this.options.logger.info(`Newsdesk: ${saved === undefined ? 'indexed' : 'restored'} ${articles.length} articles, ${this.index.passageCount} sentences, ${this.quotes.speakers.length} speakers`)
  }

  /**
   * Loads every article file in `dir` and indexes it. Throws NoArticlesError when none loads.
   * With `cacheDir`, the index is saved there and reused while the files are unchanged.
   */
  static async fromDirectory (dir: string, options: Partial<NewsdeskOptions> & { cacheDir?: string } = {}): Promise<Newsdesk> {
    const logger = options.logger ?? DEFAULT_OPTIONS.logger
    let slot: string | null = null
    if (options.cacheDir !== undefined) {
      try {
        slot = join(options.cacheDir, await corpusFingerprint(dir))
        const engine = await Newsdesk.restore(slot, options)
        if (engine !== null) return engine
      } catch (err) {
        logger.warn(`Newsdesk: could not read the saved index in ${options.cacheDir}; rebuilding (${(err as Error).message})`)
      }
    }
    const loaded = await loadArticles(dir, logger)
    const engine = new Newsdesk(loaded.articles, options)
    engine.warnings = loaded.warnings
    if (slot !== null && options.cacheDir !== undefined) {
      try {
        await engine.save(slot)
        await pruneCache(options.cacheDir, slot)
      } catch (err) {
        logger.warn(`Newsdesk: could not save the index to ${options.cacheDir} (${(err as Error).message}); it will be rebuilt next time`)
      }
    }
    return engine
  }

  /** Saves the index (articles included) to a folder, for `Newsdesk.restore`. */
  async save (dir: string): Promise<void> {
    await writeSnapshot(dir, {
      articles: this.index.articles,
      warnings: this.warnings,
      index: this.index.snapshot(),
      quotations: this.quotes.save()
    })
  }

  /** An engine from a folder written by `save`; `null` when there is none (or an older format). */
  static async restore (dir: string, options: Partial<NewsdeskOptions> = {}): Promise<Newsdesk | null> {
    const snap = await readSnapshot(dir)
    if (snap === null) return null
    const engine = new Newsdesk(snap.articles, options, snap)
    engine.warnings = snap.warnings
    for (const w of snap.warnings) engine.options.logger.warn(`Newsdesk: skipped ${w.file}: ${w.reason}`)
    return engine
  }

  /** Number of articles. */
  get size (): number {
    return this.index.articles.length
  }

  /** The articles, as loaded and cleaned. */
  get articles (): readonly Article[] {
    return this.index.articles
  }

  /** Runs a command by name: what `newsdesk batch` and the console do with each line. */
  run (command: Command, text: string, options: AskOptions = {}): Result {
    switch (command) {
      case 'ask': return this.ask(text, options)
      case 'source': return this.source(text)
      case 'quote': return this.quote(text)
    }
  }

  /** Answers a question with up to `maxExcerpts` verbatim excerpts, or abstains. */
  ask (question: string, options: AskOptions = {}): Result {
    const query = question.trim()
    if (query === '') return this.noAnswer('ask', query, 'Ask me a question about the articles, for example: "What did Witkoff say about security guarantees?"')
    const q = analyseQuestion(query, this.index, (options.context ?? []).filter(c => c.trim() !== ''))
    if (q.terms.length === 0) return this.noAnswer('ask', query, `That question has no words I can look up in the ${this.size} articles I have. Try naming a person, place or topic.`)
    const ranked = this.favourSpeaker(query, rankPassages(this.index, q, { candidateArticles: this.options.candidateArticles }))
    const best = ranked[0]
    const confidence = round(best?.coverage ?? 0)
    if (best === undefined || best.coverage < this.options.minCoverage) {
      return { ...this.noAnswer('ask', query, `I found no answer to that in the ${this.articleCount()} I have.`, this.nearest(ranked)), confidence }
    }
    const limit = Math.max(1, Math.min(options.limit ?? this.options.maxExcerpts, 20))
    const excerpts = this.pickExcerpts(ranked, limit, q.type)
    const cited = uniqueCitations(excerpts.flatMap(e => [e.article, ...e.also]))
    return {
      command: 'ask',
      query,
      answered: true,
      message: `${plural(excerpts.length, 'excerpt')} from ${plural(cited.length, 'article')}.`,
      excerpts,
      articles: cited,
      confidence
    }
  }

  /**
   * The articles that support a claim or query, each with its best supporting excerpt; with no
   * query, the whole corpus (title, outlet, date, link, number of quotations).
   */
  source (query = ''): Result {
    const text = query.trim()
    if (text === '') {
      const list = this.listArticles()
      return { command: 'source', query: '', answered: true, message: `${this.articleCount()}.`, excerpts: [], articles: list }
    }
    const ranked = this.rankForSource(text)
    const supporting = ranked.filter(r => r.coverage >= this.options.minCoverage).slice(0, this.options.maxSources)
    const confidence = round(ranked.reduce((m, r) => Math.max(m, r.coverage), 0))
    if (supporting.length === 0) {
      return { ...this.noAnswer('source', text, `No article among the ${this.articleCount()} I have supports that.`, this.nearest(ranked)), confidence }
    }
    const excerpts = supporting.map(r => this.toExcerpt(r))
    return {
      command: 'source',
      query: text,
      answered: true,
      message: `${plural(excerpts.length, 'article')} support${excerpts.length === 1 ? 's' : ''} that.`,
      excerpts,
      articles: excerpts.map(e => e.article),
      confidence
    }
  }

  /**
   * Articles ranked for a query, best first, with their scores: the ranking `source` uses,
   * without its cut-off (for evaluation).
   */
  rankArticles (query: string, limit = 100): Array<{ id: string, score: number }> {
    return this.rankForSource(query, limit).map(r => ({ id: this.index.articles[r.passage.article].id, score: r.score }))
  }

  /**
   * Direct quotations: a named speaker's (ranked by the other words of the query), or, when no
   * speaker is named, quotations on the topic.
   */
  quote (query: string): Result {
    const text = query.trim()
    if (text === '') return this.noAnswer('quote', text, `Name a person or a topic, for example: quote ${this.quotes.speakers[0]?.name ?? 'Witkoff'}`)
    const found = this.quotes.findSpeaker(text)
    if (found !== null) {
      const ranked = this.rankQuotations(found.speaker.quotations, found.rest)
      const excerpts = this.quoteExcerpts(ranked)
      const articles = new Set(found.speaker.quotations.map(q => q.articleId)).size
      const shown = excerpts.length < found.speaker.quotations.length ? `; showing ${excerpts.length}` : ''
      return {
        command: 'quote',
        query: text,
        answered: true,
        message: `${found.speaker.name}: ${plural(found.speaker.quotations.length, 'quotation')} in ${plural(articles, 'article')}${shown}.`,
        excerpts,
        articles: uniqueCitations(excerpts.flatMap(e => [e.article, ...e.also]))
      }
    }
    const q = analyseQuestion(text, this.index)
    const ranked = rankPassages(this.index, q, { candidateArticles: this.options.candidateArticles * 2 })
    // Quotations on a topic: those standing in sentences that match it, when their own words
    // hold it. The quote's words are the evidence, so a one-word topic needs no more.
    const topicIds = new Set(q.terms.flatMap(t => t.id === null ? t.variants : [t.id, ...t.variants]))
    const onTopic = (x: Quotation): boolean => [...this.index.termIds(x.text)].some(id => topicIds.has(id))
    const ordered: Quotation[] = []
    for (const r of ranked) {
      if (r.coverage < this.options.minCoverage / 2) continue
      for (const quotation of this.quotes.byArticle[r.passage.article]) {
        if (quotation.end > r.passage.start && quotation.start < r.passage.end && !ordered.includes(quotation) && onTopic(quotation)) ordered.push(quotation)
      }
      if (ordered.length >= this.options.maxQuotes * 2) break
    }
    if (ordered.length === 0) {
      const known = this.quotes.speakers.slice(0, 5).map(s => s.name)
      const hint = known.length > 0 ? ` People quoted: ${known.join(', ')}.` : ''
      return this.noAnswer('quote', text, `No quotation from or about "${clip(text, 80)}" in the ${this.articleCount()} I have.${hint}`)
    }
    const excerpts = this.quoteExcerpts(ordered)
    return {
      command: 'quote',
      query: text,
      answered: true,
      message: `${plural(excerpts.length, 'quotation')} about "${clip(text, 80)}".`,
      excerpts,
      articles: uniqueCitations(excerpts.flatMap(e => [e.article, ...e.also]))
    }
  }

  /**
   * A bare MiniSearch search of the same index with the question's terms, nothing else: what
   * `npm run bench` compares the answer pipeline against. Returns the number of hits.
   */
  bareSearch (query: string): number {
    return this.index.bareSearch(terms(query).join(' '))
  }

  /** Canonical names of quoted people starting with (any part of) `prefix`, most quoted first. */
  speakers (prefix = '', limit = 25): string[] {
    const p = prefix.trim().toLowerCase()
    return this.quotes.speakers
      .filter(s => p === '' || [...s.spellings, s.name].some(n => n.toLowerCase().startsWith(p) || n.toLowerCase().split(' ').some(w => w.startsWith(p))))
      .slice(0, limit)
      .map(s => s.name)
  }

  /** Article titles containing a word starting with `prefix` (or the text itself). */
  titles (prefix = '', limit = 25): Citation[] {
    const p = prefix.trim().toLowerCase()
    const out: Citation[] = []
    for (const c of this.citations) {
      const t = c.title.toLowerCase()
      if (p === '' || t.includes(p)) out.push(c)
      if (out.length >= limit) break
    }
    return out
  }

  private rankForSource (query: string, limit = this.options.maxSources): ScoredPassage[] {
    const q = analyseQuestion(query, this.index)
    const ranked = rankPassages(this.index, q, { candidateArticles: Math.max(this.options.candidateArticles, limit), candidateParagraphs: Math.max(TUNING.candidateParagraphs, limit * 3), windows: TUNING.sourceWindow > 0 })
    const bestPerArticle = new Map<number, ScoredPassage>()
    for (const r of ranked) {
      if (!bestPerArticle.has(r.passage.article)) bestPerArticle.set(r.passage.article, r)
    }
    // An article backs a claim by its best sentence and by the whole of it (BM25 over title and
    // body): the blend ranks articles.
    const top = ranked[0]?.score ?? 1
    let topFlat = 0
    let topWindow = 0
    for (const r of bestPerArticle.values()) {
      topFlat = Math.max(topFlat, r.articleBm25)
      topWindow = Math.max(topWindow, r.articleWindow)
    }
    const blend = (r: ScoredPassage): number => TUNING.sourceBlend * r.articleScore + (1 - TUNING.sourceBlend) * r.score / top +
      TUNING.sourceFlat * (topFlat > 0 ? r.articleBm25 / topFlat : 0) + TUNING.sourcePairs * r.articlePairs +
      TUNING.sourceWindow * (topWindow > 0 ? r.articleWindow / topWindow : 0)
    return [...bestPerArticle.values()].sort((a, b) => blend(b) - blend(a)).slice(0, limit)
  }

  /**
   * "What did Witkoff say about …?" asks for Witkoff's own words: his quotations rank above
   * sentences that merely mention him.
   */
  private favourSpeaker (question: string, ranked: ScoredPassage[]): ScoredPassage[] {
    if (!SPEECH_QUESTION.test(question)) return ranked
    const found = this.quotes.findSpeaker(question)
    if (found === null) return ranked
    const boosted = ranked.map(r => {
      const quotation = this.quotes.quotationIn(r.passage.article, r.passage.start, r.passage.end, 0)
      // Their own words answer "what did X say", so they also count as covering it better.
      return quotation?.speaker === found.speaker.name ? { ...r, score: r.score * SPEAKER_BOOST, coverage: Math.min(1, r.coverage * SPEAKER_BOOST) } : r
    })
    return boosted.sort((a, b) => b.score - a.score || a.index - b.index)
  }

  private pickExcerpts (ranked: ScoredPassage[], limit: number, type: AnswerType = null): Excerpt[] {
    const best = ranked[0]
    const chosen: Array<{ scored: ScoredPassage, excerpt: Excerpt, terms: Set<number> }> = []
    const used = new Set<number>()
    for (const r of ranked) {
      if (chosen.length >= limit) break
      if (used.has(r.index)) continue
      // Further excerpts must stand on their own, not trail the best one.
      if (chosen.length > 0 && (r.score < 0.35 * best.score || r.coverage < 0.75 * this.options.minCoverage)) break
      const terms = new Set(r.passage.terms)
      const twin = chosen.find(c => jaccard(c.terms, terms) >= SAME_STATEMENT)
      if (twin !== undefined) {
        if (twin.scored.passage.article !== r.passage.article) {
          const citation = this.citations[r.passage.article]
          if (!twin.excerpt.also.some(a => a.id === citation.id) && twin.excerpt.article.id !== citation.id) twin.excerpt.also.push(citation)
        }
        used.add(r.index)
        continue
      }
      const excerpt = this.toExcerpt(r, ranked, type)
      used.add(r.index)
      if (excerpt.text.length > r.passage.end - r.passage.start) used.add(r.index + 1)
      chosen.push({ scored: r, excerpt, terms })
    }
    return chosen.map(c => c.excerpt)
  }

  /** A scored sentence as an excerpt, joined with the next sentence when that one adds question words. */
  private toExcerpt (r: ScoredPassage, ranked: ScoredPassage[] = [], type: AnswerType = null): Excerpt {
    const article = this.index.articles[r.passage.article]
    let start = r.passage.start
    let end = r.passage.end
    const previous = r.index > 0 ? this.index.passage(r.index - 1) : undefined
    const next = r.index + 1 < this.index.passageCount ? this.index.passage(r.index + 1) : undefined
    const sameParagraph = (p: Passage | undefined): p is Passage => p !== undefined && p.pid === r.passage.pid
    const own = article.text.slice(start, end)
    // A sentence that starts inside a quotation takes the quotation's opening sentence along;
    // one that opens by pointing back ("This theory…", "He…") takes the sentence it points to.
    if (sameParagraph(previous) && (count(own, '”') > count(own, '“') || ANAPHOR.test(own)) && end - previous.start <= MAX_EXCERPT) start = previous.start
    if (sameParagraph(next)) {
      const nextScored = ranked.find(x => x.index === r.index + 1)
      const adds = (nextScored !== undefined && [...nextScored.matched].some(t => !r.matched.has(t))) ||
        // "When…?" matched by a sentence with no date, followed by one with a date.
        (type !== null && !hasAnswerType(own, type) && hasAnswerType(article.text.slice(next.start, next.end), type))
      if ((adds || r.passage.terms.length < 5 || count(own, '“') > count(own, '”')) && next.end - start <= MAX_EXCERPT) end = next.end
    }
    const quotation = this.quotes.quotationIn(r.passage.article, start, end)
    return {
      text: article.text.slice(start, end),
      speaker: quotation?.speaker ?? null,
      article: this.citations[r.passage.article],
      score: round(r.score),
      also: []
    }
  }

  private rankQuotations (quotations: Quotation[], rest: string): Quotation[] {
    const q = analyseQuestion(rest, this.index)
    const order = new Map(quotations.map((x, i) => [x, i]))
    const perArticleRank = new Map<Quotation, number>()
    const counters = new Map<string, number>()
    for (const x of quotations) {
      const n = counters.get(x.articleId) ?? 0
      perArticleRank.set(x, n)
      counters.set(x.articleId, n + 1)
    }
    const scoreOf = (x: Quotation): number => {
      if (q.terms.length === 0) return 0
      const ids = new Set(this.index.termIds(x.text))
      return q.terms.reduce((s, t) => s + (t.id !== null && (ids.has(t.id) || t.variants.some(v => ids.has(v))) ? t.weight : 0), 0)
    }
    const scores = new Map(quotations.map(x => [x, scoreOf(x)]))
    // Full statements before quoted fragments; articles take turns so every source shows.
    const full = (x: Quotation): number => x.text.split(/\s+/).length >= 4 ? 1 : 0
    return [...quotations].sort((a, b) =>
      (scores.get(b) ?? 0) - (scores.get(a) ?? 0) ||
      full(b) - full(a) ||
      (perArticleRank.get(a) ?? 0) - (perArticleRank.get(b) ?? 0) ||
      (order.get(a) ?? 0) - (order.get(b) ?? 0))
  }

  private quoteExcerpts (quotations: Quotation[]): Excerpt[] {
    const out: Array<{ excerpt: Excerpt, key: string }> = []
    for (const x of quotations) {
      const key = x.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
      const ai = this.articleIndex(x.articleId)
      const twin = out.find(o => o.key === key && o.excerpt.speaker === x.speaker)
      if (twin !== undefined) {
        if (twin.excerpt.article.id !== x.articleId && !twin.excerpt.also.some(a => a.id === x.articleId)) twin.excerpt.also.push(this.citations[ai])
        continue
      }
      if (out.length >= this.options.maxQuotes) continue
      out.push({ key, excerpt: { text: x.text, speaker: x.speaker, article: this.citations[ai], score: 1, also: [] } })
    }
    return out.map(o => o.excerpt)
  }

  private articleIndex (id: string): number {
    this.byId ??= new Map(this.citations.map((c, i) => [c.id, i]))
    return this.byId.get(id) ?? -1
  }

  private listArticles (): ArticleSummary[] {
    return this.citations
      .map((c, i) => ({ ...c, quotes: this.quotes.byArticle[i].length }))
      .sort((a, b) => (b.published ?? '').localeCompare(a.published ?? '') || a.title.localeCompare(b.title))
  }

  /** Articles that came closest, offered as "you could look at" with a no-answer. */
  private nearest (ranked: ScoredPassage[]): Citation[] {
    const out: Citation[] = []
    for (const r of ranked) {
      if (r.coverage < 0.25) break
      const c = this.citations[r.passage.article]
      if (!out.includes(c)) out.push(c)
      if (out.length >= 3) break
    }
    return out
  }

  private noAnswer (command: Command, query: string, message: string, nearest: Citation[] = []): Result {
    const look = nearest.length > 0 ? ` You could look at: ${nearest.map(c => `"${c.title}"`).join('; ')}.` : ''
    return { command, query, answered: false, message: message + look, excerpts: [], articles: nearest }
  }

  private articleCount (): string {
    return plural(this.size, 'article')
  }
}

function plural (n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

function clip (s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`
}

function count (s: string, ch: string): number {
  return s.split(ch).length - 1
}

function round (x: number): number {
  return Math.round(x * 1000) / 1000
}

function jaccard (a: Set<number>, b: Set<number>): number {
  if (a.size === 0 || b.size === 0) return 0
  let inter = 0
  for (const x of a) if (b.has(x)) inter++
  return inter / (a.size + b.size - inter)
}

function uniqueCitations (list: Citation[]): Citation[] {
  const seen = new Set<string>()
  return list.filter(c => !seen.has(c.id) && seen.add(c.id) !== undefined)
}

/** Removes saved indexes of earlier versions of the corpus: only the current one is kept. */
async function pruneCache (cacheDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(cacheDir)) {
    if (entry !== basename(keep) && /^[0-9a-f]{40}$/.test(entry)) {
      await rm(join(cacheDir, entry), { recursive: true, force: true })
    }
  }
}
