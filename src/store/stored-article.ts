import { joinedIn } from '../ingest/off-heap.js'
import type { Article } from '../types.js'

/** Where the paragraphs of a save's articles lie in their texts, one table for them all. */
export interface ParagraphTable {
  /** Article a's paragraphs' lengths are `lengths` from `first[a]` up to `first[a + 1]`. */
  first: Int32Array
  lengths: Int32Array
}

/**
 * An article read back from a saved index. Its paragraphs are cut from its text (one blank line
 * between each) when first asked for, not up front: answers come from the index's sentences,
 * and at a million articles cutting fifteen million paragraphs took seconds of every restart
 * and hundreds of megabytes of heap. `paragraphs` is a getter, so a spread copy (`{ ...a }`)
 * has none: copy it by name. `JSON.stringify` writes it.
 */
export class StoredArticle implements Article {
  id: string
  title: string
  outlet: string | null
  url: string | null
  published: string | null
  author: string | null
  summary: string | null
  captions: string[]
  text: string
  source: string
  #table: ParagraphTable
  #at: number
  #paragraphs: string[] | undefined = undefined
  #replaced = false

  constructor(fields: Omit<Article, 'paragraphs'>, table: ParagraphTable, at: number) {
    this.id = fields.id
    this.title = fields.title
    this.outlet = fields.outlet
    this.url = fields.url
    this.published = fields.published
    this.author = fields.author
    this.summary = fields.summary
    this.captions = fields.captions
    this.text = fields.text
    this.source = fields.source
    this.#table = table
    this.#at = at
  }

  get paragraphs(): string[] {
    // Read through the prototype (as some deep comparisons do), there is no article to cut.
    if (!(#table in this)) return []
    if (this.#paragraphs === undefined) {
      const { first, lengths } = this.#table
      const out: string[] = []
      let offset = 0
      for (let k = first[this.#at]; k < first[this.#at + 1]; k++) {
        out.push(this.text.slice(offset, offset + lengths[k]))
        offset += lengths[k] + 2
      }
      this.#paragraphs = out
    }
    return this.#paragraphs
  }

  set paragraphs(paragraphs: string[]) {
    if (!(#table in this)) {
      // A copy made from the prototype (as some test libraries' diffs make): a plain property.
      Object.defineProperty(this, 'paragraphs', { value: paragraphs, writable: true, enumerable: true })
      return
    }
    this.#paragraphs = paragraphs
    this.#replaced = true
  }

  /** The paragraphs' lengths as the table holds them; null once `paragraphs` was replaced. */
  tableLengths(): Int32Array | null {
    const { first, lengths } = this.#table
    return this.#replaced ? null : lengths.subarray(first[this.#at], first[this.#at + 1])
  }

  toJSON(): Article {
    const { id, title, outlet, url, published, author, summary, captions, paragraphs, text, source } = this
    return { id, title, outlet, url, published, author, summary, captions, paragraphs, text, source }
  }
}

/**
 * The lengths of an article's paragraphs when its text is they joined by blank lines, as every
 * loaded article's is (a stored one's are not cut to count them); null when it is not.
 */
export function paragraphLayout(a: Article): ArrayLike<number> | null {
  const stored = a instanceof StoredArticle ? a.tableLengths() : null
  if (stored !== null) return stored
  return joinedIn(a.text, a.paragraphs) ? a.paragraphs.map((p) => p.length) : null
}
