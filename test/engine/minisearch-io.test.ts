import MiniSearch, { type Options } from 'minisearch'
import { describe, expect, it } from 'vitest'
import { loadSearch, loadSearchPublic, saveSearch, saveSearchPublic } from '../../src/search/minisearch-io.js'

interface Doc {
  id: number
  title: string
  body: string
}

const OPTIONS: Options<Doc> = { fields: ['title', 'body'], storeFields: ['title'] }
const DOCS: Doc[] = [
  { id: 1, title: 'Bridge closed', body: 'The council voted to close the bridge after the storm.' },
  { id: 2, title: 'Storm warning', body: 'Forecasters warn of a second storm; the bridge stays shut.' },
  { id: 3, title: 'Budget', body: 'The council passed its budget with a vote of seven to two.' },
  { id: 4, title: 'Removed later', body: 'This article is taken out of the index again.' },
]
const QUERIES = ['bridge', 'storm council', 'budget vote', 'article', 'brige']

function built(): MiniSearch<Doc> {
  const search = new MiniSearch<Doc>(OPTIONS)
  search.addAll(DOCS)
  // A discarded document leaves the tables in the state a long-lived index is in.
  search.discard(4)
  return search
}

const results = (search: MiniSearch<Doc>): unknown[] =>
  QUERIES.map((q) => search.search(q, { fuzzy: 0.2, prefix: true }))

describe('the saved article index', () => {
  it('is written the same by the fast path and by the public API alone', () => {
    const search = built()
    expect(saveSearch(search as MiniSearch<unknown>)).toEqual(saveSearchPublic(search as MiniSearch<unknown>))
  })

  it('reads back into an index that searches exactly as the one saved, by either loader', () => {
    const search = built()
    const saved = saveSearch(search as MiniSearch<unknown>)
    // "removed", "later", "taken", "out", "again": only in the discarded document, not saved.
    expect(saved.terms).not.toContain('taken')
    expect(saved.terms).toContain('bridge')
    const fast = loadSearch(saved, OPTIONS)
    const slow = loadSearchPublic(saved, OPTIONS)
    expect(results(fast)).toEqual(results(search))
    expect(results(slow)).toEqual(results(search))
    expect(fast.documentCount).toBe(3)
    expect(fast.termCount).toBe(saved.terms.length)
  })
})
