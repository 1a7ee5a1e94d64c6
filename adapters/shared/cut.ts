// Every cut an adapter makes (Slack text, Discord embeds, autocomplete names, button values) goes
// through the engine's one cutter, so no platform ever gets half an emoji or a lone surrogate.
import { cutToLength } from '../../src/index.js'

export { type CutOptions, cutToLength } from '../../src/index.js'

/**
 * `text` in at most `max` UTF-16 code units with the ellipsis, cut before a word where that keeps
 * most of it, and never inside a grapheme cluster (see `cutToLength`).
 */
export function cutAtWord(text: string, max: number): string {
  return cutToLength(text, max, { words: true })
}

/** A prefix of `text` in at most `max` UTF-16 code units, whole grapheme clusters, with no marker. */
export function cutPrefix(text: string, max: number): string {
  return cutToLength(text, max, { marker: '' })
}
