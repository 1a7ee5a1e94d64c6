import type { Excerpt } from '../types.js'
import type { Engine } from './engine.js'
import { round, toExcerpt } from './excerpt.js'
import { analyseQuestion } from './question.js'
import { rankPassages } from './rank-passages.js'

/** What a channel watches: a topic (words), or what a person says. */
export interface WatchQuery {
  kind: 'topic' | 'quote'
  /** The topic's words, or the speaker's name. */
  query: string
}

/** Why an article matches a watch: the verbatim sentence (or the new quotation), cited. */
export interface WatchMatch {
  excerpt: Excerpt
  /** For a topic: how well the sentence covers the topic's words (0–1), as `ask` reports it. */
  confidence: number | null
}

/**
 * Whether article number `article` matches a watch, judged with the engine's own ranking and
 * abstention rule: for a topic, its best sentence must cover the topic as well as an answer
 * must (`minCoverage`); for a speaker, it must quote them (their first quotation in it is the
 * match). Null when it does not match.
 */
export function matchWatch(engine: Engine, article: number, watch: WatchQuery): WatchMatch | null {
  const { index, quotes, settings, tuning } = engine
  if (!index.isLive(article) || watch.query.trim() === '') return null
  if (watch.kind === 'quote') {
    const found = quotes.findSpeaker(watch.query)
    if (found === null) return null
    const said = quotes.byArticle[article]?.find((q) => q.speaker === found.speaker.name)
    if (said === undefined) return null
    return {
      excerpt: {
        text: said.text,
        speaker: said.speaker,
        article: engine.citations[article],
        score: 1,
        also: [],
      },
      confidence: null,
    }
  }
  const q = analyseQuestion(watch.query, index, tuning)
  if (q.terms.length === 0) return null
  const ranked = rankPassages(index, q, tuning, { candidateArticles: 1, only: [article] })
  const best = ranked[0]
  if (best === undefined || best.coverage < settings.minCoverage) return null
  return { excerpt: toExcerpt(engine, best, ranked), confidence: round(best.coverage) }
}
