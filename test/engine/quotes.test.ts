import { describe, expect, it } from 'vitest'
import { loadArticles, Newsdesk } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import { extractQuotations } from '../../src/quotes/extract.js'
import { FOX, K24, SEEDS } from './helpers.js'

// Every direct quotation in the two seed articles, with who said it (read off the articles).
const EXPECTED: Record<string, Array<[string, string]>> = {
  [FOX]: [
    ['Steve Witkoff', 'I don’t want to delve into the specifics of what was discussed'],
    ['Steve Witkoff', 'But there were concessions almost immediately made on the part of the Russians'],
    ['Steve Witkoff', 'And, you know, part of getting those concessions was learning'],
    ['Karoline Leavitt', 'The president has definitively stated, U.S. boots will not be on the ground'],
    ['Karoline Leavitt', 'The president understands security guarantees are crucially important'],
    ['Volodymyr Zelenskyy', 'Security in Ukraine depends on the United States'],
    ['Volodymyr Zelenskyy', 'We spoke about it and we will speak more about security guarantees'],
    ['Volodymyr Zelenskyy', 'This is very important that the United States gives such strong signal'],
  ],
  [K24]: [
    ['Steve Witkoff', 'substantial progress'],
    ['Steve Witkoff', 'game-changing'],
    ['Steve Witkoff', 'We agreed to robust security guarantees that I would describe as game-changing'],
    ['Steve Witkoff', 'Article 5-like'],
    ['Steve Witkoff', 'This was the first time we had ever heard the Russians agree'],
    ['Steve Witkoff', 'The thesis of a ceasefire is that you would be discussing'],
    ['Steve Witkoff', 'We made so much progress on the other ingredients of a peace deal'],
    ['Steve Witkoff', 'Those five regions have always been the core of the deal'],
    ['Steve Witkoff', 'We are intent on trying to hammer out a peace deal'],
    ['Steve Witkoff', 'significant'],
    ['Steve Witkoff', 'We began to see some moderation'],
    ['Steve Witkoff', 'We have to get a deal for the Ukrainians'],
  ],
}

describe('quotations in the seed articles', async () => {
  const { articles } = await loadArticles(SEEDS)

  for (const article of articles) {
    it(`finds every quotation in ${article.id} with its speaker, and nothing else`, () => {
      const found = extractQuotations(article)
      const expected = EXPECTED[article.id]
      expect(found).toHaveLength(expected.length)
      expected.forEach(([speaker, start], i) => {
        expect(found[i].text.startsWith(start), `quotation ${i}: ${found[i].text}`).toBe(true)
        expect(found[i].speaker).toBe(speaker)
        // Offsets point at the words in the cleaned article text.
        expect(article.text.slice(found[i].start, found[i].end)).toBe(found[i].text)
      })
    })
  }

  it('gives the role the article states', () => {
    const fox = articles.find((a) => a.id === FOX)!
    const roles = new Map(extractQuotations(fox).map((q) => [q.speaker, q.role]))
    expect(roles.get('Karoline Leavitt')).toBe('White House Press Secretary')
    expect(roles.get('Steve Witkoff')).toBe('U.S. special envoy')
    expect(roles.get('Volodymyr Zelenskyy')).toBe('Ukrainian President')
  })

  it('does not take headlines or related-story teasers as quotations', () => {
    const texts = articles.flatMap((a) => extractQuotations(a).map((q) => q.text))
    expect(texts).not.toContain('almost immediately')
    expect(texts.some((t) => t.includes('TAKE A LOT OF THE BURDEN'))).toBe(false)
    expect(texts.some((t) => t.includes('VERY GOOD, EARLY STEP'))).toBe(false)
  })
})

describe('quote()', async () => {
  const engine = await Newsdesk.fromDirectory(SEEDS)

  it('lists Witkoff’s quotations from both articles, including those attributed by "he said"', () => {
    const r = engine.quote('Witkoff')
    expect(r.answered).toBe(true)
    expect(r.message).toMatch(/^Steve Witkoff: 15 quotations in 2 articles/)
    expect(new Set(r.excerpts.map((e) => e.article.id))).toEqual(new Set([FOX, K24]))
    expect(r.excerpts.every((e) => e.speaker === 'Steve Witkoff')).toBe(true)
    expect(r.excerpts.some((e) => e.text.startsWith('We agreed to robust security guarantees'))).toBe(true)
  })

  it('finds "Zelenskyy" when asked for "Zelensky"', () => {
    const r = engine.quote('Zelensky')
    expect(r.answered).toBe(true)
    expect(r.excerpts.map((e) => e.speaker)).toEqual([
      'Volodymyr Zelenskyy',
      'Volodymyr Zelenskyy',
      'Volodymyr Zelenskyy',
    ])
  })

  it('ranks a speaker’s quotations by the other words of the query', () => {
    const r = engine.quote('Witkoff ceasefire')
    expect(r.excerpts[0].text).toMatch(/ceasefire/)
  })

  it('finds quotations on a topic, attributed', () => {
    const r = engine.quote('security guarantees')
    expect(r.answered).toBe(true)
    expect(r.excerpts.length).toBeGreaterThan(0)
    for (const e of r.excerpts) {
      expect(e.speaker).not.toBeNull()
      expect(e.text.toLowerCase()).toMatch(/security|guarantee/)
    }
  })

  it('says plainly when nobody said anything about it', () => {
    const r = engine.quote('Angela Merkel')
    expect(r.answered).toBe(false)
    expect(r.excerpts).toEqual([])
    expect(r.message).toMatch(/No quotation from or about "Angela Merkel"/)
  })

  it('cites the article still served when two shared an id and one was discarded', () => {
    const line = (words: string): string => `“${words},” said Mara Velt.`
    const said = (words: string) => makeArticle({ title: 'Harbour', paragraphs: [line(words)] }, 'x')
    const engine = Newsdesk.build([said('The quay reopens on Monday'), said('The ferry runs again in June')])
    engine.update({ discard: ['x'] })
    const result = engine.quote('Mara Velt')
    expect(result.excerpts.map((e) => e.article.id)).toEqual(result.excerpts.map(() => 'x'))
    expect(result.excerpts.length).toBeGreaterThan(0)
  })
})
