import type { CorpusIndex, Passage } from '../search/corpus-index.js'
import { hasAnswerType, type Query } from './question.js'
import { TUNING } from './tuning.js'

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
  /** BM25 of the whole article (title and body as one text, article-level IDF), unnormalised. */
  articleBm25: number
  /** IDF-weighted share of the question's neighbouring word pairs the article holds side by side. */
  articlePairs: number
  /** BM25 of the article's best window of `TUNING.windowSentences` sentences (with its title); 0 unless asked for. */
  articleWindow: number
}

export interface RankOptions {
  /** How many articles the first stage hands to the sentence ranking. */
  candidateArticles: number
  /** How many paragraphs have their sentences ranked (default from TUNING). */
  candidateParagraphs?: number
  /** Also score each article by its best window of a few sentences (`articleWindow`). */
  windows?: boolean
}

const VARIANT_DISCOUNT = 0.8
const CONTEXT_SHARE = 0.5
const BM25_K = 1.2
const BM25_B = 0.75
const PAIR_KEY = 1024
// BM25+ lower bound: a matched word counts for at least this much, however long the article.
const SUPPORT_D = 0.5

/**
 * Two-stage ranking: MiniSearch finds candidate articles, then every sentence in them is scored
 * by the IDF mass of the question words it holds, helped by words in the rest of its paragraph
 * and the title, by how close together the words stand, by whether it holds the kind of thing
 * the question asks for, and by its article's own score.
 */
export function rankPassages (index: CorpusIndex, query: Query, options: RankOptions): ScoredPassage[] {
  if (query.terms.length === 0 || query.totalWeight === 0) return []
  // Each known id maps to the query term it stands for, and the credit it earns.
  const credit = new Map<number, { term: number, factor: number }>()
  const searchTerms: Array<{ term: string, weight: number }> = []
  query.terms.forEach((t, i) => {
    const own = t.fromContext ? 0.5 : 1
    if (t.id !== null) {
      credit.set(t.id, { term: i, factor: 1 })
      searchTerms.push({ term: t.term, weight: own })
    }
    for (const v of t.variants) {
      if (!credit.has(v)) {
        credit.set(v, { term: i, factor: VARIANT_DISCOUNT })
        searchTerms.push({ term: index.termText[v], weight: own * VARIANT_DISCOUNT })
      }
    }
  })
  if (searchTerms.length === 0) return []

  const hits = index.searchArticles(searchTerms, options.candidateArticles)
  const out: ScoredPassage[] = []
  const weights = query.terms.map(t => t.weight)
  const covWeights = query.terms.map(t => Math.pow(t.weight, TUNING.coveragePower))
  // A question of one or two words is matched by accident far more easily than a long one:
  // `priorMass` unmatched pseudo-words in the denominator make short questions prove more
  // (a full match of n words scores n / (n + priorMass) when they weigh alike).
  const ownWeights = covWeights.filter((_, i) => !query.terms[i].fromContext)
  const average = ownWeights.length === 0 ? 0 : ownWeights.reduce((a, b) => a + b, 0) / ownWeights.length
  const prior = query.keyword ? 0 : TUNING.priorMass * Math.pow(average, 1 - TUNING.priorRarity) * Math.pow(Math.pow(index.idf(0), TUNING.coveragePower), TUNING.priorRarity)
  const ownTotal = ownWeights.reduce((a, b) => a + b, 0)
  const topScore = hits[0]?.score ?? 1
  const terms = index.allTerms
  const starts = index.passageTerms

  // Stage two, first half: BM25 over the paragraphs of the candidate articles; only the best
  // paragraphs go on, so a stray sentence in a weak paragraph cannot outrank the right one.
  interface Para { first: number, end: number, article: number, bm25: number, inParagraph: Map<number, number>, inTitle: Map<number, number>, articleScore: number, articleBm25: number, articlePairs: number, support: number, window: number }
  const paragraphs: Para[] = []
  const avgLength = index.allTerms.length / Math.max(1, index.paragraphCount)
  const avgArticle = index.allTerms.length / Math.max(1, index.articles.length)
  const articleCount = index.articles.length
  // Neighbouring question words: the pair (a, b) as a * PAIR_KEY + b, with its weight.
  const pairWeight = new Map<number, number>()
  let pairTotal = 0
  for (const [a, b] of query.pairs) {
    const w = Math.min(weights[a], weights[b])
    pairWeight.set(a * PAIR_KEY + b, w)
    pairTotal += w
  }
  const articleIdf = query.terms.map(t => {
    const df = t.id === null || t.id >= index.articleDf.length ? 0 : index.articleDf[t.id]
    return (t.fromContext ? 0.5 : 1) * Math.log(1 + (articleCount - df + 0.5) / (df + 0.5))
  })
  let topSupport = 0
  for (const hit of hits) {
    const article = hit.article
    const inTitle = new Map<number, number>()
    for (const id of index.titleTerms[article]) {
      const c = credit.get(id)
      if (c !== undefined && (inTitle.get(c.term) ?? 0) < c.factor) inTitle.set(c.term, c.factor)
    }
    const bodyTf = new Map<number, number>()
    // Positions of question words in the body, with their term and credit (for windows).
    const found: number[] = []
    const pairsSeen = new Set<number>()
    const articleScore = hit.score / topScore
    const firstPara = paragraphs.length
    const endPassage = index.articleFirst[article + 1]
    for (let p = index.articleFirst[article]; p < endPassage;) {
      const pid = index.passagePid[p]
      let pEnd = p
      while (pEnd < endPassage && index.passagePid[pEnd] === pid) pEnd++
      let tf: Map<number, number> | null = null
      const inParagraph = new Map<number, number>()
      let previous = -1
      let previousAt = -10
      for (let k = starts[p]; k < starts[pEnd]; k++) {
        const c = credit.get(terms[k])
        if (c === undefined) continue
        if (pairTotal > 0 && k - previousAt <= 2) {
          const key = previous * PAIR_KEY + c.term
          if (pairWeight.has(key)) pairsSeen.add(key)
        }
        previous = c.term
        previousAt = k
        bodyTf.set(c.term, (bodyTf.get(c.term) ?? 0) + c.factor)
        if (options.windows === true) found.push(k, c.term, c.factor)
        tf ??= new Map()
        tf.set(c.term, (tf.get(c.term) ?? 0) + c.factor)
        if ((inParagraph.get(c.term) ?? 0) < c.factor) inParagraph.set(c.term, c.factor)
      }
      if (tf !== null) {
        const norm = BM25_K * (1 - BM25_B + BM25_B * (starts[pEnd] - starts[p]) / avgLength)
        let bm25 = 0
        for (const [i, f] of tf) bm25 += Math.pow(weights[i], TUNING.paragraphIdfPower) * f * (BM25_K + 1) / (f + norm)
        paragraphs.push({ first: p, end: pEnd, article, bm25, inParagraph, inTitle, articleScore, articleBm25: 0, articlePairs: 0, support: 0, window: 0 })
      }
      p = pEnd
    }
    // The whole article as one text: BM25 over title and body together.
    const length = starts[index.articleFirst[article + 1]] - starts[index.articleFirst[article]]
    const norm = TUNING.flatK * (1 - TUNING.flatB + TUNING.flatB * length / avgArticle)
    let articleBm25 = 0
    for (let i = 0; i < query.terms.length; i++) {
      const f = (bodyTf.get(i) ?? 0) + (inTitle.get(i) ?? 0) * TUNING.flatTitle
      if (f > 0) articleBm25 += articleIdf[i] * f * (TUNING.flatK + 1) / (f + norm)
    }
    // How well the article as a whole (its title above all) is about the question, in the
    // question's own weights: BM25+ over the body plus the title as a field of its own.
    const bodyNorm = BM25_K * (1 - BM25_B + BM25_B * length / avgArticle)
    let support = 0
    for (const [i, f] of bodyTf) support += weights[i] * (f * (BM25_K + 1) / (f + bodyNorm) + SUPPORT_D)
    for (const [i, f] of inTitle) support += TUNING.supportTitle * weights[i] * (f * (BM25_K + 1) / (f + BM25_K) + SUPPORT_D)
    topSupport = Math.max(topSupport, support)
    let pairs = 0
    for (const key of pairsSeen) pairs += pairWeight.get(key) ?? 0
    const articlePairs = pairTotal > 0 ? pairs / pairTotal : 0
    const window = options.windows === true ? bestWindow(index, article, found, inTitle, articleIdf) : 0
    for (let k = firstPara; k < paragraphs.length; k++) {
      paragraphs[k].window = window
      paragraphs[k].articleBm25 = articleBm25
      paragraphs[k].articlePairs = articlePairs
      paragraphs[k].support = support
    }
  }
  paragraphs.sort((x, y) => y.bm25 - x.bm25)
  const kept = paragraphs.slice(0, options.candidateParagraphs ?? TUNING.candidateParagraphs)
  const topBm25 = kept[0]?.bm25 ?? 1

  // Second half: every sentence of those paragraphs.
  for (const para of kept) {
    const { inParagraph, inTitle } = para
    for (let s = para.first; s < para.end; s++) {
      let inSentence: Map<number, number> | null = null
      let firstPos = -1
      let lastPos = -1
      let hitsCount = 0
      for (let k = starts[s]; k < starts[s + 1]; k++) {
        const c = credit.get(terms[k])
        if (c === undefined) continue
        inSentence ??= new Map()
        if ((inSentence.get(c.term) ?? 0) < c.factor) inSentence.set(c.term, c.factor)
        if (firstPos < 0) firstPos = k
        lastPos = k
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
          if (!t.fromContext) aroundShare += covWeights[i] * Math.max(pf * TUNING.paragraphShare, tf * TUNING.titleShare)
        }
      }
      let coverage = ownTotal > 0 ? (ownShare + aroundShare) / (ownTotal + prior) : 0

      // Proximity: matched words packed in a short window read as one statement.
      const span = lastPos - firstPos + 1
      const density = hitsCount / Math.max(span, hitsCount)
      let score = own * (1 + TUNING.proximity * density) + CONTEXT_SHARE * around + TUNING.paragraphBlend * query.totalWeight * para.bm25 / topBm25
      // Very long sentences match by accident; fragments say little.
      const n = starts[s + 1] - starts[s]
      if (n > 40) score *= 40 / n + (1 - 40 / n) * 0.7
      if (n < 3) score *= 0.8
      if (query.type !== null) {
        // A "when" question answered by a sentence with no date is a weaker answer.
        if (hasAnswerType(index.passageText(s), query.type)) score *= 1 + TUNING.typeBonus
        else coverage *= 1 - TUNING.typeMismatch
      }
      // A sentence in an article that is far less about the question than the best candidate
      // matches in passing: article and sentence evidence disagree, and the answer is less sure.
      if (topSupport > 0) coverage *= Math.pow(para.support / topSupport, TUNING.articleAgreement)
      out.push({ index: s, passage: index.passage(s), score, coverage, matched: new Set(inSentence.keys()), articleScore: para.articleScore, articleBm25: para.articleBm25, articlePairs: para.articlePairs, articleWindow: para.window })
    }
  }
  out.sort((a, b) => b.score - a.score || a.index - b.index)
  return out
}

/**
 * BM25 of an article's best run of `TUNING.windowSentences` consecutive sentences, its title
 * words counted in every run: a claim is usually made in a few sentences, not spread over the
 * whole text. `found` holds (position, term, credit) triples in position order.
 */
function bestWindow (index: CorpusIndex, article: number, found: number[], inTitle: Map<number, number>, idf: number[]): number {
  const first = index.articleFirst[article]
  const end = index.articleFirst[article + 1]
  const starts = index.passageTerms
  const size = TUNING.windowSentences
  const avgWindow = size * index.allTerms.length / Math.max(1, index.passageCount)
  const k1 = TUNING.windowK
  let best = 0
  let from = 0
  const tf = new Map<number, number>()
  for (let w = first; w < end; w++) {
    const last = Math.min(end, w + size)
    while (from < found.length && found[from] < starts[w]) from += 3
    tf.clear()
    for (const [i, f] of inTitle) tf.set(i, f)
    for (let j = from; j < found.length && found[j] < starts[last]; j += 3) tf.set(found[j + 1], (tf.get(found[j + 1]) ?? 0) + found[j + 2])
    const norm = k1 * (1 - TUNING.windowB + TUNING.windowB * (starts[last] - starts[w]) / avgWindow)
    let score = 0
    for (const [i, f] of tf) score += idf[i] * f * (k1 + 1) / (f + norm)
    if (score > best) best = score
    if (last === end) break
  }
  return best
}
