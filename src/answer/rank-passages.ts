import type { CorpusIndex, Passage } from '../search/corpus-index.js'
import { hasAnswerType, type Query } from './question.js'
import { TUNING } from './tuning.js'

/** A sentence scored against a question. */
export interface ScoredPassage {
  index: number
  passage: Passage
  score: number
  /**
   * IDF-weighted share of the question's words that the sentence holds (words found only
   * elsewhere in its paragraph or in the title count half). The abstention rule reads this.
   */
  coverage: number
  /** Question terms (indexes into query.terms) found in the sentence itself. */
  matched: Set<number>
}

export interface RankOptions {
  /** How many paragraphs the first stage hands to the sentence ranking. */
  candidateParagraphs: number
  /** Only passages of these articles (by index), when set. */
  articles?: Set<number>
}

const VARIANT_DISCOUNT = 0.8

const CONTEXT_SHARE = 0.5

/**
 * Two-stage ranking: MiniSearch finds candidate paragraphs, then every sentence in them is
 * scored by the IDF mass of the question words it holds, helped by words in the rest of its
 * paragraph and the title, by how close together the words stand, and by whether it holds
 * the kind of thing the question asks for.
 */
export function rankPassages (index: CorpusIndex, query: Query, options: RankOptions): ScoredPassage[] {
  if (query.terms.length === 0 || query.totalWeight === 0) return []
  // Each known id maps to the query term it stands for, and the credit it earns.
  const credit = new Map<number, { term: number, factor: number }>()
  const searchTerms: Array<{ term: string, weight: number }> = []
  query.terms.forEach((t, i) => {
    if (t.id !== null) {
      credit.set(t.id, { term: i, factor: 1 })
      searchTerms.push({ term: t.term, weight: t.weight })
    }
    for (const v of t.variants) {
      if (!credit.has(v)) {
        credit.set(v, { term: i, factor: VARIANT_DISCOUNT })
        searchTerms.push({ term: index.termText[v], weight: t.weight * VARIANT_DISCOUNT })
      }
    }
  })
  if (searchTerms.length === 0) return []

  let hits = index.searchParagraphs(searchTerms, options.candidateParagraphs * (options.articles === undefined ? 1 : 4))
  if (options.articles !== undefined) {
    const only = options.articles
    hits = hits.filter(h => only.has(index.paragraphArticle[h.pid]))
  }
  hits = hits.slice(0, options.candidateParagraphs)
  const out: ScoredPassage[] = []
  const weights = query.terms.map(t => t.weight)

  const topScore = hits[0]?.score ?? 1
  for (const hit of hits) {
    const first = index.paragraphFirst[hit.pid]
    const end = index.paragraphEnd[hit.pid]
    const article = index.paragraphArticle[hit.pid]
    // Which question terms the paragraph and title hold, and at what credit.
    const inParagraph = new Map<number, number>()
    for (let s = first; s < end; s++) {
      for (const id of index.passages[s].terms) {
        const c = credit.get(id)
        if (c !== undefined && (inParagraph.get(c.term) ?? 0) < c.factor) inParagraph.set(c.term, c.factor)
      }
    }
    const inTitle = new Map<number, number>()
    for (const id of index.titleTerms[article]) {
      const c = credit.get(id)
      if (c !== undefined && (inTitle.get(c.term) ?? 0) < c.factor) inTitle.set(c.term, c.factor)
    }
    const covWeights = query.terms.map(t => Math.pow(t.weight, TUNING.coveragePower))
    // A question of one or two words is matched by accident far more easily than a long one:
    // `priorMass` unmatched pseudo-words of average weight in the denominator make short
    // questions prove more (a full match of n words scores n / (n + priorMass)).
    const ownWeights = covWeights.filter((_, i) => !query.terms[i].fromContext)
    const average = ownWeights.length === 0 ? 0 : ownWeights.reduce((a, b) => a + b, 0) / ownWeights.length
    const prior = TUNING.priorMass * Math.pow(average, 1 - TUNING.priorRarity) * Math.pow(Math.pow(index.idf(0), TUNING.coveragePower), TUNING.priorRarity)

    for (let s = first; s < end; s++) {
      const passage = index.passages[s]
      const inSentence = new Map<number, number>()
      const positions: number[] = []
      passage.terms.forEach((id, pos) => {
        const c = credit.get(id)
        if (c === undefined) return
        positions.push(pos)
        if ((inSentence.get(c.term) ?? 0) < c.factor) inSentence.set(c.term, c.factor)
      })
      if (inSentence.size === 0) continue

      let own = 0
      let around = 0
      let ownShare = 0
      let aroundShare = 0
      let ownTotal = 0
      query.terms.forEach((t, i) => {
        if (!t.fromContext) ownTotal += covWeights[i]
        const f = inSentence.get(i)
        if (f !== undefined) {
          own += weights[i] * f
          if (!t.fromContext) ownShare += covWeights[i] * f
          return
        }
        const g = Math.max((inParagraph.get(i) ?? 0) * TUNING.paragraphShare, (inTitle.get(i) ?? 0) * TUNING.titleShare)
        if (g > 0) {
          around += weights[i] * Math.max(inParagraph.get(i) ?? 0, inTitle.get(i) ?? 0)
          if (!t.fromContext) aroundShare += covWeights[i] * g
        }
      })
      // Proximity: matched words packed in a short window read as one statement.
      const span = positions.length > 1 ? positions[positions.length - 1] - positions[0] + 1 : 1
      const density = positions.length / Math.max(span, positions.length)
      const coverage = ownTotal > 0 ? (ownShare + aroundShare) / (ownTotal + prior) : 0
      let score = own * (1 + TUNING.proximity * density) + CONTEXT_SHARE * around + TUNING.paragraphBlend * query.totalWeight * hit.score / topScore
      // Very long sentences match by accident; fragments say little.
      const n = passage.terms.length
      if (n > 40) score *= 40 / n + (1 - 40 / n) * 0.7
      score /= 1 - TUNING.lengthNorm + TUNING.lengthNorm * Math.max(n, 8) / 20
      if (n < 3) score *= 0.8
      let confidence = coverage
      if (query.type !== null) {
        // A "when" question answered by a sentence with no date is a weaker answer.
        if (hasAnswerType(index.passageText(passage), query.type)) score *= 1 + TUNING.typeBonus
        else confidence *= 1 - TUNING.typeMismatch
      }
      out.push({ index: s, passage, score, coverage: confidence, matched: new Set(inSentence.keys()) })
    }
  }
  out.sort((a, b) => b.score - a.score || a.index - b.index)
  return out
}
