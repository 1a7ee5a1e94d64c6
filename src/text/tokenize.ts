import { stemmer } from 'stemmer'
import { STOP_WORDS } from './stop-words.js'

/** A word of the text with its character offsets. */
export interface Token {
  /** Lower-cased surface form, curly apostrophes straightened, possessive 's dropped. */
  word: string
  start: number
  end: number
}

// A word is letters and digits, with inner apostrophes and dots ("don’t", "3.5", "U.S") kept
// inside it; hyphenated compounds split.
// Written as a scanner rather than the equivalent regex /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu:
// indexing a large archive tokenises tens of millions of words, and the scanner is several
// times faster (no match objects, ASCII by table).
const ASCII_WORD = new Uint8Array(128)
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[\p{L}\p{N}]/u.test(String.fromCharCode(c)) ? 1 : 0
const WORD_CHAR = /^[\p{L}\p{N}]$/u
const nonAsciiWord = new Map<number, boolean>()

/** Whether a code point is a letter or a digit (`\p{L}` or `\p{N}`). */
export function isWordChar(cp: number): boolean {
  if (cp < 128) return ASCII_WORD[cp] === 1
  let known = nonAsciiWord.get(cp)
  if (known === undefined) {
    known = WORD_CHAR.test(String.fromCodePoint(cp))
    if (nonAsciiWord.size < 100_000) nonAsciiWord.set(cp, known)
  }
  return known
}

const isJoiner = (c: number): boolean => c === 39 /* ' */ || c === 0x2019 /* ’ */ || c === 46 /* . */

/** Length in UTF-16 units of the word characters starting at `i` (0 when none). */
function wordRun(text: string, i: number): number {
  let j = i
  while (j < text.length) {
    const c = text.charCodeAt(j)
    if (c < 128) {
      if (ASCII_WORD[c] === 0) break
      j++
      continue
    }
    const cp = text.codePointAt(j) as number
    if (!isWordChar(cp)) break
    j += cp > 0xffff ? 2 : 1
  }
  return j - i
}

/** Splits text into words with offsets. Hyphenated compounds become separate words. */
export function words(text: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < text.length) {
    const run = wordRun(text, i)
    if (run === 0) {
      i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1
      continue
    }
    const start = i
    i += run
    while (i + 1 < text.length && isJoiner(text.charCodeAt(i))) {
      const next = wordRun(text, i + 1)
      if (next === 0) break
      i += 1 + next
    }
    let word = text.slice(start, i).toLowerCase()
    if (word.includes('’')) word = word.replace(/’/g, "'")
    if (word.endsWith("'s")) word = word.slice(0, -2)
    if (word.length === 0) continue
    out.push({ word, start, end: i })
  }
  return out
}

const stemCache = new Map<string, string>()

/**
 * The index form of a word: `null` for stop words, else its Porter stem. Accents are folded so
 * "Zelenskyy" typed without diacritics still meets its spelling in the text.
 */
export function indexTerm(word: string): string | null {
  if (STOP_WORDS.has(word)) return null
  let stem = stemCache.get(word)
  if (stem === undefined) {
    const folded = word.normalize('NFD').replace(/\p{M}/gu, '')
    // Numbers and tokens with digits are kept whole: stemming "2025" or "5-like" means nothing.
    stem = /\d/.test(folded) ? folded : stemmer(folded)
    if (stemCache.size < 500_000) stemCache.set(word, stem)
  }
  return stem
}

/** Index terms of a text, in order, stop words removed. */
export function terms(text: string): string[] {
  const out: string[] = []
  for (const t of words(text)) {
    const term = indexTerm(t.word)
    if (term !== null) out.push(term)
  }
  return out
}
