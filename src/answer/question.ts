import type { CorpusIndex } from '../search/corpus-index.js'
import { indexTerm, words } from '../text/tokenize.js'
import type { Tuning } from '../tuning.js'

/** What kind of thing a question asks for, when its wording says so. */
export type AnswerType = 'person' | 'date' | 'place' | 'number' | 'reason' | null

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
  type: AnswerType
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

/**
 * Reads a question: its content terms weighted by IDF, spelling variants for names and unknown
 * words, the answer type from its wording, and, for a follow-up, the terms of earlier questions.
 */
export function analyseQuestion(question: string, index: CorpusIndex, tuning: Tuning, context: string[] = []): Query {
  const sequence: string[] = []
  const own = termsOf(question, index, tuning, false, sequence)
  const terms = [...own]
  // A follow-up needs a word of its own: "🍕" after a question is not "and what about…".
  if (context.length > 0 && own.length > 0 && isFollowUp(question, own)) {
    const seen = new Set(own.map((t) => t.term))
    for (const previous of context.slice(-2)) {
      for (const t of termsOf(previous, index, tuning, true)) {
        if (!seen.has(t.term)) {
          seen.add(t.term)
          terms.push(t)
        }
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
    type: answerType(question),
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
    if (id === null && term.length >= 5) {
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
function isFollowUp(question: string, own: QueryTerm[]): boolean {
  if (own.length <= 2) return true
  return (
    /^\s*(?:and|but|also|so|what about|how about|and what|what else|why|when|where|how)\b/i.test(question) ||
    /\b(?:he|she|they|him|her|them|it|that|this|those|these)\b/i.test(question)
  )
}

// Question wordings that ask for a person or for a number; too long for one line, so built from
// parts once here rather than written inline in `answerType`.
const ASKS_PERSON = new RegExp(
  String.raw`^(?:who|whom|whose)\b|` +
    String.raw`\b(?:which|what) (?:person|people|man|woman|official|leader|president|minister|envoy|spokes\w+)\b|` +
    String.raw`\bwho (?:is|was|said|told)\b`,
)
const ASKS_NUMBER = new RegExp(
  String.raw`^how (?:many|much|long|old|far|big|large|often|high|tall|deep)\b|` +
    String.raw`\b(?:what|which) (?:number|percentage|percent|amount|share|proportion|size|population|age)\b`,
)

/** The answer type a question's wording asks for. */
export function answerType(question: string): AnswerType {
  const q = question.trim().toLowerCase()
  if (ASKS_PERSON.test(q)) return 'person'
  if (/^when\b|\b(?:what|which) (?:year|date|day|month|time|decade|century)\b|\bhow long ago\b|\bsince when\b/.test(q))
    return 'date'
  if (
    /^where\b|\b(?:what|which) (?:country|city|place|region|state|town|location|continent|area)\b|\bin which\b/.test(q)
  )
    return 'place'
  if (ASKS_NUMBER.test(q)) return 'number'
  if (/^why\b|\bwhat (?:was|is|were|are) the reasons?\b|\bfor what reason\b|\bhow come\b/.test(q)) return 'reason'
  return null
}

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|' +
  'sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)'
// The long patterns below are built from parts only to keep the lines short.
const TYPE_PATTERNS: Record<Exclude<AnswerType, null>, RegExp> = {
  date: new RegExp(
    String.raw`\b(?:${MONTH}\.? \d{1,2}|\d{1,2} ${MONTH}|(?:1[0-9]|20)\d{2}s?|` +
      'monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|' +
      String.raw`century|decade|(?:last|next|this) (?:week|month|year))\b`,
    'i',
  ),
  number: new RegExp(
    String.raw`\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|` +
      String.raw`hundred|thousand|million|billion|dozen|half|several)\b`,
    'i',
  ),
  person: new RegExp(
    String.raw`(?:^|[^.!?]\s)\p{Lu}\p{Ll}+\s\p{Lu}\p{Ll}+|\b(?:he|she)\b|` +
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

/** Whether a passage holds the kind of thing the question asks for. */
export function hasAnswerType(text: string, type: AnswerType): boolean {
  return type === null ? false : TYPE_PATTERNS[type].test(text)
}
