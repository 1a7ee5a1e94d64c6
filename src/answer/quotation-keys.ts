import { isWordChar } from '../text/tokenize.js'
import type { Quotation } from '../types.js'

/**
 * A 53-bit key of a quotation's speaker and words (lower-cased; every run of other characters one
 * space, none at either end): twins, the same words said in two articles, share it. Two hashes
 * of 32 and 21 bits side by side, computed in one pass over the lower-cased words, no string
 * built from them: a prolific speaker has tens of thousands of quotations at a million articles.
 * Two different quotations of one speaker share a key about once in a quadrillion pairs.
 */
export function twinKey(x: Quotation): number {
  let h1 = 0x811c9dc5
  let h2 = 0x9747b28c
  const mix = (c: number): void => {
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x5bd1e995)
    h2 ^= h2 >>> 15
  }
  for (let i = 0; i < x.speaker.length; i++) mix(x.speaker.charCodeAt(i))
  mix(0)
  // Lower-cased as a whole, as one character's case can depend on the next (Greek final sigma).
  const t = x.text.toLowerCase()
  let words = false
  let space = false
  for (let i = 0; i < t.length; i++) {
    const cp = t.codePointAt(i) as number
    if (cp > 0xffff) i++
    if (!isWordChar(cp)) {
      space = words
      continue
    }
    if (space) mix(32)
    space = false
    words = true
    mix(cp)
  }
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11)
}

// What `/\s/` matches beyond ASCII, as code units.
const WIDE_SPACES = new Set([
  0xa0,
  0x1680,
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
  ...Array.from({ length: 11 }, (_, k) => 0x2000 + k),
])

/** Whether a quotation is a full statement (four words or more) rather than a quoted fragment. */
export function isFullStatement(x: Quotation): boolean {
  // Runs of white space, as `text.split(/\s+/).length - 1` counts them, nothing split.
  let runs = 0
  let inRun = false
  const t = x.text
  for (let i = 0; i < t.length && runs < 3; i++) {
    const c = t.charCodeAt(i)
    const space = c === 32 || (c >= 9 && c <= 13) || (c >= 0xa0 && WIDE_SPACES.has(c))
    if (space && !inRun) runs++
    inRun = space
  }
  return runs >= 3
}

/**
 * Quotations grouped with their twins, each group in the order of its first quotation, whose
 * words the excerpt shows.
 */
export function twinGroups(quotations: readonly Quotation[]): Quotation[][] {
  const groups: Quotation[][] = []
  const byKey = new Map<number, Quotation[]>()
  for (const x of quotations) {
    const key = twinKey(x)
    const group = byKey.get(key)
    if (group !== undefined) group.push(x)
    else {
      const created = [x]
      byKey.set(key, created)
      groups.push(created)
    }
  }
  return groups
}
