import type { CorpusIndex } from '../search/corpus-index.js'
import { indexTerm, words } from '../text/tokenize.js'
import type { Tuning } from '../tuning.js'

/** What kind of thing a question asks for, when its wording says so. */
export type AnswerType = 'person' | 'date' | 'place' | 'number' | 'duration' | 'reason' | null

/** A content word of the question, with how much it matters. */
export interface QueryTerm {
  term: string
  /** Vocabulary id, or null when no article holds the word. */
  id: number | null
  /** IDF weight, lowered for words taken from earlier questions. */
  weight: number
  /** Spelling variants found in the vocabulary, with their ids (each counts at a discount). */
  variants: number[]
  fromContext: boolean
}

export interface Query {
  terms: QueryTerm[]
  /** The earlier question this one was read with, when it is a follow-up that needs it. */
  context: string | null
  type: AnswerType
  /** The question's capitalised words, lower case: any other name can be the place asked for. */
  names: ReadonlySet<string> | null
  /** Sum of the weights of the question's own terms (the denominator of coverage). */
  totalWeight: number
  /**
   * A bare topic ("Witkoff", "NATO membership") rather than a question: it asks what the
   * articles hold on it, so matching its words is the whole answer.
   */
  keyword: boolean
  /**
   * Neighbouring content words of the question, as pairs of indexes into `terms` ("inductive
   * properties"): a passage holding them side by side says what the question says.
   */
  pairs: Array<[number, number]>
}

// Words that frame a question rather than name its subject ("what is the name of…", "in
// what year…"): the answer rarely repeats them.
const FRAME_WORDS = new Set([
  'name',
  'call',
  'year',
  'type',
  'kind',
  'number',
  'percentag',
  'amount',
  'term',
  'word',
  'exampl',
  'refer',
  'mean',
  'describ',
  'known',
  'happen',
  'occur',
  'consid',
  'main',
  'primari',
  'largest',
  'often',
  'usual',
  'common',
  'typic',
  'gener',
  'specif',
  'particular',
  'certain',
  'differ',
  'exist',
])

// Long pastes are cut to their most telling words: the rest only slows the search.
const MAX_TERMS = 32
const QUESTION_WORD = new RegExp(
  String.raw`^\s*(?:who|whom|whose|what|when|where|why|how|which|` +
    String.raw`is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b`,
  'i',
)

// Spelling variants are looked for only up to this length: the search for them grows with the
// word's length, and a 40,000-letter "word" would take seconds and gigabytes.
const MAX_FUZZY_CHARS = 24

/**
 * Reads a question: its content terms weighted by IDF, spelling variants for names and unknown
 * words, the answer type from its wording, and, for a follow-up, the terms of the question
 * before it (`context`, oldest first; only the last one is read).
 */
export function analyseQuestion(question: string, index: CorpusIndex, tuning: Tuning, context: string[] = []): Query {
  const sequence: string[] = []
  const own = termsOf(question, index, tuning, false, sequence)
  const terms = [...own]
  // Only a question that needs it reads the one before it (never older ones), and its words
  // count at a discount: the new words decide, the earlier ones break ties. A follow-up made of
  // nothing but "what did he say then?" asks the earlier question again, at full weight.
  const previous = context.at(-1)
  const usesContext = previous !== undefined && needsContext(question, own.length)
  if (usesContext) {
    const seen = new Set(own.map((t) => t.term))
    for (const t of termsOf(previous, index, tuning, own.length > 0)) {
      if (!seen.has(t.term)) {
        seen.add(t.term)
        terms.push(t)
      }
    }
  }
  const position = new Map(own.map((t, i) => [t.term, i]))
  const pairs: Array<[number, number]> = []
  const seenPairs = new Set<string>()
  for (let k = 1; k < sequence.length; k++) {
    const a = position.get(sequence[k - 1])
    const b = position.get(sequence[k])
    if (a === undefined || b === undefined || a === b || seenPairs.has(`${a} ${b}`)) continue
    seenPairs.add(`${a} ${b}`)
    pairs.push([a, b])
  }
  return {
    terms,
    pairs,
    context: usesContext ? previous : null,
    type: answerType(question),
    names: namesIn(question),
    totalWeight: terms.reduce((sum, t) => sum + t.weight, 0),
    keyword: own.length <= 3 && !question.includes('?') && !QUESTION_WORD.test(question) && words(question).length <= 4,
  }
}

function termsOf(
  text: string,
  index: CorpusIndex,
  tuning: Tuning,
  fromContext: boolean,
  sequence?: string[],
): QueryTerm[] {
  const byTerm = new Map<string, QueryTerm>()
  const maxIdf = index.idf(0)
  for (const w of words(text.slice(0, 20_000))) {
    const term = indexTerm(w.word)
    if (term === null) continue
    sequence?.push(term)
    if (byTerm.has(term)) continue
    const id = index.termId(term) ?? null
    const df = id === null ? 0 : index.paragraphDf(id)
    let weight = id === null ? maxIdf : index.idf(df)
    if (fromContext) weight *= tuning.contextWeight
    // Fuzzy matching only where it pays: unknown words and names (capitalised in the question).
    const surface = text.slice(w.start, w.end)
    const variants: number[] = []
    // Unknown words get up to two edits; known names one, and only long ones, since short
    // names sit one letter from common words ("Norman" / "normal").
    if (term.length > MAX_FUZZY_CHARS) {
      // No word of the articles is that long: a run of letters with no spaces is looked up as it is.
    } else if (id === null && term.length >= 5) {
      for (const v of index.similarTerms(term, term.length >= 8 ? 2 : 1)) variants.push(v.id)
    } else if (id !== null && term.length >= 7 && /^\p{Lu}/u.test(surface)) {
      for (const v of index.similarTerms(term, 1)) variants.push(v.id)
    }
    if (FRAME_WORDS.has(term)) weight *= tuning.frameWeight
    byTerm.set(term, { term, id, weight, variants, fromContext })
  }
  return [...byTerm.values()].sort((a, b) => b.weight - a.weight).slice(0, MAX_TERMS)
}

// "and what about Donetsk?", "what did he say then?", or a question of two words or fewer.
// A follow-up announces itself: "and what about X?", "what else?", "…then?", "…too?".
const ELLIPTICAL_OPENING =
  /^\s*(?:and|but|also|plus|so|then|what about|how about|what else|anything else|as for|same for)\b/i
const ELLIPTICAL_ENDING = /\b(?:then|too|as well|instead|else)\s*[?.!]*\s*$/i
// Pronouns that stand for someone or something named before. "He", "she", "they" need a
// name in the question itself to point to; "it", "that" and the like count only in a short
// question, where they cannot be the subject the rest of the question names.
const PERSON_PRONOUN = /\b(?:he|she|him|his|her|hers|they|them|their|theirs)\b/i
const THING_PRONOUN = /\b(?:it|its|this|that|these|those|there)\b/i
// A capitalised word that is not the question's first word: a name the pronoun can point to.
const NAME_INSIDE = /\s[\p{Lu}][\p{L}’'.-]+/u

/**
 * Whether a question needs the one before it to be understood: elliptical ("and what about
 * Donetsk?", "what did he say then?"), or holding a pronoun with nothing in the question it can
 * stand for. A self-contained question is answered the same with or without context.
 */
export function needsContext(question: string, ownTerms: number): boolean {
  if (ELLIPTICAL_OPENING.test(question) || ELLIPTICAL_ENDING.test(question)) return true
  const person = PERSON_PRONOUN.exec(question)
  if (person !== null && !NAME_INSIDE.test(question.slice(0, person.index))) return true
  // A question without a word of its own and no sign of a follow-up ("🍕?") is not one.
  return ownTerms > 0 && ownTerms <= 2 && THING_PRONOUN.test(question)
}

// Question wordings that ask for a person or for a number; too long for one line, so built from
// parts once here rather than written inline in `answerType`.
const ASKS_PERSON = new RegExp(
  String.raw`^(?:who|whom|whose)\b|` +
    String.raw`\b(?:which|what) (?:person|people|man|woman|official|leader|president|minister|envoy|spokes\w+)\b|` +
    String.raw`\bwho (?:is|was|said|told)\b`,
)
const ASKS_DATE = new RegExp(
  String.raw`^when\b|\b(?:what|which) (?:year|date|day|month|decade|century)\b|` +
    String.raw`\bhow long ago\b|\bsince when\b|\bby when\b`,
)
// "When rocks fold, what do they form?": a clause, not a question about time.
const WHEN_CLAUSE = /^when\b.*\b(?:what|which|who|whom|how)\b/
const ASKS_PLACE = new RegExp(
  String.raw`^where\b|\b(?:what|which) (?:country|countries|city|cities|place|region|town|village|` +
    String.raw`location|continent|province|county|island|port|capital)\b`,
)
const ASKS_NUMBER = new RegExp(
  String.raw`^how (?:many|much|long|old|far|big|large|often|high|tall|deep)\b|` +
    String.raw`\b(?:what|which) (?:number|percentage|percent|amount|share|proportion|size|population|age)\b`,
)

/** The answer type a question's wording asks for. */
export function answerType(question: string): AnswerType {
  const q = question.trim().toLowerCase()
  if (ASKS_PERSON.test(q)) return 'person'
  if (ASKS_DATE.test(q) && !WHEN_CLAUSE.test(q)) return 'date'
  if (ASKS_PLACE.test(q)) return 'place'
  // "How long…?" is answered by a length of time or by when it ends: a number or a date.
  if (/^how long (?:will|would|did|does|do|has|have|had|can|could|should|must)\b/.test(q)) return 'duration'
  if (ASKS_NUMBER.test(q)) return 'number'
  if (/^why\b|\bwhat (?:was|is|were|are) the reasons?\b|\bfor what reason\b|\bhow come\b/.test(q)) return 'reason'
  return null
}

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|' +
  'sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)'
// The long patterns below are built from parts only to keep the lines short.
const TYPE_PATTERNS: Record<Exclude<AnswerType, null | 'duration'>, RegExp> = {
  date: new RegExp(
    String.raw`\b(?:${MONTH}\.? \d{1,2}|\d{1,2} ${MONTH}|(?:1[0-9]|20|21)\d{2}s?|\d{1,2}(?:st|nd|rd|th) century|` +
      String.raw`(?:in|since|by|from|until|till|after|before|around|circa|year) \d{3,4}|` +
      'january|february|march|april|june|july|august|september|october|november|december|' +
      'monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|tomorrow|' +
      'spring|summer|autumn|winter|' +
      'century|centuries|decades?|years? ago|(?:last|next|this|that) (?:week|month|year|season)|' +
      '(?:during|throughout|after|before|until|since|following) the (?:end of the |start of the )?' +
      String.raw`(?:early |late |mid-?)?\p{Lu}\p{L}+|(?:thousand|million|billion) years|` +
      String.raw`\p{Lu}\p{L}+ (?:time|times|period|era)|era|period|epoch|dynasty|reign)\b`,
    'iu',
  ),
  number: new RegExp(
    String.raw`\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|` +
      String.raw`hundreds?|thousands?|millions?|billions?|dozens?|half|several|single|few|none)\b`,
    'i',
  ),
  person: new RegExp(
    String.raw`(?:^|[^.!?]\s)(?!(?:The|A|An|In|On|At|For|But|And|This|That|When|After|Before|Last|Next)\s)` +
      String.raw`\p{Lu}\p{Ll}+\s\p{Lu}\p{Ll}+|\b(?:[Hh]e|[Ss]he)\b|` +
      String.raw`\b(?:president|minister|envoy|secretary|spokes\w+|leader|chief|director)\b`,
    'u',
  ),
  place: /\b(?:in|at|from|near|to|across|throughout)\s+(?:the\s+)?\p{Lu}\p{L}+/u,
  reason: new RegExp(
    String.raw`\b(?:because|due to|since|as a result|in order to|so that|so as to|owing to|thanks to|reason|` +
      String.raw`led to|caused|aimed at|to ensure|to avoid|to prevent)\b`,
    'i',
  ),
}

// Capitalised words that start sentences without naming anything.
const NOT_NAMES = new Set(
  (
    'the a an in on at for but and this that these those it its he she they we i when after before last next ' +
    'there here however while although if as so some many most all one two three'
  ).split(' '),
)

/**
 * Whether a passage holds the kind of thing the question asks for. A place is a name after "in",
 * "at", "from"…, or, when `known` (the question's own names) is given, any name it does not hold.
 */
export function hasAnswerType(text: string, type: AnswerType, known: ReadonlySet<string> | null = null): boolean {
  if (type === null) return false
  if (type === 'duration') return TYPE_PATTERNS.number.test(text) || TYPE_PATTERNS.date.test(text)
  if (TYPE_PATTERNS[type].test(text)) return true
  if (type !== 'place' || known === null) return false
  for (const m of text.matchAll(/\p{Lu}[\p{L}’'-]+/gu)) {
    const word = m[0].toLowerCase()
    if (!known.has(word) && !NOT_NAMES.has(word)) return true
  }
  return false
}

/** The question's capitalised words, lower case: what a place in the answer must not merely repeat. */
export function namesIn(question: string): Set<string> {
  return new Set([...question.matchAll(/\p{Lu}[\p{L}’'-]+/gu)].map((m) => m[0].toLowerCase()))
}
