import { ConfigError } from './errors.js'

/**
 * Every knob of the ranking and of the confidence the abstention rule reads. The defaults were
 * set on evaluation data (`npm run eval`: the SQuAD dev split; `source`'s blend on SciFact's train
 * claims); see `docs/design.md` for how. Pass a partial `Tuning` as `NewsdeskOptions.tuning` (or
 * `npm run eval -- --tune name=value`) to try other values without editing a source file.
 */
export interface Tuning {
  // --- Reading the question ---
  /** Weight of question-framing words ("name", "year", "type") relative to their IDF. */
  frameWeight: number
  /** Weight of a word taken from an earlier question of the conversation, relative to its IDF. */
  contextWeight: number
  /** A spelling variant ("zelenski" for "zelenskyy") counts for this share of the word. */
  variantDiscount: number

  // --- Stage one: candidate articles (MiniSearch over titles and bodies) ---
  /** Title weight in stage one. */
  titleBoost: number
  /** Stage one's BM25 parameters (MiniSearch's `k`, `b` and BM25+ `d`). */
  bm25k: number
  bm25b: number
  bm25d: number
  /** Stage one leaves out words found in more than this share of the articles… */
  commonShare: number
  /** …and in more than this many articles (see CorpusIndex.searchArticles). */
  commonArticles: number
  /** IDF is computed as if the corpus had at least this many paragraphs (see CorpusIndex.idf). */
  minParagraphs: number

  // --- Stage two: paragraphs of the candidate articles ---
  /** How many of the candidate articles' paragraphs (best by BM25) have their sentences ranked. */
  candidateParagraphs: number
  /** Paragraph BM25 weighs question words by idf^power (2 favours rare words more). */
  paragraphIdfPower: number
  /** Paragraph BM25 parameters (also used for an article's support, below). */
  paragraphK: number
  paragraphB: number

  // --- Stage two: sentences ---
  /** Share of credit for a question word found elsewhere in the paragraph, not the sentence. */
  paragraphShare: number
  /** Share of credit for a question word found in the article's title. */
  titleShare: number
  /** Share of the score earned by question words found around the sentence (paragraph, title). */
  aroundShare: number
  /** How much the paragraph's own BM25 score adds to its sentences' scores. */
  paragraphBlend: number
  /** Score bonus for matched words standing close together. */
  proximity: number
  /** Score bonus for a sentence that holds what the question asks for (a date for "when"). */
  typeBonus: number
  /** Sentences longer than this many words match by accident more easily… */
  longSentence: number
  /** …and keep this share of the score for the words past that length. */
  longSentenceKeep: number
  /** Sentences shorter than this many words say little… */
  fragmentWords: number
  /** …and keep this share of their score. */
  fragmentKeep: number

  // --- Confidence (what the abstention threshold `minCoverage` reads) ---
  /** Coverage weighs words by idf^power: above 1, rare words decide more. */
  coveragePower: number
  /** Unmatched pseudo-words (of the question's average weight) added to every question. */
  priorMass: number
  /** 0: the pseudo-words weigh as much as the question's average word; 1: as an unknown word. */
  priorRarity: number
  /**
   * The threshold rises by this share for each tenfold of articles served beyond
   * `coverageGrowthFrom` (see `coverageNeeded`; set on SQuAD's dev questions over recombined BBC
   * articles, 100,000 to 1,000,000).
   */
  coverageGrowth: number
  coverageGrowthFrom: number
  /** Confidence lost when the sentence lacks the kind of thing the question asks for. */
  typeMismatch: number
  /**
   * Confidence scales by (the support of the sentence's article / the best candidate's)^this,
   * where support is BM25+ over the article's body plus its title as a field of `supportTitle`.
   */
  articleAgreement: number
  supportTitle: number
  /** BM25+ lower bound of support: a matched word counts for at least this much. */
  supportD: number

  // --- Picking excerpts (`ask`) ---
  /** "What did X say…?": X's own quotations get their score and coverage multiplied by this. */
  speakerBoost: number
  /** Two sentences sharing this share (Jaccard) of their words are one statement, cited twice. */
  sameStatement: number
  /** Further excerpts need this share of the best excerpt's score… */
  furtherScore: number
  /** …and this share of `minCoverage`. */
  furtherCoverage: number
  /** Joined sentences stay readable in a chat message: at most this many characters. */
  maxExcerptChars: number
  /** A no-answer offers articles whose best sentence reached this coverage ("you could look at"). */
  nearestCoverage: number
  /** `quote` on a topic takes quotations from sentences of this share of `minCoverage`. */
  topicQuoteCoverage: number

  // --- `source`'s article ranking (set on SciFact's train claims, never its test claims) ---
  /**
   * This share of the stage-one score plus the rest of the best sentence's score (both
   * normalised to the best candidate), plus the weighted features below.
   */
  sourceBlend: number
  /** Weight of the article's flat BM25 (title and body as one text). */
  sourceFlat: number
  /** Weight of the share of the question's word pairs the article holds side by side. */
  sourcePairs: number
  /** Weight of the article's best window of sentences (BM25). */
  sourceWindow: number
  /** Sentences per window, and the windows' BM25 parameters. */
  windowSentences: number
  windowK: number
  windowB: number
  /** Flat article BM25: parameters, and the term frequency a title word counts for. */
  flatK: number
  flatB: number
  flatTitle: number
}

/** The shipped knobs. */
export const DEFAULT_TUNING: Readonly<Tuning> = Object.freeze({
  frameWeight: 0.3,
  contextWeight: 0.5,
  variantDiscount: 0.8,

  titleBoost: 2,
  bm25k: 1.2,
  bm25b: 0.7,
  bm25d: 0.5,
  commonShare: 0.02,
  commonArticles: 1000,
  minParagraphs: 1000,

  candidateParagraphs: 40,
  paragraphIdfPower: 1,
  paragraphK: 1.2,
  paragraphB: 0.75,

  paragraphShare: 0.5,
  titleShare: 0.5,
  aroundShare: 0.5,
  paragraphBlend: 0.2,
  proximity: 0.25,
  typeBonus: 0.15,
  longSentence: 40,
  longSentenceKeep: 0.7,
  fragmentWords: 3,
  fragmentKeep: 0.8,

  coveragePower: 1,
  priorMass: 1,
  priorRarity: 0.5,
  typeMismatch: 0.1,
  coverageGrowth: 0.05,
  coverageGrowthFrom: 100_000,
  articleAgreement: 1.5,
  supportTitle: 2,
  supportD: 0.5,

  speakerBoost: 1.6,
  sameStatement: 0.6,
  furtherScore: 0.35,
  furtherCoverage: 0.75,
  maxExcerptChars: 900,
  nearestCoverage: 0.25,
  topicQuoteCoverage: 0.5,

  sourceBlend: 0.6,
  sourceFlat: 2,
  sourcePairs: 0.2,
  sourceWindow: 3,
  windowSentences: 3,
  windowK: 0.9,
  windowB: 0.4,
  flatK: 0.9,
  flatB: 0.4,
  flatTitle: 2,
})

/** The defaults with `partial` merged over them; throws ConfigError naming an unknown or bad knob. */
export function resolveTuning(partial: Partial<Tuning> = {}): Tuning {
  if (partial === null || typeof partial !== 'object') {
    throw new ConfigError('Newsdesk: the tuning option must be an object of knobs, such as { minParagraphs: 500 }')
  }
  const tuning: Tuning = { ...DEFAULT_TUNING }
  for (const [name, value] of Object.entries(partial)) {
    if (!(name in DEFAULT_TUNING)) throw new ConfigError(`Newsdesk: unknown tuning knob "${name}"`)
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ConfigError(`Newsdesk: tuning knob "${name}" must be a number of 0 or more (got ${String(value)})`)
    }
    tuning[name as keyof Tuning] = value
  }
  if (!Number.isInteger(tuning.windowSentences) || tuning.windowSentences < 1) {
    throw new ConfigError('Newsdesk: tuning knob "windowSentences" must be a whole number of at least 1')
  }
  if (tuning.coverageGrowthFrom < 1) {
    throw new ConfigError('Newsdesk: tuning knob "coverageGrowthFrom" must be a number of articles, at least 1')
  }
  return tuning
}
