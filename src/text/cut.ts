// One way to shorten text for every place that must (echoed topics, chat messages, autocomplete):
// a cut in the middle of a surrogate pair or a grapheme cluster shows as a broken character, or
// half an emoji family, and a lone surrogate can make a platform reject the whole message.

/** How `cutToLength` shortens a text. */
export interface CutOptions {
  /** Appended when the text is cut (counted within `max`); '' for none. Default '…'. */
  marker?: string
  /**
   * Prefer to cut before a white-space character, when that keeps more than 60% of `max`: a
   * reader sees whole words. Default false.
   */
  words?: boolean
}

// Made once: building a segmenter costs far more than using one.
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * `text` shortened to at most `max` UTF-16 code units (what `String#length`, Slack and Discord
 * count), the marker included, and never cut inside a grapheme cluster (so never inside a
 * surrogate pair, a ZWJ emoji sequence or a letter with its combining marks). A text that fits is
 * returned as it is; otherwise the result is a whole-cluster prefix of `text` followed by the
 * marker. When `max` is smaller than the marker, the marker is left out; when `max` is 0 or less
 * (or a cluster at the start is longer than the room), only the marker, or '', is left.
 */
export function cutToLength(text: string, max: number, options: CutOptions = {}): string {
  if (text.length <= max) return text
  if (!(max > 0)) return ''
  const wanted = options.marker ?? '…'
  const marker = wanted.length <= max ? wanted : ''
  const room = Math.floor(max) - marker.length
  let end = boundaryAtOrBefore(text, room)
  if (options.words === true) {
    const space = lastSpaceBoundary(text, end, max * 0.6)
    if (space >= 0) end = space
  }
  return text.slice(0, end) + marker
}

/** The last grapheme boundary of `text` at or before `index`. */
export function boundaryAtOrBefore(text: string, index: number): number {
  if (index <= 0) return 0
  if (index >= text.length) return text.length
  // Whether `index` is a boundary depends only on what comes before it and on the code point at
  // it, so a window ending just past that code point answers for the whole text: the cost is
  // that of the room, not of the text (articles can be megabytes long).
  const window = text.slice(0, index + 2)
  return graphemes.segment(window).containing(index)?.index ?? index
}

// The start of the last white-space character in (floor, end) that begins a grapheme cluster (a
// space carrying a combining mark is one cluster with it: a cut there would split it), or -1.
function lastSpaceBoundary(text: string, end: number, floor: number): number {
  let segments: Intl.Segments | undefined
  for (let i = end - 1; i > floor; i--) {
    if (!/\s/.test(text[i])) continue
    segments ??= graphemes.segment(text.slice(0, end + 2))
    if (segments.containing(i)?.index === i) return i
  }
  return -1
}
