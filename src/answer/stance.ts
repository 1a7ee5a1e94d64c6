import { indexTerm, type Token, words } from '../text/tokenize.js'
import type { Stance } from '../types.js'

/**
 * Whether an excerpt states a claim, states the opposite, or only mentions its topic. Pure
 * functions of the two texts and the weight of each word (its IDF in the corpus): no model, so
 * the rules are few and strict. A false "supports" costs trust, a missed one little: anything
 * not clearly stated is "mentions".
 */

/** How much of a claim's weight an excerpt must hold to be on its topic at all… */
const ON_TOPIC = 0.5
/** …to be read as denying it or giving another value… */
const SAME_SUBJECT = 0.5
/** …and to state it. */
const STATES = 0.8

// Words that turn a statement into its opposite ("did not agree", "refused to sign", "ruled out
// a change"). Stems, so "refused", "refuses" and "refusing" all count.
const NEGATIONS = new Set(['not', 'never', 'no', 'none', 'nothing', 'neither', 'nor', 'without', 'cannot', 'nobody'])
const DENIAL_STEMS = ['refus', 'deni', 'deny', 'reject', 'declin', 'fail']
// Words that report a claim without making it.
const HEDGES = /\b(?:reported(?:ly)?|rumou?r(?:s|ed)?|alleged(?:ly)?|speculat\w*|unconfirmed|may have|might have)\b/i
// How far after a negation its scope reaches, in words.
const SCOPE = 6

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  dozen: 12,
}
const SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 }
// Capitalised words that begin sentences or name times, not people or places.
const NOT_NAMES = new Set([
  ...WEEKDAYS,
  ...MONTHS,
  ...'the a an in on at for but and this that these those it its he she they we i when after before last next'.split(
    ' ',
  ),
  ...'there here however while although if as so some many most all no not mr mrs ms dr'.split(' '),
])

/** A number as the text gives it, with the word it counts ("1,200 strikers": striker). */
interface Quantity {
  value: number
  /** Index term of the counted word, when there is one. */
  of: string | null
  /** The name just before it ("Okafor, 24"), lower case. */
  after: string | null
  /** In "from four to six", the number it goes from. */
  from: number | null
}

/** What a text says, read for comparison: its words, terms, values and polarity. */
interface Reading {
  tokens: Token[]
  /** Surface tokens (case kept) for names. */
  surface: string[]
  terms: Set<string>
  quantities: Quantity[]
  years: Set<string>
  weekdays: Set<string>
  months: Set<string>
  /** Names (capitalised words) in lower case. */
  names: Set<string>
}

function read(text: string): Reading {
  const tokens = words(text)
  const surface = tokens.map((t) => text.slice(t.start, t.end))
  const terms = new Set<string>()
  for (const t of tokens) {
    const term = indexTerm(t.word)
    if (term !== null && !/^\d/.test(term)) terms.add(term)
  }
  const names = new Set<string>()
  surface.forEach((s, i) => {
    if (!/^\p{Lu}/u.test(s) || NOT_NAMES.has(tokens[i].word)) return
    names.add(tokens[i].word)
  })
  return {
    tokens,
    surface,
    terms,
    quantities: quantities(text),
    years: new Set(tokens.filter((t) => /^(?:1[5-9]|20|21)\d\d$/.test(t.word)).map((t) => t.word)),
    weekdays: new Set(tokens.filter((t) => WEEKDAYS.includes(t.word)).map((t) => t.word)),
    months: new Set(tokens.filter((t, i) => MONTHS.includes(t.word) && /^\p{Lu}/u.test(surface[i])).map((t) => t.word)),
    names,
  }
}

const QUANTITY = new RegExp(
  String.raw`(\d[\d,]*(?:\.\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|` +
    String.raw`eleven|twelve|twenty|thirty|forty|fifty|hundred|dozen)\b)(\s*(?:%|percent\b|` +
    String.raw`per cent\b))?(\s*(?:thousand|million|billion)\b)?`,
  'gi',
)

/** The numbers of a text (years left out: they are dates), each with the word it counts. */
function quantities(text: string): Quantity[] {
  const out: Quantity[] = []
  for (const m of text.matchAll(QUANTITY)) {
    const raw = m[1].toLowerCase()
    if (/^(?:1[5-9]|20|21)\d\d$/.test(raw) && m[2] === undefined && m[3] === undefined) continue
    let value = raw in NUMBER_WORDS ? NUMBER_WORDS[raw] : Number(raw.replace(/,/g, ''))
    if (!Number.isFinite(value)) continue
    if (m[3] !== undefined) value *= SCALE[m[3].trim().toLowerCase()]
    const at = m.index ?? 0
    const next = contentTerms(text.slice(at + m[0].length, at + m[0].length + 40))[0] ?? null
    const before = text.slice(Math.max(0, at - 60), at)
    const name = /(\p{Lu}[\p{L}’'-]+),?\s*$/u.exec(before)?.[1]?.toLowerCase() ?? null
    const from = /\bfrom\s+(\S+)\s+to\s+$/i.exec(before)?.[1]?.toLowerCase() ?? null
    out.push({
      value,
      of: m[2] !== undefined ? 'percent' : next,
      after: name !== null && !NOT_NAMES.has(name) ? name : null,
      from: from === null ? null : (NUMBER_WORDS[from] ?? (Number(from.replace(/,/g, '')) || null)),
    })
  }
  return out
}

/** The index terms of a text that are neither numbers nor number words. */
function contentTerms(text: string): string[] {
  const out: string[] = []
  for (const t of words(text)) {
    const term = NUMBER_WORDS[t.word] === undefined ? indexTerm(t.word) : null
    if (term !== null && !/^\d/.test(term)) out.push(term)
  }
  return out
}

function isNegation(word: string): boolean {
  return NEGATIONS.has(word) || word.endsWith("n't") || DENIAL_STEMS.some((s) => word.startsWith(s))
}

/** Whether a negation in the text reaches one of `terms` (the claim's): "did not agree". */
function negates(reading: Reading, terms: Set<string>): boolean {
  const { tokens } = reading
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i].word
    const ruledOut = word === 'ruled' && tokens[i + 1]?.word === 'out'
    if (!isNegation(word) && !ruledOut) continue
    for (let j = i + 1; j <= i + SCOPE && j < tokens.length; j++) {
      const term = indexTerm(tokens[j].word)
      if (term !== null && terms.has(term)) return true
    }
  }
  return false
}

/** Whether the claim itself denies something ("no injuries were reported"). */
function denies(reading: Reading): boolean {
  return reading.tokens.some(
    (t, i) => isNegation(t.word) || (t.word === 'ruled' && reading.tokens[i + 1]?.word === 'out'),
  )
}

/**
 * A name of the claim that the excerpt lacks, where the excerpt has another name in its place:
 * the words next to it in the claim stand next to a different name in the excerpt ("Brandt
 * said" / "Keller said", "in Velmora" / "in Dunmere").
 */
function otherName(claim: Reading, excerpt: Reading, name: string): boolean {
  const at = claim.tokens.findIndex((t) => t.word === name)
  if (at < 0) return false
  const stem = (w: string): string => indexTerm(w) ?? w
  const neighbours = [claim.tokens[at - 1]?.word, claim.tokens[at + 1]?.word].filter((w) => w !== undefined).map(stem)
  for (let i = 0; i < excerpt.tokens.length; i++) {
    if (!neighbours.includes(stem(excerpt.tokens[i].word))) continue
    for (const j of [i - 1, i + 1]) {
      const other = excerpt.tokens[j]
      if (other === undefined || !/^\p{Lu}/u.test(excerpt.surface[j])) continue
      if (!NOT_NAMES.has(other.word) && !claim.names.has(other.word)) return true
    }
  }
  return false
}

/**
 * The stance of an excerpt towards one claim (or one part of a claim). `setting` is what the
 * article says around the excerpt about where and who (its title and lead): a claim's "Velmora"
 * may stand there rather than in the sentence. Values and denials count in the excerpt only.
 */
export function stanceOf(
  claimText: string,
  excerptText: string,
  weight: (term: string) => number,
  setting = '',
): Stance {
  const claim = read(claimText)
  const excerpt = read(excerptText)
  const around = read(setting)
  const claimTerms = [...claim.terms].filter((t) => !isNegation(t))
  let total = 0
  let held = 0
  for (const t of claimTerms) {
    const w = weight(t)
    total += w
    // The setting lends names only ("Velmora"), never what happened ("cut jobs").
    if (excerpt.terms.has(t) || (claim.names.has(t) && around.names.has(t))) held += w
  }
  const overlap = total > 0 ? held / total : 0
  if (overlap < ON_TOPIC) return 'mentions'

  const sameSubject = overlap >= SAME_SUBJECT
  // Polarity: the claim says it happened and the excerpt that it did not, or the reverse.
  const termSet = new Set(claimTerms)
  if (sameSubject && denies(claim) !== negates(excerpt, termSet)) return 'contradicts'
  // Values: another number for the same thing, another year, day or month, another name in
  // the claim's name's place.
  let valuesHeld = true
  for (const q of claim.quantities) {
    if (excerpt.quantities.some((x) => x.value === q.value)) continue
    valuesHeld = false
    const sameThing = (x: Quantity): boolean =>
      (q.of !== null && x.of === q.of) ||
      (q.after !== null && x.after === q.after) ||
      (q.from !== null && x.from === q.from)
    if (sameSubject && excerpt.quantities.some(sameThing)) return 'contradicts'
  }
  for (const kind of ['years', 'weekdays', 'months'] as const) {
    for (const v of claim[kind]) {
      if (excerpt[kind].has(v)) continue
      valuesHeld = false
      if (sameSubject && excerpt[kind].size > 0) return 'contradicts'
    }
  }
  const inExcerpt = (name: string): boolean => excerpt.names.has(name) || excerpt.terms.has(indexTerm(name) ?? name)
  const holds = (name: string): boolean => inExcerpt(name) || around.names.has(name)
  for (const name of claim.names) {
    if (inExcerpt(name)) continue
    // Another name where the claim has this one beats the setting's mention of it.
    if (sameSubject && otherName(claim, excerpt, name)) return 'contradicts'
    if (holds(name)) continue
    // "Daniel Okafor" is held by "Okafor": a first name may be left out when the surname stands.
    const at = claim.tokens.findIndex((t) => t.word === name)
    const surname = claim.tokens[at + 1]?.word
    if (surname !== undefined && claim.names.has(surname) && holds(surname)) continue
    valuesHeld = false
    if (sameSubject && otherName(claim, excerpt, name)) return 'contradicts'
  }
  // "Newspapers reported that…", "…allegedly…": the excerpt reports a claim, it does not state it.
  const hedged = HEDGES.test(excerptText) && !HEDGES.test(claimText)
  return overlap >= STATES && valuesHeld && !hedged ? 'supports' : 'mentions'
}

// A claim of several statements: "X happened, and Y happened", "X but Y", "X; Y". A break
// between two names or nouns ("Weber and Frost voted", "a fair deal but not the end") is not
// one: each side needs a verb of its own and two content words.
const PART_BREAK = /(\s*;\s*|,?\s+(?:and|but|while|whereas)\s+)/i
const MIN_PART_TERMS = 2
const VERB = new RegExp(
  String.raw`\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|did|does|do|said|says|told|won|` +
    'lost|made|took|gave|went|came|left|fell|rose|cut|hit|met|ran|began|became|built|bought|sold|' +
    String.raw`paid|spent|kept|held|led|struck|broke|grew|saw|wrote|\w{2,}ed)\b`,
  'i',
)

/** The parts of a claim, each a statement of its own; one part when it has no such break. */
export function claimParts(claim: string): string[] {
  const pieces = claim.trim().split(PART_BREAK)
  const states = (p: string): boolean =>
    VERB.test(p) && words(p).filter((t) => indexTerm(t.word) !== null).length >= MIN_PART_TERMS
  const parts: string[] = [pieces[0]]
  for (let k = 1; k + 1 < pieces.length; k += 2) {
    const [joint, piece] = [pieces[k], pieces[k + 1]]
    const last = parts.length - 1
    if (states(parts[last]) && states(piece)) parts.push(piece)
    else parts[last] = `${parts[last]}${joint}${piece}`
  }
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

/**
 * An excerpt's stance towards a whole claim: it supports it only when it states every part, it
 * contradicts it when it denies any part.
 */
export function claimStance(
  parts: string[],
  excerptText: string,
  weight: (term: string) => number,
  setting = '',
): Stance[] {
  return parts.map((p) => stanceOf(p, excerptText, weight, setting))
}

/** One stance from the stances of a claim's parts. */
export function overall(stances: Stance[]): Stance {
  if (stances.includes('contradicts')) return 'contradicts'
  return stances.length > 0 && stances.every((s) => s === 'supports') ? 'supports' : 'mentions'
}
