// The one cutter every adapter and the engine's wording use: within the length, a whole-cluster
// prefix plus the marker, never half a character, and quick on megabytes.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cutAtWord, cutPrefix, cutToLength } from '../../adapters/shared/cut.js'
import { clip, clipMrkdwn, safe } from '../../adapters/slack/safe-text.js'
import { clip as clipWording } from '../../src/answer/wording.js'
import { hostileText, LONE_SURROGATE, SEED, wellFormedText } from './arbitraries.js'

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** The grapheme boundaries of the whole text (what a cut must land on). */
function boundaries(text: string): Set<number> {
  const out = new Set<number>([0, text.length])
  for (const s of segmenter.segment(text)) out.add(s.index)
  return out
}

/** Positions of lone surrogates in `text`. */
function lonePositions(text: string): number[] {
  const out: number[] = []
  const re = new RegExp(LONE_SURROGATE.source, 'g')
  for (const m of text.matchAll(re)) out.push(m.index)
  return out
}

const anyText = fc.oneof(wellFormedText(40), hostileText(40))
const maxes = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.integer({ min: 0, max: 400 }))
const markers = fc.constantFrom('…', '', '...', ' (cut)', '👨‍👩‍👧')

describe('cutToLength', () => {
  it('keeps within max, returns a whole-cluster prefix and the marker, and splits no character', () => {
    fc.assert(
      fc.property(anyText, maxes, markers, fc.boolean(), (text, max, marker, words) => {
        const out = cutToLength(text, max, { marker, words })
        if (text.length <= max) {
          expect(out).toBe(text)
          return
        }
        expect(out.length).toBeLessThanOrEqual(Math.max(0, max))
        const withMarker = marker.length <= max && out.endsWith(marker)
        const kept = withMarker ? out.slice(0, out.length - marker.length) : out
        expect(text.startsWith(kept)).toBe(true)
        expect(boundaries(text).has(kept.length)).toBe(true)
        // A lone surrogate in what is kept was one in the text too: the cut made none.
        const inText = new Set(lonePositions(text))
        for (const p of lonePositions(kept)) expect(inText.has(p)).toBe(true)
      }),
      { seed: SEED, numRuns: 600 },
    )
  })

  it('prefers to cut before a word when that keeps more than 60% of the room', () => {
    fc.assert(
      fc.property(wellFormedText(40), fc.integer({ min: 5, max: 200 }), (text, max) => {
        const out = cutAtWord(text, max)
        if (text.length <= max) return
        const kept = out.slice(0, -1)
        const spaceAfter = /^\s/.test(text.slice(kept.length))
        const plain = cutToLength(text, max)
        // Either it cut before white space, or it cut where the plain cut does (no usable space).
        expect(spaceAfter || out === plain).toBe(true)
        if (spaceAfter) expect(kept.length).toBeGreaterThan(max * 0.6)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('cuts a 20 MB line without reading all of it', () => {
    const line = `${'👨‍👩‍👧‍👦 e\u0301 '.repeat(1_000_000)}`.padEnd(20_000_000, 'x')
    const started = performance.now()
    for (let i = 0; i < 100; i++) {
      for (const max of [100, 256, 2000, 3000, 4096]) {
        const out = cutAtWord(line, max)
        expect(out.length).toBeLessThanOrEqual(max)
        expect(LONE_SURROGATE.test(out)).toBe(false)
      }
    }
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it('shortens the examples the issue names without breaking them', () => {
    const family = '👨‍👩‍👧‍👦'
    expect(cutToLength(`ab ${family}${family}`, 15)).toBe(`ab ${family}…`)
    expect(cutToLength(`ab ${family}${family}`, 14)).toBe('ab …')
    expect(cutToLength('🇺🇦🇺🇦🇺🇦', 5)).toBe('🇺🇦…')
    expect(cutToLength('e\u0301e\u0301e\u0301', 4)).toBe('e\u0301…')
    expect(cutToLength('abcdef', 3, { marker: '...' })).toBe('...')
    expect(cutToLength('abcdef', 2, { marker: '...' })).toBe('ab')
    expect(cutToLength('abcdef', 0)).toBe('')
    expect(cutPrefix('😀😀', 3)).toBe('😀')
    // A space after a prepended mark (U+0600) is inside its cluster: no word cut there.
    expect(cutAtWord(`${'a'.repeat(8)}\u0600 ${'b'.repeat(8)}`, 12)).toBe(`${'a'.repeat(8)}\u0600 b…`)
    expect(cutAtWord(`${'a'.repeat(8)} ${'b'.repeat(8)}`, 12)).toBe(`${'a'.repeat(8)}…`)
  })
})

describe('the cuts built on it', () => {
  it("the engine's clip (echoed topics) never splits a character", () => {
    expect(clipWording(`${'x'.repeat(78)}😀 and more`, 80)).toBe(`${'x'.repeat(78)}…`)
    fc.assert(
      fc.property(wellFormedText(40), fc.integer({ min: 1, max: 200 }), (text, n) => {
        const out = clipWording(text, n)
        expect(out.length).toBeLessThanOrEqual(n)
        expect(LONE_SURROGATE.test(out)).toBe(false)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it("Slack's clip of escaped mrkdwn never leaves half an entity or half a link", () => {
    expect(clipMrkdwn(safe('a & b & c'), 9)).toBe('a &amp;…')
    expect(clipMrkdwn('see <https://a.example/x|a title> now', 20)).toBe('see…')
    fc.assert(
      fc.property(wellFormedText(40), fc.integer({ min: 1, max: 300 }), (text, max) => {
        const out = clipMrkdwn(safe(text), max)
        expect(out.length).toBeLessThanOrEqual(max)
        expect(out).not.toMatch(/&(?!(?:amp|lt|gt);)/)
        expect(LONE_SURROGATE.test(out)).toBe(false)
        expect(clip(text, max).length).toBeLessThanOrEqual(max)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})
