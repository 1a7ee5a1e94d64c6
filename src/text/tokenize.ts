import { stemmer } from 'stemmer'
import { STOP_WORDS } from './stop-words.js'

/** A word of the text with its character offsets. */
export interface Token {
  /** Lower-cased surface form, curly apostrophes straightened, possessive 's dropped. */
  word: string
  start: number
  end: number
}

// Letters and digits, with inner apostrophes, hyphens and dots between digits ("Article 5-like",
// "don’t", "3.5") kept inside one word.
const WORD = /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu

/** Splits text into words with offsets. Hyphenated compounds become separate words. */
export function words (text: string): Token[] {
  const out: Token[] = []
  for (const m of text.matchAll(WORD)) {
    let word = m[0].toLowerCase().replace(/’/g, "'")
    if (word.endsWith("'s")) word = word.slice(0, -2)
    if (word.length === 0) continue
    out.push({ word, start: m.index, end: m.index + m[0].length })
  }
  return out
}

const stemCache = new Map<string, string>()

/**
 * The index form of a word: `null` for stop words, else its Porter stem. Accents are folded so
 * "Zelenskyy" typed without diacritics still meets its spelling in the text.
 */
export function indexTerm (word: string): string | null {
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
export function terms (text: string): string[] {
  const out: string[] = []
  for (const t of words(text)) {
    const term = indexTerm(t.word)
    if (term !== null) out.push(term)
  }
  return out
}
