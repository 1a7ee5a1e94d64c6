import { describe, expect, it } from 'vitest'
import { Newsdesk } from '../../src/index.js'
import { FOX, folderWith, K24, SEEDS } from './helpers.js'

describe('ask()', async () => {
  const engine = await Newsdesk.fromDirectory(SEEDS)
  const textOf = (id: string): string => engine.articles.find((a) => a.id === id)!.text

  it.each([
    ['How many airstrikes did Russia launch?', K24, 'more than 60 airstrikes'],
    ['Who is the White House press secretary?', FOX, 'Karoline Leavitt'],
    ['What did Witkoff say about security guarantees?', K24, 'robust security guarantees'],
    ['Will U.S. troops be sent to Ukraine?', FOX, 'troops'],
  ])('%s', (question, article, words) => {
    const r = engine.ask(question)
    expect(r.answered).toBe(true)
    expect(r.excerpts.length).toBeGreaterThan(0)
    expect(r.excerpts.length).toBeLessThanOrEqual(3)
    const first = r.excerpts[0]
    expect(first.text).toContain(words)
    expect(first.article.id).toBe(article)
    // Verbatim: every excerpt stands in its article as it is.
    for (const e of r.excerpts) expect(textOf(e.article.id)).toContain(e.text)
    expect(r.articles.map((a) => a.id)).toContain(article)
  })

  it('cites title, outlet and nulls for what the article does not state', () => {
    const r = engine.ask('How many airstrikes did Russia launch?')
    expect(r.excerpts[0].article).toEqual({
      id: K24,
      title: 'Trump Envoy Says ‘Substantial Progress’ Achieved in Summit With Putin',
      outlet: 'Kurdistan24',
      url: null,
      published: null,
    })
  })

  it('gives the speaker when the excerpt is a quotation', () => {
    const r = engine.ask('What did Zelensky say about security?')
    expect(r.excerpts[0].speaker).toBe('Volodymyr Zelenskyy')
  })

  it('never answers with page furniture', () => {
    for (const q of [
      'Getty Images photo',
      'listen to Fox News articles',
      'JD Vance spotlight Oval Office dustup',
      'Fly Erbil',
    ]) {
      const r = engine.ask(q)
      for (const e of r.excerpts) expect(e.text).not.toMatch(/Getty|listen to|JD VANCE|Advertisment/)
    }
  })

  it('reads a follow-up with the question before it', () => {
    const alone = engine.ask('and what about Donetsk?')
    const followUp = engine.ask('and what about Donetsk?', { context: ['What did Witkoff say about the regions?'] })
    expect(followUp.answered).toBe(true)
    expect(followUp.excerpts[0].text).toContain('Donetsk')
    expect(followUp.excerpts[0].speaker).toBe('Steve Witkoff')
    expect(alone.excerpts[0]?.text ?? '').toContain('Donetsk')
  })

  it.each([
    'What is the capital of France?',
    'Who won the football match last night?',
    'How do I bake a chocolate cake?',
    '¿Qué tiempo hace hoy en Madrid?',
    '🍕🍕🍕',
    '',
    '   ',
  ])('abstains on %j with a message, never a throw', (question) => {
    const r = engine.ask(question)
    expect(r.answered).toBe(false)
    expect(r.excerpts).toEqual([])
    expect(r.message.length).toBeGreaterThan(10)
  })

  it('reads the first 2,000 characters of a 10,000-character paste, and says so', () => {
    const paste = 'security guarantees for Ukraine '.repeat(320).slice(0, 10_000)
    const r = engine.ask(paste)
    expect(r.query).toBe(paste.slice(0, 2000))
    expect(r.message).toMatch(/\(Only its first 2,000 characters were read\.\)$/)
    // One 40,000-letter "word" (Slack allows such messages): no spelling variants are looked for.
    const word = engine.quote('x'.repeat(40_000))
    expect(word.message).toMatch(/first 2,000 characters/)
  })

  it('shows a statement two articles share once, citing both', () => {
    const shared = 'The bridge will stay closed until the end of March, the council said on Tuesday.'
    const dir = folderWith({
      'a.json': JSON.stringify({
        title: 'Bridge closure extended',
        outlet: 'Daily A',
        text: `${shared}\n\nDrivers face long detours.`,
      }),
      'b.json': JSON.stringify({
        title: 'Council keeps bridge shut',
        outlet: 'Weekly B',
        text: `Traffic was heavy on Monday.\n\n${shared}`,
      }),
      'c.json': JSON.stringify({ title: 'Unrelated', text: 'The zoo welcomed a new giraffe.' }),
    })
    return Newsdesk.fromDirectory(dir).then((e) => {
      const r = e.ask('How long will the bridge stay closed?')
      expect(r.excerpts[0].text).toBe(shared)
      expect([r.excerpts[0].article.outlet, ...r.excerpts[0].also.map((a) => a.outlet)].sort()).toEqual([
        'Daily A',
        'Weekly B',
      ])
      expect(r.excerpts.filter((x) => x.text === shared)).toHaveLength(1)
      expect(r.articles.map((a) => a.outlet).sort()).toEqual(['Daily A', 'Weekly B'])
    })
  })
})

describe('source()', async () => {
  const engine = await Newsdesk.fromDirectory(SEEDS)

  it('lists the corpus with quotation counts when given nothing', () => {
    const r = engine.source()
    expect(r.answered).toBe(true)
    expect(r.articles).toHaveLength(2)
    expect(r.articles.map((a) => ({ id: a.id, quotes: (a as { quotes: number }).quotes }))).toEqual(
      expect.arrayContaining([
        { id: FOX, quotes: 8 },
        { id: K24, quotes: 12 },
      ]),
    )
  })

  it('finds the articles that back a claim, each with its best excerpt', () => {
    const r = engine.source('Russia launched more than 60 airstrikes')
    expect(r.answered).toBe(true)
    expect(r.articles[0].id).toBe(K24)
    expect(r.excerpts[0].text).toContain('60 airstrikes')
  })

  it('lists every article on a topic', () => {
    const r = engine.source('Witkoff')
    expect(new Set(r.articles.map((a) => a.id))).toEqual(new Set([FOX, K24]))
  })

  it('says when no article supports a claim', () => {
    const r = engine.source('Bananas are the main export of Iceland')
    expect(r.answered).toBe(false)
    expect(r.message).toMatch(/No article among the 2 articles I have supports that/)
  })
})
