import { randomBytes } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Article } from '../types.js'

/** Lower-case ASCII words joined by hyphens, at most 60 characters: a safe file name part. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
}

/**
 * A file name for an article made from its title (else its link), never from a name anyone
 * supplied: lower-case words joined by hyphens, `.md`, numbered until `taken` says it is free.
 */
export function fileNameFor(article: Pick<Article, 'title' | 'url'>, taken: (name: string) => boolean): string {
  const base =
    slug(article.title) ||
    slug(article.url?.replace(/^https?:\/\/(www\.)?/i, '') ?? '') ||
    `article-${randomBytes(3).toString('hex')}`
  for (let n = 1; ; n++) {
    const name = `${n === 1 ? base : `${base}-${n}`}.md`
    if (!taken(name)) return name
  }
}

/** The article as the data folder keeps it: Markdown with front matter (what is known of it). */
export function articleMarkdown(article: Article): string {
  const field = (key: string, value: string | null): string =>
    value === null || value === '' ? '' : `${key}: ${value.replace(/\s+/g, ' ').trim()}\n`
  return (
    '---\n' +
    field('title', article.title) +
    field('outlet', article.outlet) +
    field('url', article.url) +
    field('published', article.published) +
    field('author', article.author) +
    '---\n' +
    `${article.paragraphs.join('\n\n')}\n`
  )
}

/**
 * Writes `text` to `path` atomically: to a hidden temporary name beside it first (which the
 * folder watcher ignores), then renamed over, so a reader sees the old file or the new one,
 * never half of one.
 */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.newsdesk-tmp-${randomBytes(6).toString('hex')}`)
  try {
    await writeFile(tmp, text, { flag: 'wx' })
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}
