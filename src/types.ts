/** Where an excerpt comes from: enough for a reader to find the article. Unknown fields are `null`. */
export interface Citation {
  id: string
  title: string
  outlet: string | null
  url: string | null
  /** ISO date (`YYYY-MM-DD`) when the article states one. */
  published: string | null
}

/**
 * How an excerpt of a `source` result stands towards the claim: it states it (`supports`), it
 * states the opposite or another value (`contradicts`), or it is on the topic without either
 * (`mentions`).
 */
export type Stance = 'supports' | 'contradicts' | 'mentions'

/** One verbatim passage of an article. */
export interface Excerpt {
  /** Exact text of the article: a sentence, or adjacent sentences of one paragraph, as one span. */
  text: string
  /** Who is quoted, when the excerpt is a direct quotation; otherwise `null`. */
  speaker: string | null
  article: Citation
  score: number
  /** Other articles that say the same thing (corroboration); empty when none. */
  also: Citation[]
  /** `source` with a claim only: how this excerpt stands towards the claim. */
  stance?: Stance
}

/** A corpus entry as listed by `source()`: the citation plus a count of its quotations. */
export interface ArticleSummary extends Citation {
  quotes: number
}

export type Command = 'ask' | 'source' | 'quote'

interface ResultBase {
  command: Command
  query: string
  /** One line for people. */
  message: string
}

/** Excerpts that answer the command, with the articles they cite (in citation order). */
export interface Answer extends ResultBase {
  kind: 'answer'
  answered: true
  excerpts: Excerpt[]
  articles: Citation[]
  /**
   * For `ask` and `source` with a query: how well the best excerpt covers the question (the
   * IDF-weighted share of its words, 0–1). Answered when at least the engine's `minCoverage`.
   */
  confidence?: number
  /** `quote`: how many quotations were found in all; `excerpts` holds up to `limit` of them. */
  total?: number
}

/** `source` with no text: the whole corpus, each article with its number of quotations. */
export interface Listing extends ResultBase {
  kind: 'listing'
  command: 'source'
  answered: true
  excerpts: []
  articles: ArticleSummary[]
}

/**
 * The articles hold no answer (or the input was empty or unusable): `message` says so, and
 * `articles` may list the nearest articles ("you could look at").
 */
export interface NoAnswer extends ResultBase {
  kind: 'none'
  answered: false
  excerpts: []
  articles: Citation[]
  confidence?: number
}

/**
 * The platform-neutral answer to any command. Renderers turn it into text, JSON, Block Kit or
 * an embed, switching on `kind`. "No answer" is a result, never an exception.
 */
export type Result = Answer | Listing | NoAnswer

/** What `newsdesk batch` writes for a line it cannot run: `error` says what is wrong. */
export interface BatchError {
  kind: 'error'
  /** The command the line named, when it named a known one. */
  command: Command | null
  query: string
  answered: false
  message: string
  excerpts: []
  articles: []
  error: string
}

/** What an article looks like once read and cleaned. */
export interface Article {
  id: string
  title: string
  outlet: string | null
  url: string | null
  published: string | null
  author: string | null
  /** Standfirst, when the page has one. */
  summary: string | null
  /** Photo captions, kept apart from the body. */
  captions: string[]
  /** Body paragraphs, cleaned of page furniture. */
  paragraphs: string[]
  /** Paragraphs joined by "\n\n": excerpts are substrings of this. */
  text: string
  /** The file it came from, relative to the data folder. */
  source: string
}

/** A direct quotation found in an article. */
export interface Quotation {
  /** Canonical speaker name ("Steve Witkoff"). */
  speaker: string
  /** Role as the article states it ("U.S. special envoy"), else null. */
  role: string | null
  /** The quoted words, without the quote marks. */
  text: string
  articleId: string
  paragraph: number
  /** Character offsets of `text` within the article's `text`. */
  start: number
  end: number
}

export interface Logger {
  debug(message: string, ...args: unknown[]): void
  info(message: string, ...args: unknown[]): void
  warn(message: string, ...args: unknown[]): void
  error(message: string, ...args: unknown[]): void
}

/** Follow-up context for a question asked in a conversation (a thread). */
export interface AskOptions {
  /** Earlier questions of the same conversation, oldest first. */
  context?: string[]
  /** How many excerpts (`ask`) or quotations (`quote`) at most, 1–100 (default from the engine options). */
  limit?: number
  /** `quote`: how many quotations to pass over first (the next page starts at the last `offset + limit`). */
  offset?: number
}
