/** A sentence as a span of its paragraph. */
export interface Span {
  start: number
  end: number
}

// Abbreviations after which a full stop does not end a sentence (compared lower-cased, without
// the final dot). Single letters ("J. K. Rowling", "U.S.") are handled by rule, not listed.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'ft',
  'gov',
  'sen',
  'rep',
  'gen',
  'lt',
  'col',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'maj',
  'pres',
  'supt',
  'rev',
  'hon',
  'messrs',
  'mme',
  'fr',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  'inc',
  'corp',
  'ltd',
  'co',
  'bros',
  'plc',
  'vs',
  'etc',
  'approx',
  'dept',
  'univ',
  'assn',
  'ave',
  'blvd',
  'rd',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
  'u.s',
  'u.k',
  'u.n',
  'cf',
  'al',
])
// These are abbreviations only before a number ("No. 10", "Vol. 3", "ca. 1900"); "he said no."
// ends a sentence.
const NUMBER_ABBREVIATIONS = new Set(['no', 'nos', 'vol', 'fig', 'op', 'ca', 'c', 'p', 'pp', 'art', 'sec'])

// Candidate ends: terminal punctuation, optional closing quotes/brackets, then white space.
const CANDIDATE = /[.!?…]+["'”’)\]]*(?=\s+)/g

/**
 * Splits a paragraph into sentences. Does not break on abbreviations ("U.S.", "Aug. 15",
 * "Gov."), initials, or decimals, and keeps a closing quote with its sentence.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = []
  let start = skipSpace(text, 0)
  for (const m of text.matchAll(CANDIDATE)) {
    const end = m.index + m[0].length
    if (m.index < start) continue
    const next = skipSpace(text, end)
    if (next >= text.length) break
    if (!isBoundary(text, m.index, m[0], next)) continue
    spans.push({ start, end })
    start = next
  }
  if (start < text.length) {
    const end = trimEnd(text, text.length)
    if (end > start) spans.push({ start, end })
  }
  return spans
}

function isBoundary(text: string, at: number, punct: string, next: number): boolean {
  const nextChar = text[next]
  // A sentence starts with a capital, a digit, or an opening quote/bracket.
  if (!/[\p{Lu}\p{N}"“‘'([]/u.test(nextChar)) return false
  if (punct[0] !== '.') return true
  // The word before the full stop.
  const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, at - 20), at))
  if (before === null) return true
  const word = before[1].toLowerCase()
  // "in the U.S. The talks…" is lost as a boundary, but "U.S. President" is far more common.
  if (ABBREVIATIONS.has(word)) return false
  if (NUMBER_ABBREVIATIONS.has(word) && /\p{N}/u.test(nextChar)) return false
  // Initials ("J." in "J. K. Rowling") and dotted acronyms ("D.C.") — a lone capital letter.
  if (/^(?:\p{Lu}\.)*\p{Lu}$/u.test(before[1])) return false
  return true
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++
  return i
}

function trimEnd(text: string, i: number): number {
  while (i > 0 && /\s/.test(text[i - 1])) i--
  return i
}
