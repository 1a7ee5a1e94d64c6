import { createHash } from 'node:crypto'
import type { Article, Citation } from '../types.js'
import { parseDate } from './dates.js'
import { absoluteHttpUrl } from './urls.js'

/** Fields of an article as a data file or a caller gives them. */
export interface ArticleRecord {
  id?: string
  title: string
  text?: string
  paragraphs?: string[]
  outlet?: string | null
  url?: string | null
  published?: string | null
  author?: string | null
  summary?: string | null
  captions?: string[]
  source?: string
}

/** The citation of an article: what a reader needs to find it. */
export function citationOf(a: Article): Citation {
  return { id: a.id, title: a.title, outlet: a.outlet, url: a.url, published: a.published }
}

/**
 * Builds an Article from plain fields. Paragraphs are split on blank lines (single line breaks
 * when the text has no blank lines); white space inside a paragraph is kept as written.
 */
export function makeArticle(record: ArticleRecord, fallbackId: string): Article {
  const paragraphs = (record.paragraphs ?? splitParagraphs(record.text ?? ''))
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
  const text = paragraphs.join('\n\n')
  // Paragraphs as slices of the joined text: V8 shares the characters instead of holding the
  // article twice, which matters at 100,000 articles.
  let offset = 0
  const views = paragraphs.map((p) => {
    const view = text.slice(offset, offset + p.length)
    offset += p.length + 2
    return view
  })
  return {
    id: cleanId(record.id ?? fallbackId),
    title: record.title.trim(),
    outlet: blankToNull(record.outlet),
    // Only a link a reader can follow is shown as one (the loader warns about the others).
    url: absoluteHttpUrl(blankToNull(record.url) ?? ''),
    published: parseDate(record.published ?? null),
    author: blankToNull(record.author),
    summary: blankToNull(record.summary),
    captions: record.captions ?? [],
    paragraphs: views,
    text,
    source: record.source ?? fallbackId,
  }
}

/** Paragraphs of a text: blank-line separated, or line separated when it has no blank lines. */
export function splitParagraphs(text: string): string[] {
  const normalised = text.replace(/\r\n?/g, '\n')
  const parts = /\n[ \t\u00a0]*\n/.test(normalised) ? normalised.split(/\n[ \t\u00a0]*\n+/) : normalised.split('\n')
  return parts.map((p) => p.trim()).filter((p) => p.length > 0)
}

/** A fingerprint of an article's words: the same story saved twice has the same one. */
export function contentKey(article: Pick<Article, 'text'>): string {
  return createHash('sha1').update(normalisedWords(article.text)).digest('hex')
}

// Characters of the normalised text a quick key holds.
const QUICK_CHARS = 120

/**
 * A cheap first look at `contentKey`: the first words of the text, normalised the same way, read
 * from as little of the text as gives enough of them. Articles with the same content key always
 * have the same quick key, so only those whose quick keys agree need their whole text hashed.
 */
export function quickContentKey(article: Pick<Article, 'text'>): string {
  const { text } = article
  for (let n = 4 * QUICK_CHARS; ; n *= 4) {
    const head = normalisedWords(text.slice(0, n))
    // Past QUICK_CHARS, a cut inside a word or a run of punctuation changes only what is left out.
    if (head.length > QUICK_CHARS) return head.slice(0, QUICK_CHARS)
    if (n >= text.length) return head
  }
}

function normalisedWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

function blankToNull(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null
  const v = value.trim()
  return v === '' || v.toLowerCase() === 'null' ? null : v
}

/** An article id as given, trimmed, with white space turned into dashes. */
export function cleanId(id: string): string {
  return String(id).trim().replace(/\s+/g, '-')
}
