// BM25, written once. Every score of the engine that weighs term frequency against document
// length (paragraphs, articles, windows of sentences, the common-word postings) uses these.

/** Inverse document frequency in BM25's form (always positive): `n` documents, `df` hold the term. */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5))
}

/** BM25's length normalisation `k·(1 − b + b·length/avgLength)`: the `norm` of `bm25` and `bm25Plus`. */
export function lengthNorm(k: number, b: number, length: number, avgLength: number): number {
  return k * (1 - b + (b * length) / avgLength)
}

/** One term's BM25 score: `weight` (its IDF, perhaps scaled) for `tf` occurrences. */
export function bm25(weight: number, tf: number, norm: number, k: number): number {
  return (weight * tf * (k + 1)) / (tf + norm)
}

/** BM25+: as `bm25`, with a floor `d` so that a match in a long text still counts. */
export function bm25Plus(weight: number, tf: number, norm: number, k: number, d: number): number {
  return weight * ((tf * (k + 1)) / (tf + norm) + d)
}
