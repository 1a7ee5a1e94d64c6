// Excerpts are verbatim spans of their article; a question with no answer and an empty `source`
// are results too, never exceptions.
import { describe, expect, it } from 'vitest'
import { Newsdesk, type Result } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import type { Article } from '../../src/types.js'

const STAIR = 'Visitors can climb the spiral stair to the lantern room.'
const STEPS = 'The stair has 112 steps and a rope rail.'
const ELECTED = 'The Wenlow glassblowers guild elected Maren Ostrova as its chair on Tuesday.'
const WORKED = 'She has worked the furnace in the old quarter for twenty years.'
const QUOTE = '“We will teach apprentices again, starting with the summer school,” Ostrova said after the vote.'
const FIRST_VOTE = 'It was the first contested vote in the guild for a decade.'

const CORPUS: Article[] = [
  makeArticle(
    {
      id: 'guild',
      title: 'Glassblowers elect a new guild chair',
      outlet: 'Wenlow Courier',
      published: '2025-03-12',
      paragraphs: [`${ELECTED} ${WORKED}`, `${QUOTE} Members applauded.`, FIRST_VOTE],
    },
    'guild',
  ),
  makeArticle(
    {
      id: 'lighthouse',
      title: 'Lighthouse museum opens',
      outlet: 'Coast Weekly',
      published: '2025-04-02',
      paragraphs: [
        'The old lighthouse at Port Wenlow reopened on Saturday as a museum of coastal signalling.',
        `${STAIR} ${STEPS}`,
        'Entry is free for children under twelve.',
      ],
    },
    'lighthouse',
  ),
  makeArticle(
    {
      id: 'ferry',
      title: 'Ferry to Skerrow paused',
      published: '2025-02-20',
      paragraphs: [
        'The ferry between Port Wenlow and Skerrow island was paused after a storm damaged the landing pier. ' +
          'This left forty islanders without a daily crossing.',
        'Repairs to the pier should take three weeks, the harbour council said.',
      ],
    },
    'ferry',
  ),
  makeArticle(
    {
      id: 'pears',
      title: 'Pear growers report a record harvest',
      paragraphs: ['Orchards in the Tamsin valley picked 1,200 tonnes of pears this autumn, a record for the valley.'],
    },
    'pears',
  ),
]

const engine = Newsdesk.build(CORPUS)
const textOf = (id: string): string => CORPUS.find((a) => a.id === id)!.text

/** Every part of every excerpt stands in its article as written, within one paragraph. */
function expectVerbatim(result: Result): void {
  for (const e of result.excerpts) {
    const text = textOf(e.article.id)
    for (const part of e.text.split(' … ')) {
      expect(part.length).toBeGreaterThan(0)
      expect(text).toContain(part)
      expect(part).not.toContain('\n')
    }
  }
}

describe('joining sentences into an excerpt', () => {
  it('takes along the sentence before one that points back to it ("She …")', () => {
    const r = engine.ask('How long has she worked the furnace in the old quarter?')
    expect(r.kind).toBe('answer')
    expect(r.excerpts[0].text).toBe(`${ELECTED} ${WORKED}`)
    expectVerbatim(r)
  })

  it('takes along the next sentence of the paragraph when it adds question words', () => {
    const r = engine.ask('Can visitors climb the spiral stair to the lantern room, and how many steps?')
    expect(r.excerpts[0].text).toBe(`${STAIR} ${STEPS}`)
    // The joined excerpt is one span of the article, both sentences as they stand there.
    const text = textOf('lighthouse')
    const at = text.indexOf(STAIR)
    expect(text.slice(at, at + r.excerpts[0].text.length)).toBe(r.excerpts[0].text)
    expectVerbatim(r)
  })

  it('does not join when the two sentences would be longer than maxExcerptChars', () => {
    const tight = Newsdesk.build(CORPUS, { tuning: { maxExcerptChars: STAIR.length + 10 } })
    const r = tight.ask('Can visitors climb the spiral stair to the lantern room, and how many steps?')
    expect(r.excerpts[0].text).toBe(STAIR)
  })

  it('never reaches into the paragraph before, even for a sentence that points back ("It …")', () => {
    const r = engine.ask('Was it the first contested vote in the guild?')
    expect(r.excerpts[0].text).toBe(FIRST_VOTE)
  })

  it('names the speaker of an excerpt that is a quotation', () => {
    const r = engine.ask('What did Ostrova say about apprentices?')
    expect(r.excerpts[0].text).toBe(QUOTE)
    expect(r.excerpts[0].speaker).toBe('Maren Ostrova')
  })

  it.each([
    ['ask', 'How many islanders lost their daily crossing?'],
    ['ask', 'How many tonnes of pears did the Tamsin valley pick?'],
    ['ask', 'When did the lighthouse reopen as a museum?'],
    ['ask', 'Who is the chair of the glassblowers guild?'],
    ['source', 'a storm damaged the landing pier'],
    ['source', 'Port Wenlow'],
    ['quote', 'Ostrova'],
    ['quote', 'apprentices'],
  ] as const)('%s %j: every excerpt (each part between " … ") is verbatim article text', (command, text) => {
    const r = engine.run(command, text)
    expect(r.excerpts.length).toBeGreaterThan(0)
    expectVerbatim(r)
  })
})

describe('a question with no answer', () => {
  it('is a result of kind none whose message names the number of articles', () => {
    const r = engine.ask('Who won the chess tournament in Oslo?')
    expect(r.kind).toBe('none')
    expect(r.answered).toBe(false)
    expect(r.excerpts).toEqual([])
    expect(r.articles).toEqual([])
    expect(r.message).toBe('I found no answer to that in the 4 articles I have.')
    expect(r.confidence).toBe(0)
  })

  it('says "1 article" for a corpus of one', () => {
    const one = Newsdesk.build([CORPUS[3]])
    expect(one.ask('Who won the chess tournament in Oslo?').message).toBe(
      'I found no answer to that in the 1 article I have.',
    )
  })

  it('offers the nearest article when one came close, in the citations, named once', () => {
    const r = engine.ask('What does the harbour council think about tourism taxes in winter?')
    expect(r.kind).toBe('none')
    expect(r.confidence).toBeGreaterThan(0)
    expect(r.confidence).toBeLessThan(engine.options.minCoverage)
    expect(r.articles.map((a) => a.id)).toEqual(['ferry'])
    // The renderers list the nearest articles under "You could look at:"; the message does not repeat them.
    expect(r.message).toBe('I found no answer to that in the 4 articles I have.')
  })

  it('says so when the question has no word to look up', () => {
    const r = engine.ask('What is it?')
    expect(r.kind).toBe('none')
    expect(r.message).toContain('has no words I can look up in the 4 articles I have')
    expect(engine.ask('   ').kind).toBe('none')
  })
})

describe('source with no text', () => {
  it('lists the whole corpus, newest first, with each article’s number of quotations', () => {
    const r = engine.source('')
    expect(r.kind).toBe('listing')
    if (r.kind !== 'listing') return
    expect(r.command).toBe('source')
    expect(r.answered).toBe(true)
    expect(r.excerpts).toEqual([])
    expect(r.message).toBe('4 articles.')
    expect(r.articles.map((a) => [a.id, a.published])).toEqual([
      ['lighthouse', '2025-04-02'],
      ['guild', '2025-03-12'],
      ['ferry', '2025-02-20'],
      ['pears', null],
    ])
    expect(r.articles.find((a) => a.id === 'guild')!.quotes).toBe(1)
    expect(r.articles.find((a) => a.id === 'pears')!.quotes).toBe(0)
    expect(r.articles[0]).toEqual({
      id: 'lighthouse',
      title: 'Lighthouse museum opens',
      outlet: 'Coast Weekly',
      url: null,
      published: '2025-04-02',
      quotes: 0,
    })
  })

  it('treats white space as no text', () => {
    expect(engine.source('  \n ').kind).toBe('listing')
    expect(engine.run('source', '').kind).toBe('listing')
  })
})
