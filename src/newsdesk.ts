import { stat } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { ask } from './answer/ask.js'
import type { Engine } from './answer/engine.js'
import { quote } from './answer/quote.js'
import { rankArticles, source } from './answer/source.js'
import { matchWatch, type WatchMatch, type WatchQuery } from './answer/watch.js'
import { say } from './answer/wording.js'
import { ConfigError } from './errors.js'
import { citationOf } from './ingest/article.js'
import { copiesOf, fileChange, KnownFiles } from './ingest/file-changes.js'
import { type FileRead, type LoadWarning, loadArticles, readArticleFile } from './ingest/load.js'
import { moveTextsOffHeap } from './ingest/off-heap.js'
import { silentLogger } from './logger.js'
import { ParallelExtraction } from './quotes/parallel-extract.js'
import { QuoteBook } from './quotes/quote-book.js'
import { CorpusIndex, type IndexOptions } from './search/corpus-index.js'
import { cachedEngine, type EarlierSave } from './store/cache.js'
import { type EngineSnapshot, readSnapshot, writeSnapshot } from './store/snapshot.js'
import { terms } from './text/tokenize.js'
import { resolveTuning, type Tuning } from './tuning.js'
import type { Answer, Article, AskOptions, Citation, Command, Logger, NoAnswer, Result } from './types.js'

export interface NewsdeskOptions {
  /** Excerpts in an answer, at most (1–20). */
  maxExcerpts: number
  /** Quotations in a `quote` result, at most (at least 1). */
  maxQuotes: number
  /** Articles in a `source` result for a query, at most (at least 1). */
  maxSources: number
  /**
   * The abstention threshold (0–1): the IDF-weighted share of the question's words that the best
   * excerpt must cover (words found only elsewhere in its paragraph or title count in part),
   * lowered when the excerpt lacks what the question asks for (a date for "when") and when its
   * article is much less about the question than the best candidate article. Below it the
   * engine says the articles hold no answer. Set from evaluation data: see `docs/design.md`. Over
   * more than 100,000 articles it rises a little with each tenfold (`Tuning.coverageGrowth`).
   */
  minCoverage: number
  /** Articles the first stage passes to the sentence ranking (at least 1). */
  candidateArticles: number
  /** Where the engine reports what it did and what it skipped. */
  logger: Logger
  /** Called while a large corpus is indexed. */
  onProgress?: (done: number, total: number) => void
  /** Ranking knobs to change, merged over `DEFAULT_TUNING`. */
  tuning?: Partial<Tuning>
}

/** The shipped options. */
export const DEFAULT_OPTIONS: Readonly<NewsdeskOptions> = Object.freeze({
  maxExcerpts: 3,
  maxQuotes: 10,
  maxSources: 5,
  minCoverage: 0.35,
  candidateArticles: 20,
  logger: silentLogger,
})

/** Where `Newsdesk.fromDirectory` keeps its saved index. */
export interface CacheOptions {
  /** The saved index lives here and is reused while the data folder is unchanged; none when unset. */
  cacheDir?: string
}

/**
 * The answer engine: indexes a corpus of articles and answers `ask`, `source` and `quote` with
 * verbatim excerpts and their citations. Knows nothing of chat platforms. A thin facade: each
 * command is a pipeline of its own in `src/answer/`.
 */
export class Newsdesk {
  readonly options: Readonly<NewsdeskOptions>
  readonly tuning: Readonly<Tuning>
  /** Files skipped while loading (empty when built from articles directly). */
  private loadWarnings: LoadWarning[]
  private engine: Engine
  // Article numbers by id (of the articles served), made when first needed by `update`.
  private numbers: Map<string, number> | null = null
  private liveArticles: readonly Article[] | null = null

  private constructor(
    parts: { index: CorpusIndex; quotes: QuoteBook; warnings: LoadWarning[] },
    options: NewsdeskOptions,
    tuning: Tuning,
  ) {
    this.options = options
    this.tuning = tuning
    this.loadWarnings = parts.warnings
    const { maxExcerpts, maxQuotes, maxSources, minCoverage, candidateArticles } = options
    const citations = parts.index.articles.map(citationOf)
    this.engine = {
      index: parts.index,
      quotes: parts.quotes,
      citations,
      // Kept up to date as articles come and go: a map of a million ids takes a second to make.
      articleNumber: (id) => this.numberMap().get(id) ?? -1,
      settings: { maxExcerpts, maxQuotes, maxSources, minCoverage, candidateArticles },
      tuning,
    }
  }

  /**
   * Indexes `articles` (none is a corpus that says it holds nothing, until `update` adds some).
   * Throws ConfigError for an option that cannot work.
   */
  static build(articles: Article[], options: Partial<NewsdeskOptions> = {}, warnings: LoadWarning[] = []): Newsdesk {
    const resolved = resolveOptions(options)
    const tuning = resolveTuning(options.tuning)
    // Texts read by `loadArticles` are off the heap already; others (a caller's own) go now.
    moveTextsOffHeap(articles)
    const report = resolved.onProgress
    // Indexing is the first half of the work, the quotations the second.
    const half = report === undefined ? undefined : (done: number, total: number) => report(Math.floor(done / 2), total)
    const index = CorpusIndex.build(articles, indexOptions(tuning, half))
    const quotes = QuoteBook.build(articles)
    report?.(articles.length, articles.length)
    const engine = new Newsdesk({ index, quotes, warnings }, resolved, tuning)
    engine.announce('indexed')
    return engine
  }

  /**
   * As `build`, with the quotations found on a second core while the main thread indexes (a
   * large corpus is built in about half the time; a small one, under 20,000 articles, as `build`
   * does). The main thread is busy all the while, as with `build`.
   */
  static async buildAsync(
    articles: Article[],
    options: Partial<NewsdeskOptions> = {},
    warnings: LoadWarning[] = [],
  ): Promise<Newsdesk> {
    const resolved = resolveOptions(options)
    const tuning = resolveTuning(options.tuning)
    moveTextsOffHeap(articles)
    const extraction = new ParallelExtraction(articles)
    const report = resolved.onProgress
    let indexed = 0
    const progress = (): void =>
      report?.(Math.min(Math.floor((indexed + extraction.progress) / 2), articles.length - 1), articles.length)
    let index: CorpusIndex
    try {
      index = CorpusIndex.build(
        articles,
        indexOptions(tuning, (done) => {
          extraction.pump()
          indexed = done
          progress()
        }),
      )
    } catch (err) {
      extraction.stop()
      throw err
    }
    const extracted = await extraction.finish(progress)
    const quotes = QuoteBook.build(articles, extracted)
    report?.(articles.length, articles.length)
    const engine = new Newsdesk({ index, quotes, warnings }, resolved, tuning)
    engine.announce('indexed')
    return engine
  }

  /** An engine from a snapshot written by `save` (see `restore`). */
  static fromSnapshot(snapshot: EngineSnapshot, options: Partial<NewsdeskOptions> = {}): Newsdesk {
    const engine = Newsdesk.assemble(snapshot, resolveOptions(options), resolveTuning(options.tuning))
    engine.announce('restored')
    const resolved = engine.options
    for (const w of snapshot.warnings) {
      resolved.logger.warn(`Newsdesk: ${w.loaded === true ? '' : 'skipped '}${w.file}: ${w.reason}`)
    }
    return engine
  }

  /**
   * Loads every article file in `dir` and indexes it. Throws NoArticlesError when none loads.
   * With `cache.cacheDir`, the index is saved there and reused while the files are unchanged.
   */
  static async fromDirectory(
    dir: string,
    options: Partial<NewsdeskOptions> = {},
    cache: CacheOptions = {},
  ): Promise<Newsdesk> {
    const resolved = resolveOptions(options)
    const build = async (): Promise<Newsdesk> => {
      const loaded = await loadArticles(dir, resolved.logger)
      return Newsdesk.buildAsync(loaded.articles, options, loaded.warnings)
    }
    if (cache.cacheDir === undefined) return build()
    // A folder that is not there is said so plainly, before any word about the saved index.
    const info = await stat(dir).catch(() => null)
    if (info === null || !info.isDirectory()) return build()
    return cachedEngine(dir, cache.cacheDir, resolved.logger, {
      restore: (slot) => Newsdesk.restore(slot, options),
      update: (earlier) => Newsdesk.fromEarlierSave(dir, earlier, options),
      build,
    })
  }

  /**
   * The engine of an earlier saved index of `dir` with the files changed since read and applied,
   * as the live corpus applies them (a copy of an article served is reported, not added); null
   * when that save cannot be read, when no article is left (reading the folder says why), or when
   * more articles would be discarded than served (a rebuild lets go of them).
   */
  static async fromEarlierSave(
    dir: string,
    earlier: EarlierSave,
    options: Partial<NewsdeskOptions> = {},
  ): Promise<Newsdesk | null> {
    const resolved = resolveOptions(options)
    const snapshot = await readSnapshot(earlier.slot)
    if (snapshot === null) return null
    const engine = Newsdesk.assemble({ ...snapshot, warnings: [] }, resolved, resolveTuning(options.tuning))
    const files = await KnownFiles.of(engine.articles)
    const leaving = new Set([...earlier.changed, ...earlier.removed])
    // Past a quarter of the articles replaced, reading every file is about as quick.
    const replaced = [...leaving].reduce((n, file) => n + files.count(file), 0)
    if (replaced > Math.max(1000, engine.size / 4)) return null
    // In the order a first start reads them, so that of two copies the same one is served.
    const root = resolve(dir)
    // (A folder that cannot be read is in the state as `name/`: there is nothing in it to read.)
    const changedFiles = earlier.changed.filter((file) => !file.endsWith(sep))
    const toRead = [...changedFiles, ...copiesOf(snapshot.warnings, leaving)].sort()
    const reads: FileRead[] = []
    for (const file of toRead) reads.push(await readArticleFile(root, join(root, file), resolved.logger))
    const change = fileChange(snapshot.warnings, files, reads, earlier.removed, silentLogger)
    files.record(engine.update(change))
    if (engine.size === 0 || engine.discarded > Math.max(1000, engine.size)) return null
    engine.announce('restored')
    for (const w of change.warnings) {
      resolved.logger.warn(`Newsdesk: ${w.loaded === true ? '' : 'skipped '}${w.file}: ${w.reason}`)
    }
    return engine
  }

  // An engine from a snapshot, without a word logged.
  private static assemble(snapshot: EngineSnapshot, options: NewsdeskOptions, tuning: Tuning): Newsdesk {
    const index = CorpusIndex.fromSnapshot(snapshot.articles, snapshot.index, indexOptions(tuning))
    const quotes = QuoteBook.fromSnapshot(snapshot.quotations)
    return new Newsdesk({ index, quotes, warnings: snapshot.warnings }, options, tuning)
  }

  /** Saves the index (articles included) to a folder, for `Newsdesk.restore`. */
  async save(dir: string): Promise<void> {
    await writeSnapshot(dir, this.snapshot())
  }

  /** Everything `fromSnapshot` needs to serve this corpus again (also across a worker thread). */
  snapshot(): EngineSnapshot {
    return {
      articles: this.engine.index.articles,
      warnings: this.loadWarnings,
      index: this.engine.index.snapshot(),
      quotations: this.engine.quotes.save(),
    }
  }

  /** Files skipped while loading (empty when built from articles directly). */
  get warnings(): LoadWarning[] {
    return this.loadWarnings
  }

  /**
   * From now on, answers from `other`'s corpus (a rebuilt index of a changed data folder), keeping
   * this engine's options. One assignment: an answer is computed wholly from the old corpus or
   * wholly from the new one, never from half of each.
   */
  adopt(other: Newsdesk): void {
    const { index, quotes, citations } = other.engine
    this.engine = { ...this.engine, index, quotes, citations }
    this.loadWarnings = other.loadWarnings
    this.numbers = null
    this.liveArticles = null
  }

  /**
   * Changes the corpus in place, without a rebuild: discards articles (by id) and adds others,
   * in one step, so an answer sees the corpus wholly before or wholly after. What the live data
   * folder does when a file is added, changed or removed; a discarded article is never cited
   * again. An added article whose id is taken gets a numbered one ("kyiv-talks-2"). `warnings`,
   * when given, replaces the list of files skipped. Returns the articles added, as indexed.
   */
  update(change: { add?: readonly Article[]; discard?: readonly string[]; warnings?: LoadWarning[] }): Article[] {
    const { index, quotes } = this.engine
    const numbers = this.numberMap()
    const gone: number[] = []
    for (const id of change.discard ?? []) {
      const n = numbers.get(id)
      if (n === undefined) continue
      gone.push(n)
      numbers.delete(id)
    }
    index.discard(gone)
    for (const n of gone) quotes.discard(n)
    const first = index.articles.length
    const added = (change.add ?? []).map((article, i) => {
      let id = article.id
      for (let k = 2; numbers.has(id); k++) id = `${article.id}-${k}`
      numbers.set(id, first + i)
      // Paragraphs by name: a restored article's are a getter, which a spread leaves out.
      return id === article.id ? article : { ...article, paragraphs: article.paragraphs, id }
    })
    index.add(added, indexOptions(this.tuning))
    quotes.add(added)
    // A new list, not a longer one: what was computed from the old list is recomputed.
    this.engine = { ...this.engine, citations: [...this.engine.citations, ...added.map(citationOf)] }
    if (change.warnings !== undefined) this.loadWarnings = change.warnings
    this.liveArticles = null
    return added
  }

  /** An engine from a folder written by `save`; `null` when there is none (or an older format). */
  static async restore(dir: string, options: Partial<NewsdeskOptions> = {}): Promise<Newsdesk | null> {
    const snapshot = await readSnapshot(dir)
    return snapshot === null ? null : Newsdesk.fromSnapshot(snapshot, options)
  }

  /** Number of articles. */
  get size(): number {
    return this.engine.index.articleCount
  }

  /**
   * Gets ready for about `articles` more articles without holding the thread long: each step of
   * the returned iterator does a slice of the work (run one step per turn of the event loop), so
   * that `update` later copies nothing large while answers wait. Updates meanwhile stay correct.
   */
  *prepare(articles: number): Generator<void, void, void> {
    const { index } = this.engine
    if (this.numbers === null) {
      const numbers = new Map<string, number>()
      for (let i = 0; i < index.articles.length; i++) {
        if (index.isLive(i)) numbers.set(index.articles[i].id, i)
        if (i % 20_000 === 19_999) yield
      }
      // Unless an update made its own meanwhile, or the corpus was swapped.
      if (this.numbers === null && this.engine.index === index) this.numbers = numbers
    }
    yield* index.makeRoom(articles)
  }

  /** About how many more articles `update` can add before it has to grow its storage (see `prepare`). */
  get roomLeft(): number {
    return this.engine.index.roomLeft
  }

  // Article numbers by id, of the articles served.
  private numberMap(): Map<string, number> {
    const { index } = this.engine
    this.numbers ??= new Map(index.articles.flatMap((a, i) => (index.isLive(i) ? [[a.id, i] as const] : [])))
    return this.numbers
  }

  /** Articles discarded in place since the index was built (they keep memory until a rebuild). */
  get discarded(): number {
    return this.engine.index.discarded
  }

  /** The articles served, as loaded and cleaned. */
  get articles(): readonly Article[] {
    const { index } = this.engine
    if (index.discarded === 0) return index.articles
    this.liveArticles ??= index.articles.filter((_, i) => index.isLive(i))
    return this.liveArticles
  }

  /** Runs a command by name: what `newsdesk batch` and the console do with each line. */
  run(command: Command, text: string, options: AskOptions = {}): Result {
    switch (command) {
      case 'ask':
        return this.ask(text, options)
      case 'source':
        return this.source(text)
      case 'quote':
        return this.quote(text, options)
    }
  }

  /** Answers a question with up to `maxExcerpts` verbatim excerpts, or abstains. */
  ask(question: string, options: AskOptions = {}): Answer | NoAnswer {
    const context = options.context?.map((c) => bounded(c).text)
    return withNote(bounded(question), (q) =>
      ask(this.engine, q, context === undefined ? options : { ...options, context }),
    )
  }

  /**
   * The articles that support a claim or query, each with its best supporting excerpt; with no
   * query, the whole corpus (title, outlet, date, link, number of quotations).
   */
  source(query = ''): Result {
    return withNote(bounded(query), (q) => source(this.engine, q))
  }

  /**
   * Direct quotations: a named speaker's (ranked by the other words of the query), or, when no
   * speaker is named, quotations on the topic.
   */
  quote(query: string, options: AskOptions = {}): Answer | NoAnswer {
    return withNote(bounded(query), (q) => quote(this.engine, q, options))
  }

  /** Articles ranked for a query as `source` ranks them, without its cut-off (for evaluation). */
  rankArticles(query: string, limit = 100): Array<{ id: string; score: number }> {
    return rankArticles(this.engine, query, limit)
  }

  /**
   * A bare MiniSearch search of the same index with the question's terms, nothing else: what
   * `npm run bench` compares the answer pipeline against. Returns the number of hits.
   */
  bareSearch(query: string): number {
    return this.engine.index.bareSearch(terms(query).join(' '))
  }

  /**
   * Whether the article `id` matches a watch (a topic, or what a person says), judged with the
   * engine's own ranking and abstention rule; the verbatim sentence that matched, or null.
   */
  matchWatch(id: string, watch: WatchQuery): WatchMatch | null {
    const n = this.numberMap().get(id)
    return n === undefined ? null : matchWatch(this.engine, n, watch)
  }

  /** Canonical names of quoted people starting with (any part of) `prefix`, most quoted first. */
  speakers(prefix = '', limit = 25): string[] {
    const p = prefix.trim().toLowerCase()
    const matches = (n: string): boolean =>
      n.toLowerCase().startsWith(p) ||
      n
        .toLowerCase()
        .split(' ')
        .some((w) => w.startsWith(p))
    return this.engine.quotes.speakers
      .filter((s) => p === '' || [...s.spellings, s.name].some(matches))
      .slice(0, limit)
      .map((s) => s.name)
  }

  /** Article titles containing `prefix`, in corpus order. */
  titles(prefix = '', limit = 25): Citation[] {
    const p = prefix.trim().toLowerCase()
    const out: Citation[] = []
    for (const [i, c] of this.engine.citations.entries()) {
      if (!this.engine.index.isLive(i)) continue
      if (p === '' || c.title.toLowerCase().includes(p)) out.push(c)
      if (out.length >= limit) break
    }
    return out
  }

  private announce(how: 'indexed' | 'restored'): void {
    const { index, quotes } = this.engine
    this.options.logger.info(
      `Newsdesk: ${how} ${index.articleCount} articles, ${index.passageCount} sentences, ` +
        `${quotes.speakers.length} speakers`,
    )
  }
}

/** Characters of a question, claim or name read at most; the answer says when the rest was left out. */
export const MAX_QUERY_CHARS = 2000

/** A query cut to MAX_QUERY_CHARS (never inside a surrogate pair), and whether it was. */
function bounded(text: string): { text: string; cut: boolean } {
  if (text.length <= MAX_QUERY_CHARS) return { text, cut: false }
  const end = /[\ud800-\udbff]/.test(text[MAX_QUERY_CHARS - 1]) ? MAX_QUERY_CHARS - 1 : MAX_QUERY_CHARS
  return { text: text.slice(0, end), cut: true }
}

function withNote<R extends Result>(query: { text: string; cut: boolean }, run: (text: string) => R): R {
  const result = run(query.text)
  return query.cut ? { ...result, message: `${result.message} ${say.queryCut(MAX_QUERY_CHARS)}` } : result
}

function indexOptions(tuning: Tuning, onProgress?: (done: number, total: number) => void): IndexOptions {
  const { commonShare, commonArticles, minParagraphs } = tuning
  return { commonShare, commonArticles, minParagraphs, onProgress }
}

/**
 * The options with the defaults filled in, checked up front: a value that cannot work gets a
 * ConfigError naming the option and what it expects, not a clamp or a TypeError deep inside.
 */
export function resolveOptions(partial: Partial<NewsdeskOptions> = {}): NewsdeskOptions {
  const o: Partial<NewsdeskOptions> = { ...partial }
  o.maxExcerpts ??= DEFAULT_OPTIONS.maxExcerpts
  o.maxQuotes ??= DEFAULT_OPTIONS.maxQuotes
  o.maxSources ??= DEFAULT_OPTIONS.maxSources
  o.minCoverage ??= DEFAULT_OPTIONS.minCoverage
  o.candidateArticles ??= DEFAULT_OPTIONS.candidateArticles
  o.logger ??= DEFAULT_OPTIONS.logger
  const whole = (name: keyof NewsdeskOptions, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (!Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`
      throw new ConfigError(`Newsdesk: the option ${name} must be a whole number ${range} (got ${String(value)})`)
    }
  }
  whole('maxExcerpts', o.maxExcerpts, 1, 20)
  whole('maxQuotes', o.maxQuotes, 1)
  whole('maxSources', o.maxSources, 1)
  whole('candidateArticles', o.candidateArticles, 1)
  if (typeof o.minCoverage !== 'number' || !(o.minCoverage >= 0 && o.minCoverage <= 1)) {
    throw new ConfigError(
      `Newsdesk: the option minCoverage must be a number from 0 to 1 (got ${String(o.minCoverage)})`,
    )
  }
  const logger = o.logger as Partial<Logger> | null
  const levels = ['debug', 'info', 'warn', 'error'] as const
  if (logger === null || typeof logger !== 'object' || levels.some((l) => typeof logger[l] !== 'function')) {
    throw new ConfigError('Newsdesk: the option logger must have debug, info, warn and error methods')
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new ConfigError('Newsdesk: the option onProgress must be a function (done, total) => void')
  }
  return o as NewsdeskOptions
}
