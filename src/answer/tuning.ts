/**
 * Knobs of the ranking and of the confidence the abstention rule reads, set from the SQuAD dev
 * split with `npm run eval` (see the README's "Quality and speed"). One place, so a change is
 * one diff and one re-run.
 */
export const TUNING = {
  /** Share of credit for a question word found elsewhere in the paragraph, not the sentence. */
  paragraphShare: 0.5,
  /** Share of credit for a question word found in the article's title. */
  titleShare: 0.5,
  /** Coverage weighs words by idf^power: above 1, rare words decide more. */
  coveragePower: 1,
  /** Weight of question-framing words ("name", "year", "type") relative to their IDF. */
  frameWeight: 0.3,
  /** Unmatched pseudo-words (of the question's average weight) added to every question. */
  priorMass: 1,
  /** 0: the pseudo-words weigh as much as the question's average word; 1: as an unknown word. */
  priorRarity: 0.5,
  /** Confidence lost when the sentence lacks the kind of thing the question asks for. */
  typeMismatch: 0.1,
  /**
   * Confidence scales by (the support of the sentence's article / the best candidate's)^this,
   * where support is BM25+ over the article's body plus its title as a field of `supportTitle`.
   */
  articleAgreement: 1.5,
  supportTitle: 2,
  /** Score bonus for a sentence that holds what the question asks for (a date for "when"). */
  typeBonus: 0.15,
  /** Score bonus for matched words standing close together. */
  proximity: 0.25,
  /** How much the paragraph's own BM25 score adds to its sentences' scores. */
  paragraphBlend: 0.2,
  /** How many of the candidate articles' paragraphs (best by BM25) have their sentences ranked. */
  candidateParagraphs: 40,
  /** Paragraph BM25 weighs question words by idf^power (2 favours rare words more). */
  paragraphIdfPower: 1,
  /** BM25-style sentence length normalisation (0 = none). */
  lengthNorm: 0,
  /**
   * How `source` ranks articles (its knobs were set on SciFact's train claims, never its test
   * claims): this share of the stage-one score plus the rest of the best sentence's score (both
   * normalised to the best candidate), plus the weighted features below.
   */
  sourceBlend: 0.6,
  /** Weight in `source`'s ranking of the article's flat BM25 (title and body as one text). */
  sourceFlat: 2,
  /** Weight in `source`'s ranking of the share of the question's word pairs the article holds. */
  sourcePairs: 0.2,
  /** Weight in `source`'s ranking of the article's best window of sentences (BM25). */
  sourceWindow: 3,
  /** Sentences per window, and the windows' BM25 parameters. */
  windowSentences: 3,
  windowK: 0.9,
  windowB: 0.4,
  /** Flat article BM25: parameters, and the term frequency a title word counts for. */
  flatK: 0.9,
  flatB: 0.4,
  flatTitle: 2,
  /** Stage one (MiniSearch over articles): title weight and BM25 parameters. */
  titleBoost: 2,
  /** Stage one leaves out words found in more than this share of the articles (see searchArticles). */
  commonShare: 0.02,
  commonArticles: 1000,
  /** IDF is computed as if the corpus had at least this many paragraphs (see CorpusIndex.idf). */
  minParagraphs: 1000,
  bm25k: 1.2,
  bm25b: 0.7,
  bm25d: 0.5
}
