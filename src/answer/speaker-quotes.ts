import type { Speaker } from '../quotes/quote-book.js'
import type { Quotation } from '../types.js'
import type { Engine } from './engine.js'
import { analyseQuestion } from './question.js'
import { isFullStatement, twinKey } from './quotation-keys.js'

/**
 * What ranking a speaker's quotations needs that no query changes, by quotation (in the order of
 * `speaker.quotations`): computed once per speaker, again when the list changes. At a million
 * articles a prolific speaker has tens of thousands of quotations, and reading all their words
 * for every query took a second.
 */
interface SpeakerFacts {
  list: readonly Quotation[]
  length: number
  /** The quotations in the order a query without other words shows them (see `rankSpeaker`). */
  base: Int32Array
  /** Each quotation's place in `base`. */
  place: Int32Array
  /** Each quotation's twin group (the same words): groups are numbered from 0 to `groups`. */
  group: Int32Array
  groups: number
  /** Articles quoting the speaker. */
  articles: number
  /** Each quotation's term ids (`ids` from `offsets[i]` to `offsets[i + 1]`), read when a query first needs them. */
  terms: { offsets: Int32Array; ids: Uint32Array } | null
}

const factsOf = new WeakMap<Speaker, SpeakerFacts>()

/**
 * Arrays one ranking works in, kept from one query to the next: arrays of a few megabytes made
 * for every query had V8 collect the whole heap every few queries (over half a second at a
 * million articles). Each ranking leaves them as it found them (zero), or overwrites them.
 */
const scratch = {
  bits: new Int32Array(0),
  scores: new Float64Array(0),
  order: new Int32Array(0),
  slot: new Int32Array(0),
}

function room<K extends keyof typeof scratch>(name: K, length: number): (typeof scratch)[K] {
  if (scratch[name].length < length) {
    const grown = Math.max(length, 2 * scratch[name].length)
    scratch[name] = (name === 'scores' ? new Float64Array(grown) : new Int32Array(grown)) as (typeof scratch)[K]
  }
  return scratch[name]
}

/** Whether the facts known of a speaker still hold. */
function current(speaker: Speaker): boolean {
  // A speaker's list only grows in place (quotations added) or is replaced (some discarded).
  const known = factsOf.get(speaker)
  return known !== undefined && known.list === speaker.quotations && known.length === speaker.quotations.length
}

function speakerFacts(speaker: Speaker): SpeakerFacts {
  if (current(speaker)) return factsOf.get(speaker) as SpeakerFacts
  const list = speaker.quotations
  const n = list.length
  const full = new Uint8Array(n)
  // Articles take turns: a quotation's turn is how many of its article's come before it.
  const turn = new Int32Array(n)
  const turns = new Map<string, number>()
  const group = new Int32Array(n)
  const groupOf = new Map<number, number>()
  for (let i = 0; i < n; i++) {
    const x = list[i]
    full[i] = isFullStatement(x) ? 1 : 0
    turn[i] = turns.get(x.articleId) ?? 0
    turns.set(x.articleId, turn[i] + 1)
    const key = twinKey(x)
    let g = groupOf.get(key)
    if (g === undefined) {
      g = groupOf.size
      groupOf.set(key, g)
    }
    group[i] = g
  }
  // Full statements before quoted fragments, then articles in turn, then as found.
  const base = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => full[b] - full[a] || turn[a] - turn[b] || a - b,
  )
  const place = new Int32Array(n)
  for (let k = 0; k < n; k++) place[base[k]] = k
  const facts: SpeakerFacts = {
    list,
    length: n,
    base,
    place,
    group,
    groups: groupOf.size,
    articles: turns.size,
    terms: null,
  }
  factsOf.set(speaker, facts)
  return facts
}

/** One page of a speaker's quotations, each group of twins with its members in ranked order. */
export interface SpeakerPage {
  groups: Quotation[][]
  /** Distinct quotations (groups of twins) in all. */
  total: number
  /** Articles quoting the speaker. */
  articles: number
}

/**
 * A speaker's quotations ranked for the query's other words (`rest`): those holding them first,
 * then full statements before quoted fragments, articles taking turns so every source shows.
 * Twins (the same words in two articles) are one entry; returns `limit` of them from `offset`.
 */
export function rankSpeaker(
  engine: Engine,
  speaker: Speaker,
  rest: string,
  offset: number,
  limit: number,
): SpeakerPage {
  const facts = speakerFacts(speaker)
  const { list } = facts
  const order = rankedOrder(engine, facts, rest)
  // The groups of the page, in the order of their first quotation.
  const slot = room('slot', facts.groups).fill(-1, 0, facts.groups)
  const page: Quotation[][] = []
  let seen = 0
  for (let k = 0; k < order.length && seen < offset + limit; k++) {
    const g = facts.group[order[k]]
    if (slot[g] !== -1) continue
    if (seen >= offset) {
      slot[g] = page.length
      page.push([])
    } else slot[g] = -2
    seen++
  }
  // Every member of the page's groups, in ranked order: they are cited beside the first.
  for (let k = 0; k < order.length; k++) {
    const s = slot[facts.group[order[k]]]
    if (s >= 0) page[s].push(list[order[k]])
  }
  return { groups: page, total: facts.groups, articles: facts.articles }
}

/** The term ids of each of the speaker's quotations, read once. */
function termsOf(engine: Engine, facts: SpeakerFacts): { offsets: Int32Array; ids: Uint32Array } {
  if (facts.terms === null) {
    const offsets = new Int32Array(facts.length + 1)
    const ids: number[] = []
    for (let i = 0; i < facts.length; i++) {
      engine.index.appendTermIds(facts.list[i].text, ids)
      offsets[i + 1] = ids.length
    }
    facts.terms = { offsets, ids: Uint32Array.from(ids) }
  }
  return facts.terms
}

/** The speaker's quotations by number, best first for `rest`. */
function rankedOrder(engine: Engine, facts: SpeakerFacts, rest: string): Int32Array {
  const q = analyseQuestion(rest, engine.index, engine.tuning)
  // A bit for each term of an int32: the question analyser keeps 32 terms at most.
  const weighed = q.terms.filter((t) => t.id !== null).slice(0, 32)
  if (weighed.length === 0) return facts.base
  // The terms each id stands for (itself or a spelling variant), as bits.
  const marked = weighed.flatMap((t) => [t.id as number, ...t.variants])
  const bits = room('bits', engine.index.vocabularySize)
  weighed.forEach((t, k) => {
    for (const id of [t.id as number, ...t.variants]) bits[id] |= 1 << k
  })
  const { offsets, ids } = termsOf(engine, facts)
  const scores = room('scores', facts.length).fill(0, 0, facts.length)
  const hits: number[] = []
  for (let i = 0; i < facts.length; i++) {
    let held = 0
    for (let k = offsets[i]; k < offsets[i + 1]; k++) held |= bits[ids[k]]
    if (held === 0) continue
    let score = 0
    for (let k = 0; k < weighed.length; k++) if ((held & (1 << k)) !== 0) score += weighed[k].weight
    // Words of no weight (frame words, when tuned so) do not lift a quotation above the others.
    if (score === 0) continue
    scores[i] = score
    hits.push(i)
  }
  for (const id of marked) bits[id] = 0
  if (hits.length === 0) return facts.base
  hits.sort((a, b) => scores[b] - scores[a] || facts.place[a] - facts.place[b])
  const order = room('order', facts.length)
  order.set(hits)
  let k = hits.length
  for (let j = 0; j < facts.base.length; j++) if (scores[facts.base[j]] === 0) order[k++] = facts.base[j]
  return order.subarray(0, facts.length)
}
