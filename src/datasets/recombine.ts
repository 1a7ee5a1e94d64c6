import { makeArticle } from '../ingest/article.js'
import { moveTextsOffHeap } from '../ingest/off-heap.js'
import { splitSentences } from '../text/sentences.js'
import type { Article } from '../types.js'

/**
 * A large corpus from a small one: real sentences regrouped, deterministically, into new
 * articles. Each new article copies the paragraph shape (sentences per paragraph) of a source
 * article picked at random and fills it with sentences picked at random; its title is a
 * sentence's first words.
 */
export function recombine(source: Article[], count: number, seed = 20261122): Article[] {
  const random = prng(seed)
  const sentences: string[] = []
  const shapes: number[][] = []
  for (const a of source) {
    const shape: number[] = []
    for (const p of a.paragraphs) {
      const spans = splitSentences(p)
      shape.push(spans.length)
      for (const s of spans) sentences.push(p.slice(s.start, s.end))
    }
    shapes.push(shape)
  }
  const pick = (): string => sentences[Math.floor(random() * sentences.length)]
  const out: Article[] = []
  for (let i = 0; i < count; i++) {
    const shape = shapes[Math.floor(random() * shapes.length)]
    const paragraphs = shape.map((n) => Array.from({ length: Math.max(1, n) }, pick).join(' '))
    const firstWords = (text: string): string =>
      text
        .split(/\s+/)
        .slice(0, 10)
        .join(' ')
        .replace(/[.,;:]$/, '')
        .trim()
    // A sentence that is all punctuation makes no title: the body's first words stand in.
    const title = firstWords(pick()) || firstWords(paragraphs[0])
    out.push(
      makeArticle({ id: `recombined-${i}`, title, paragraphs, outlet: 'BBC News (recombined)' }, `recombined-${i}`),
    )
    // Off the heap as they are made, as `loadArticles` does with files: a million texts are
    // over 2 GB.
    if ((i + 1) % 25_000 === 0) moveTextsOffHeap(out.slice(i + 1 - 25_000))
  }
  moveTextsOffHeap(out)
  return out
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same corpus everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
