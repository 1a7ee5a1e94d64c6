import { bm25, bm25Plus, idf, lengthNorm } from '../search/bm25.js'
import type { ArticleHit, CorpusIndex, Passage } from '../search/corpus-index.js'
import type { Tuning } from '../tuning.js'
import { hasAnswerType, type Query } from './question.js'

/** A sentence scored against a question. */
export interface ScoredPassage {
  /** Passage index in the corpus index. */
  index: number
  passage: Passage
  score: number
  /**
   * The confidence the abstention rule reads: the IDF-weighted share of the question's words
   * that the sentence holds (words found only elsewhere in its paragraph or in the title count
   * in part), smoothed so that short questions must prove more, and scaled down when the
   * sentence's article is far less about the question than the best candidate article.
   */
  coverage: number
  /** Question terms (indexes into query.terms) found in the sentence itself. */
  matched: Set<number>
  /** The article's stage-one (BM25) score, normalised to the best candidate. */
  articleScore: number
  /** What `source` ranks articles by; only computed when asked for (`RankOptions.features`). */
  features: SourceFeatures | null
}

/** Article features only `source`'s ranking reads. */
export interface SourceFeatures {
  /** BM25 of the whole article (title and body as one text, article-level IDF), unnormalised. */
  flat: number
  /** IDF-weighted share of the question's neighbouring word pairs the article holds side by side. */
  pairs: number
  /** BM25 of the article's best window of `windowSentences` sentences (with its title). */
  window: number
}

export interface RankOptions {
  /** How many articles the first stage hands to the sentence ranking. */
  candidateArticles: number
  /** How many paragraphs have their sentences ranked (default from the tuning). */
  candidateParagraphs?: number
  /** Also compute each article's `SourceFeatures`. */
  features?: boolean
  /** Rank the sentences of these articles alone (by number), instead of stage one's candidates. */
  only?: readonly number[]
}

/** A question term's credit for one vocabulary id (1, or the variant discount). */
export interface Credit {
  term: number
  factor: number
}

/** A paragraph of a candidate article, scored by BM25 over the question's words. */
interface ScoredParagraph {
  first: number
  end: number
  bm25: number
  /** Best credit of each question term in the paragraph, and in the article's title. */
  inParagraph: Map<number, number>
  inTitle: Map<number, number>
  article: ArticleEvidence
}

/** What stage two learns about a candidate article as a whole. */
interface ArticleEvidence {
  articleScore: number
  /** How well the article as a whole (its title above all) is about the question. */
  support: number
  features: SourceFeatures | null
}

const PAIR_KEY = 1024

/**
 * Two-stage ranking: MiniSearch finds candidate articles, then every sentence in them is scored
 * by the IDF mass of the question words it holds, helped by words in the rest of its paragraph
 * and the title, by how close together the words stand, by whether it holds the kind of thing
 * the question asks for, and by its article's own score. Best first.
 */
export function rankPassages(index: CorpusIndex, query: Query, tuning: Tuning, options: RankOptions): ScoredPassage[] {
  if (query.terms.length === 0 || query.totalWeight === 0) return []
  const { credit, searchTerms } = queryCredit(index, query, tuning)
  if (searchTerms.length === 0) return []
  const hits =
    options.only?.filter((a) => index.isLive(a)).map((article) => ({ article, score: 1 })) ??
    index.searchArticles(searchTerms, options.candidateArticles, {
      titleBoost: tuning.titleBoost,
      k: tuning.bm25k,
      b: tuning.bm25b,
      d: tuning.bm25d,
    })
  const { paragraphs, topSupport } = scoreParagraphs(index, query, tuning, hits, credit, options.features === true)
  paragraphs.sort((x, y) => y.bm25 - x.bm25)
  const kept = paragraphs.slice(0, options.candidateParagraphs ?? tuning.candidateParagraphs)
  const out = scoreSentences(index, query, tuning, kept, credit, topSupport)
  out.sort((a, b) => b.score - a.score || a.index - b.index)
  return out
}

/**
 * Stage one's input: each vocabulary id the question stands for (its words and their spelling
 * variants) with the credit it earns, and the weighted terms to search for.
 */
export function queryCredit(
  index: CorpusIndex,
  query: Query,
  tuning: Tuning,
): { credit: Map<number, Credit>; searchTerms: Array<{ term: string; weight: number }> } {
  const credit = new Map<number, Credit>()
  const searchTerms: Array<{ term: string; weight: number }> = []
  query.terms.forEach((t, i) => {
    const own = t.fromContext ? tuning.contextWeight : 1
    if (t.id !== null) {
      credit.set(t.id, { term: i, factor: 1 })
      searchTerms.push({ term: t.term, weight: own })
    }
    for (const v of t.variants) {
      if (!credit.has(v)) {
        credit.set(v, { term: i, factor: tuning.variantDiscount })
        searchTerms.push({ term: index.term(v), weight: own * tuning.variantDiscount })
      }
    }
  })
  return { credit, searchTerms }
}

/**
 * Stage two, first half: BM25 over the paragraphs of the candidate articles (only the best go
 * on, so a stray sentence in a weak paragraph cannot outrank the right one), and each article's
 * support (and, for `source`, its features).
 */
export function scoreParagraphs(
  index: CorpusIndex,
  query: Query,
  tuning: Tuning,
  hits: ArticleHit[],
  credit: Map<number, Credit>,
  features: boolean,
): { paragraphs: ScoredParagraph[]; topSupport: number } {
  const paragraphs: ScoredParagraph[] = []
  const weights = query.terms.map((t) => t.weight)
  const avgLength = index.termCount / Math.max(1, index.paragraphCount)
  const avgArticle = index.termCount / Math.max(1, index.articleCount)
  const pairs = features ? questionPairs(query, weights) : null
  const articleIdf = features ? articleIdfs(index, query, tuning) : []
  const topScore = hits[0]?.score ?? 1
  const k = tuning.paragraphK
  let topSupport = 0
  for (const hit of hits) {
    const article = hit.article
    const inTitle = new Map<number, number>()
    for (const id of index.titleTermsOf(article)) {
      const c = credit.get(id)
      if (c !== undefined && (inTitle.get(c.term) ?? 0) < c.factor) inTitle.set(c.term, c.factor)
    }
    const evidence: ArticleEvidence = { articleScore: hit.score / topScore, support: 0, features: null }
    const bodyTf = new Map<number, number>()
    // Positions of question words in the body, with their term and credit (for windows).
    const found: number[] = []
    const pairsSeen = new Set<number>()
    const endPassage = index.firstPassage(article + 1)
    for (let p = index.firstPassage(article); p < endPassage; ) {
      const pid = index.paragraphOf(p)
      let pEnd = p
      while (pEnd < endPassage && index.paragraphOf(pEnd) === pid) pEnd++
      let tf: Map<number, number> | null = null
      const inParagraph = new Map<number, number>()
      let previous = -1
      let previousAt = -10
      for (let at = index.termStart(p); at < index.termStart(pEnd); at++) {
        const c = credit.get(index.termAt(at))
        if (c === undefined) continue
        if (pairs !== null && pairs.total > 0 && at - previousAt <= 2) {
          const key = previous * PAIR_KEY + c.term
          if (pairs.weight.has(key)) pairsSeen.add(key)
        }
        previous = c.term
        previousAt = at
        bodyTf.set(c.term, (bodyTf.get(c.term) ?? 0) + c.factor)
        if (features) found.push(at, c.term, c.factor)
        tf ??= new Map()
        tf.set(c.term, (tf.get(c.term) ?? 0) + c.factor)
        if ((inParagraph.get(c.term) ?? 0) < c.factor) inParagraph.set(c.term, c.factor)
      }
      if (tf !== null) {
        const norm = lengthNorm(k, tuning.paragraphB, index.termStart(pEnd) - index.termStart(p), avgLength)
        let score = 0
        for (const [i, f] of tf) score += bm25(weights[i] ** tuning.paragraphIdfPower, f, norm, k)
        paragraphs.push({ first: p, end: pEnd, bm25: score, inParagraph, inTitle, article: evidence })
      }
      p = pEnd
    }
    const length = index.articleLength(article)
    evidence.support = articleSupport(tuning, weights, bodyTf, inTitle, length, avgArticle)
    topSupport = Math.max(topSupport, evidence.support)
    if (pairs !== null) {
      evidence.features = {
        flat: flatBm25(tuning, articleIdf, bodyTf, inTitle, length, avgArticle),
        pairs: pairShare(pairs, pairsSeen),
        window: bestWindow(index, tuning, article, found, inTitle, articleIdf),
      }
    }
  }
  return { paragraphs, topSupport }
}

/**
 * How well an article as a whole (its title above all) is about the question, in the question's
 * own weights: BM25+ over the body plus the title as a field of its own.
 */
export function articleSupport(
  tuning: Tuning,
  weights: number[],
  bodyTf: Map<number, number>,
  inTitle: Map<number, number>,
  length: number,
  avgArticle: number,
): number {
  const k = tuning.paragraphK
  const bodyNorm = lengthNorm(k, tuning.paragraphB, length, avgArticle)
  let support = 0
  for (const [i, f] of bodyTf) support += bm25Plus(weights[i], f, bodyNorm, k, tuning.supportD)
  for (const [i, f] of inTitle) support += bm25Plus(tuning.supportTitle * weights[i], f, k, k, tuning.supportD)
  return support
}

/** The whole article as one text: BM25 over title and body together, with article-level IDF. */
function flatBm25(
  tuning: Tuning,
  articleIdf: number[],
  bodyTf: Map<number, number>,
  inTitle: Map<number, number>,
  length: number,
  avgArticle: number,
): number {
  const norm = lengthNorm(tuning.flatK, tuning.flatB, length, avgArticle)
  let score = 0
  for (let i = 0; i < articleIdf.length; i++) {
    const f = (bodyTf.get(i) ?? 0) + (inTitle.get(i) ?? 0) * tuning.flatTitle
    if (f > 0) score += bm25(articleIdf[i], f, norm, tuning.flatK)
  }
  return score
}

/** Each question term's IDF over articles (context terms at their discount). */
function articleIdfs(index: CorpusIndex, query: Query, tuning: Tuning): number[] {
  const articleCount = index.articleCount
  return query.terms.map((t) => {
    const df = t.id === null ? 0 : index.articleDf(t.id)
    return (t.fromContext ? tuning.contextWeight : 1) * idf(articleCount, df)
  })
}

/** Neighbouring question words: the pair (a, b) as a * PAIR_KEY + b, with its weight. */
function questionPairs(query: Query, weights: number[]): { weight: Map<number, number>; total: number } {
  const weight = new Map<number, number>()
  let total = 0
  for (const [a, b] of query.pairs) {
    const w = Math.min(weights[a], weights[b])
    weight.set(a * PAIR_KEY + b, w)
    total += w
  }
  return { weight, total }
}

function pairShare(pairs: { weight: Map<number, number>; total: number }, seen: Set<number>): number {
  let sum = 0
  for (const key of seen) sum += pairs.weight.get(key) ?? 0
  return pairs.total > 0 ? sum / pairs.total : 0
}

/**
 * BM25 of an article's best run of `windowSentences` consecutive sentences, its title words
 * counted in every run: a claim is usually made in a few sentences, not spread over the whole
 * text. `found` holds (position, term, credit) triples in position order.
 */
export function bestWindow(
  index: CorpusIndex,
  tuning: Tuning,
  article: number,
  found: number[],
  inTitle: Map<number, number>,
  articleIdf: number[],
): number {
  const first = index.firstPassage(article)
  const end = index.firstPassage(article + 1)
  const size = tuning.windowSentences
  const avgWindow = (size * index.termCount) / Math.max(1, index.passageCount)
  const k = tuning.windowK
  let best = 0
  let from = 0
  const tf = new Map<number, number>()
  for (let w = first; w < end; w++) {
    const last = Math.min(end, w + size)
    while (from < found.length && found[from] < index.termStart(w)) from += 3
    tf.clear()
    for (const [i, f] of inTitle) tf.set(i, f)
    for (let j = from; j < found.length && found[j] < index.termStart(last); j += 3) {
      tf.set(found[j + 1], (tf.get(found[j + 1]) ?? 0) + found[j + 2])
    }
    const norm = lengthNorm(k, tuning.windowB, index.termStart(last) - index.termStart(w), avgWindow)
    let score = 0
    for (const [i, f] of tf) score += bm25(articleIdf[i], f, norm, k)
    if (score > best) best = score
    if (last === end) break
  }
  return best
}

/** Stage two, second half: every sentence of the kept paragraphs, scored and given its coverage. */
export function scoreSentences(
  index: CorpusIndex,
  query: Query,
  tuning: Tuning,
  kept: ScoredParagraph[],
  credit: Map<number, Credit>,
  topSupport: number,
): ScoredPassage[] {
  const out: ScoredPassage[] = []
  const weights = query.terms.map((t) => t.weight)
  const covWeights = query.terms.map((t) => t.weight ** tuning.coveragePower)
  const ownWeights = covWeights.filter((_, i) => !query.terms[i].fromContext)
  const ownTotal = ownWeights.reduce((a, b) => a + b, 0)
  const prior = coveragePrior(index, query, tuning, ownWeights)
  const topBm25 = kept[0]?.bm25 ?? 1
  for (const para of kept) {
    const { inParagraph, inTitle } = para
    for (let s = para.first; s < para.end; s++) {
      let inSentence: Map<number, number> | null = null
      let firstPos = -1
      let lastPos = -1
      let hitsCount = 0
      for (let at = index.termStart(s); at < index.termStart(s + 1); at++) {
        const c = credit.get(index.termAt(at))
        if (c === undefined) continue
        inSentence ??= new Map()
        if ((inSentence.get(c.term) ?? 0) < c.factor) inSentence.set(c.term, c.factor)
        if (firstPos < 0) firstPos = at
        lastPos = at
        hitsCount++
      }
      if (inSentence === null) continue

      let own = 0
      let around = 0
      let ownShare = 0
      let aroundShare = 0
      for (let i = 0; i < query.terms.length; i++) {
        const t = query.terms[i]
        const f = inSentence.get(i)
        if (f !== undefined) {
          own += weights[i] * f
          if (!t.fromContext) ownShare += covWeights[i] * f
          continue
        }
        const pf = inParagraph.get(i) ?? 0
        const tf = inTitle.get(i) ?? 0
        if (pf > 0 || tf > 0) {
          around += weights[i] * Math.max(pf, tf)
          if (!t.fromContext) {
            aroundShare += covWeights[i] * Math.max(pf * tuning.paragraphShare, tf * tuning.titleShare)
          }
        }
      }
      let coverage = ownTotal > 0 ? (ownShare + aroundShare) / (ownTotal + prior) : 0

      // Proximity: matched words packed in a short window read as one statement.
      const span = lastPos - firstPos + 1
      const density = hitsCount / Math.max(span, hitsCount)
      let score =
        own * (1 + tuning.proximity * density) +
        tuning.aroundShare * around +
        (tuning.paragraphBlend * query.totalWeight * para.bm25) / topBm25
      // Very long sentences match by accident; fragments say little.
      const n = index.termStart(s + 1) - index.termStart(s)
      const long = tuning.longSentence
      if (n > long) score *= long / n + (1 - long / n) * tuning.longSentenceKeep
      if (n < tuning.fragmentWords) score *= tuning.fragmentKeep
      if (query.type !== null) {
        // A "when" question answered by a sentence with no date is a weaker answer.
        if (hasAnswerType(index.passageText(s), query.type, query.names)) score *= 1 + tuning.typeBonus
        else coverage *= 1 - tuning.typeMismatch
      }
      // A sentence in an article that is far less about the question than the best candidate
      // matches in passing: article and sentence evidence disagree, and the answer is less sure.
      if (topSupport > 0) coverage *= (para.article.support / topSupport) ** tuning.articleAgreement
      out.push({
        index: s,
        passage: index.passage(s),
        score,
        coverage,
        matched: new Set(inSentence.keys()),
        articleScore: para.article.articleScore,
        features: para.article.features,
      })
    }
  }
  return out
}

/**
 * A question of one or two words is matched by accident far more easily than a long one:
 * `priorMass` unmatched pseudo-words in the denominator make short questions prove more (a full
 * match of n words scores n / (n + priorMass) when they weigh alike). A bare topic is not smoothed.
 */
function coveragePrior(index: CorpusIndex, query: Query, tuning: Tuning, ownWeights: number[]): number {
  if (query.keyword) return 0
  const average = ownWeights.length === 0 ? 0 : ownWeights.reduce((a, b) => a + b, 0) / ownWeights.length
  const rarest = index.idf(0) ** tuning.coveragePower
  return tuning.priorMass * average ** (1 - tuning.priorRarity) * rarest ** tuning.priorRarity
}
