import { describe, expect, it } from 'vitest'
import { type Article, Newsdesk } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'

// Sizes where JavaScript's own limits start to matter: `push(...items)` overflowed the stack
// past about 120,000 articles (a 500,000-article corpus crashed at its first start).
describe('a corpus of 200,000 articles', () => {
  it('is built, saved and restored, and answers the same', async () => {
    const articles: Article[] = Array.from({ length: 200_000 }, (_, i) => ({
      id: `a${i}`,
      title: `Harbour note ${i}`,
      outlet: null,
      url: null,
      published: null,
      author: null,
      summary: null,
      captions: [],
      paragraphs: [`Quay ${i} was repaired by crew ${i % 97}.`],
      text: `Quay ${i} was repaired by crew ${i % 97}.`,
      source: `note-${i}.md`,
    }))
    articles[123_456].paragraphs = ['The Velt lighthouse was repainted red on Monday, the harbour master said.']
    articles[123_456].text = articles[123_456].paragraphs[0]
    const engine = Newsdesk.build(articles)
    expect(engine.size).toBe(200_000)
    const question = 'What colour was the Velt lighthouse repainted?'
    const answer = engine.ask(question)
    expect(answer.excerpts[0]?.text).toContain('repainted red')
    const dir = tempDir('newsdesk-large-')
    await engine.save(dir)
    const restored = await Newsdesk.restore(dir)
    expect(restored?.size).toBe(200_000)
    expect(restored?.ask(question)).toEqual(answer)
  }, 120_000)
})
