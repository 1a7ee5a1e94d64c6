import { describe, expect, it } from 'vitest'
import { makeArticle } from '../../src/ingest/article.js'
import type { Article } from '../../src/types.js'

// Quotations are found on a second core while the main thread indexes. The worker runs only from
// the compiled code (npm test builds it first), so this test drives the compiled module: what it
// finds must be exactly what the main thread alone finds, article by article, in order.
type Extraction = {
  ParallelExtraction: new (
    articles: readonly Article[],
    minArticles?: number,
  ) => { pump(): void; finish(onBatch?: () => void): Promise<unknown[][]>; progress: number }
}
type Extract = { extractQuotations: (a: Article) => unknown[] }

const SPEAKERS = ['Anna Ostrova', 'Steve Witkoff', 'Mr Walsh', 'the mayor', 'Hannah Ortiz']

function corpus(n: number): Article[] {
  return Array.from({ length: n }, (_, i) =>
    makeArticle(
      {
        title: `Council vote ${i}`,
        paragraphs: [
          `The council met on day ${i}. “We will not give up the harbour,” ${SPEAKERS[i % 5]} said.`,
          `${SPEAKERS[(i + 1) % 5]} said: “The vote on quay ${i} was close — closer than 👍 we thought.”`,
          i % 7 === 0 ? 'No quotation here, only narrative.' : `“It is done,” she said of item ${i}.`,
        ],
      },
      `c-${i}`,
    ),
  )
}

describe('quotations found on a second core', () => {
  it('finds exactly what the main thread alone finds, in article order', async () => {
    // Paths in variables: the compiled modules have no type declarations of their own.
    const compiled = '../../dist/src/quotes/'
    const { ParallelExtraction } = (await import(`${compiled}parallel-extract.js`)) as Extraction
    const { extractQuotations } = (await import(`${compiled}extract.js`)) as Extract
    const articles = corpus(9_000)
    const extraction = new ParallelExtraction(articles, 0)
    // As indexing does: feed the worker now and then, then let the main thread take the rest.
    for (let i = 0; i < 3; i++) extraction.pump()
    let batches = 0
    const found = await extraction.finish(() => {
      batches++
    })
    expect(found).toEqual(articles.map((a) => extractQuotations(a)))
    expect(found.flat().length).toBeGreaterThan(9_000)
    // The worker took some batches, the main thread the rest.
    expect(batches).toBeGreaterThan(0)
    expect(batches).toBeLessThan(5)
    expect(extraction.progress).toBe(9_000)
  })
})
