import type { Article } from '../types.js'

// Marks an article whose text already lies outside the heap (a hidden, non-enumerable property:
// copies and comparisons of articles never see it), so that a second call moves nothing again.
const MOVED = Symbol('newsdesk.offHeap')
const isMoved = (a: Article): boolean => (a as { [MOVED]?: true })[MOVED] === true
const mark = (a: Article): void => {
  Object.defineProperty(a, MOVED, { value: true, enumerable: false, configurable: true })
}

// Node makes a string outside V8's heap (an "external" string) when it decodes more than about
// a megabyte of Latin-1 or UTF-16 at once; below that the characters go on the heap.
const MIN_CHARS = 2 * 1024 * 1024
// Below V8's limit on a string's length (about 512 million characters). Each such string makes V8
// collect garbage (it counts memory outside the heap too): a few large ones cost less than many.
const MAX_CHARS = 256 * 1024 * 1024

/**
 * Moves the characters of these articles' texts out of V8's heap: the texts of many articles
 * are decoded together from a Buffer as one string, which Node keeps outside the heap, and each
 * article's `text` and `paragraphs` become slices of it (a few dozen bytes each on the heap).
 * At a million articles the texts are over 2 GB: on the heap they left too little of Node's
 * default limit (about 4 GB here) for the rest. The values do not change, only where they lie.
 *
 * Articles already moved are skipped; a group smaller than about two megabytes is left where it
 * is (Node would put it on the heap again): `pending` batches call this when they have grown.
 */
export function moveTextsOffHeap(articles: readonly Article[]): void {
  const latin1: Article[] = []
  const wide: Article[] = []
  for (const a of articles) {
    if (isMoved(a)) continue
    ;(/[\u0100-\uffff]/.test(a.text) ? wide : latin1).push(a)
  }
  move(latin1, 'latin1')
  move(wide, 'utf16le')
}

/**
 * Texts decoded together from `bytes` (each article's `byteLength` in turn), as
 * `moveTextsOffHeap` would leave them: the restore of a saved index reads its texts this way.
 * Returns each article's text.
 */
export function decodeTogether(bytes: Buffer, lengths: ArrayLike<number>, encoding: 'latin1' | 'utf16le'): string[] {
  const out: string[] = []
  let at = 0
  for (let i = 0; i < lengths.length; ) {
    let size = 0
    let j = i
    while (j < lengths.length && (j === i || size + lengths[j] <= MAX_CHARS)) size += lengths[j++]
    const all = bytes.toString(encoding, at, at + size)
    const unit = encoding === 'latin1' ? 1 : 2
    let offset = 0
    for (let k = i; k < j; k++) {
      out.push(all.slice(offset, offset + lengths[k] / unit))
      offset += lengths[k] / unit
    }
    at += size
    i = j
  }
  return out
}

function move(articles: Article[], encoding: 'latin1' | 'utf16le'): void {
  const unit = encoding === 'latin1' ? 1 : 2
  for (let i = 0; i < articles.length; ) {
    let chars = 0
    let j = i
    while (j < articles.length && (j === i || chars + articles[j].text.length <= MAX_CHARS)) {
      chars += articles[j++].text.length
    }
    if (chars >= MIN_CHARS / unit) {
      const buffer = Buffer.allocUnsafe(chars * unit)
      let at = 0
      for (let k = i; k < j; k++) at += buffer.write(articles[k].text, at, encoding)
      const all = buffer.toString(encoding, 0, at)
      let offset = 0
      for (let k = i; k < j; k++) {
        const a = articles[k]
        const text = all.slice(offset, offset + a.text.length)
        offset += a.text.length
        // Paragraphs become slices only when they are the text's, as `makeArticle` makes them; a
        // caller's article whose paragraphs say otherwise keeps its own.
        if (joinedIn(a.text, a.paragraphs)) a.paragraphs = sliceParagraphs(text, a.paragraphs)
        a.text = text
        mark(a)
      }
    }
    i = j
  }
}

/** Whether `text` is `paragraphs` joined by blank lines (compared in place, nothing joined). */
export function joinedIn(text: string, paragraphs: readonly string[]): boolean {
  let offset = 0
  for (const [i, p] of paragraphs.entries()) {
    if (i > 0) {
      if (!text.startsWith('\n\n', offset)) return false
      offset += 2
    }
    if (!text.startsWith(p, offset)) return false
    offset += p.length
  }
  return offset === text.length
}

/** Paragraphs as slices of `text` (joined by blank lines), of the lengths `paragraphs` have. */
export function sliceParagraphs(text: string, paragraphs: readonly string[]): string[] {
  let offset = 0
  return paragraphs.map((p) => {
    const view = text.slice(offset, offset + p.length)
    offset += p.length + 2
    return view
  })
}
