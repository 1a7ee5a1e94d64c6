import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Newsdesk } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import { decodeTogether, moveTextsOffHeap } from '../../src/ingest/off-heap.js'

// Texts leave V8's heap (a million articles' texts are over 2 GB, half of Node's default heap):
// nothing a reader sees may change, not a character, not a paragraph.
// A made-up word of its own for each article ("bakodu"), so that a question can single one out.
const name = (i: number): string =>
  Array.from(
    String(i).padStart(5, '0'),
    (d, k) => 'bcdfghklmnprstvz'[Number(d) + k] + 'aeiou'[(Number(d) + k) % 5],
  ).join('')

function corpus(n: number, extra: string): ReturnType<typeof makeArticle>[] {
  return Array.from({ length: n }, (_, i) =>
    makeArticle(
      {
        title: `Harbour report ${i}`,
        paragraphs: [
          `The harbour board met on day ${i} and approved the new ${name(i)} quay.${extra}`,
          `"We will build it by spring," said the mayor, according to minutes seen by reporters.`,
          'Work on the crane is expected to begin later this year, weather permitting, at the east pier.',
        ],
      },
      `a-${i}`,
    ),
  )
}

describe('texts off the heap', () => {
  it('keeps every text and paragraph as it was, Latin-1, wide and odd characters alike', () => {
    const plain = corpus(12_000, ' Fees: £20 for a day.')
    const wide = corpus(12_000, ' “Quoted” – Zelenskyy said 👍🏽 and \ud800 stayed.')
    const all = [...plain, ...wide]
    const before = all.map((a) => ({ text: a.text, paragraphs: [...a.paragraphs] }))
    const chars = all.reduce((n, a) => n + a.text.length, 0)
    expect(chars).toBeGreaterThan(4_000_000)
    const external = process.memoryUsage().external
    moveTextsOffHeap(all)
    // The characters now lie in memory Node keeps outside V8's heap.
    expect(process.memoryUsage().external - external).toBeGreaterThan(chars / 2)
    all.forEach((a, i) => {
      expect(a.text).toBe(before[i].text)
      expect(a.paragraphs).toEqual(before[i].paragraphs)
      expect(a.paragraphs.join('\n\n')).toBe(a.text)
    })
    // A second call moves nothing again.
    const now = process.memoryUsage().external
    moveTextsOffHeap(all)
    expect(process.memoryUsage().external - now).toBeLessThan(1_000_000)
  })

  it("leaves a caller's paragraphs alone when they are not its text's", () => {
    const text = `${'Quay works go on. '.repeat(150_000)}End.`
    const odd = { ...makeArticle({ title: 'Odd', text }, 'odd'), paragraphs: ['Another paragraph.', 'And one more.'] }
    const fine = makeArticle({ title: 'Fine', paragraphs: ['Storm warning.', 'Harbour closed.'] }, 'fine')
    moveTextsOffHeap([odd, fine])
    expect(odd.text).toBe(text)
    expect(odd.paragraphs).toEqual(['Another paragraph.', 'And one more.'])
    expect(fine.paragraphs).toEqual(['Storm warning.', 'Harbour closed.'])
    expect(fine.text).toBe('Storm warning.\n\nHarbour closed.')
  })

  it('decodes many texts together into the same strings', () => {
    const texts = ['Port', '', 'Storm “over” the quay 👍', 'x'.repeat(70)]
    const bytes = Buffer.concat(texts.map((t) => Buffer.from(t, 'utf16le')))
    expect(
      decodeTogether(
        bytes,
        texts.map((t) => Buffer.byteLength(t, 'utf16le')),
        'utf16le',
      ),
    ).toEqual(texts)
    const latin = ['Fees £20', 'café', '']
    expect(
      decodeTogether(
        Buffer.concat(latin.map((t) => Buffer.from(t, 'latin1'))),
        latin.map((t) => t.length),
        'latin1',
      ),
    ).toEqual(latin)
  })

  it('saves texts with characters beyond Latin-1 and reads them back as they were', async () => {
    const articles = corpus(8_000, ' “Quoted” – Zelenskyy said 👍🏽.')
    const engine = Newsdesk.build(articles)
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-offheap-'))
    try {
      await engine.save(dir)
      const restored = await Newsdesk.restore(dir)
      expect(restored).not.toBeNull()
      const question = `What did the harbour board approve about the ${name(4711)} quay?`
      const answer = engine.ask(question)
      expect(answer.kind === 'answer' && answer.excerpts[0].text).toContain(name(4711))
      expect(restored?.ask(question)).toEqual(engine.ask(question))
      expect(restored?.quote('mayor')).toEqual(engine.quote('mayor'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
