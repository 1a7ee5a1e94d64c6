// What a question asks for (a person, a number, a date, a reason) and whether a passage holds it.
import { describe, expect, it } from 'vitest'
import { type AnswerType, answerType, hasAnswerType } from '../../src/answer/question.js'
import { Newsdesk } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import type { Article } from '../../src/types.js'

// The kinds of answer without which an excerpt cannot answer at all.
const REQUIRED = new Set<string | null>(['date', 'number', 'place'])

describe('answerType', () => {
  it.each<[string, AnswerType]>([
    ['Who chairs the glassblowers guild?', 'person'],
    ['whom did the council appoint?', 'person'],
    ['Whose boat sank in the storm?', 'person'],
    ['Which official signed the order?', 'person'],
    ['And who said the pier was unsafe?', 'person'],
    ['How many tonnes of pears were picked?', 'number'],
    ['How much did the repairs cost?', 'number'],
    ['How long is the new pier?', 'number'],
    ['What percentage of visitors were children?', 'number'],
    ['When did the lighthouse reopen?', 'date'],
    ['In what year was the pier built?', 'date'],
    ['Since when has the ferry been running?', 'date'],
    ['Why was the ferry paused?', 'reason'],
    ['What was the reason for the closure?', 'reason'],
    ['For what reason did the bakery close?', 'reason'],
    ['How come the market moved?', 'reason'],
    ['Where does the ferry dock?', 'place'],
    ['What did the council decide?', null],
    ['Tell me about the pear harvest', null],
    ['lighthouse museum', null],
  ])('%s → %s', (question, expected) => {
    expect(answerType(question)).toBe(expected)
  })

  it('ignores case and surrounding white space', () => {
    expect(answerType('   WHO opened the museum?  ')).toBe('person')
    expect(answerType('\tHOW MANY visitors came?')).toBe('number')
  })

  it('reads "who" before any other kind when a question holds several', () => {
    expect(answerType('Who said when the ferry would sail again?')).toBe('person')
  })
})

describe('hasAnswerType', () => {
  it.each<[AnswerType, string]>([
    ['person', 'Maren Ostrova chairs the guild.'],
    ['person', 'The vote was close, and later she thanked the members.'],
    ['person', 'The fisheries minister signed the order.'],
    ['number', 'Orchards picked 1,200 tonnes of pears.'],
    ['number', 'The council expects four thousand visitors.'],
    ['number', 'Several boats stayed in port.'],
    ['date', 'The museum reopened on Saturday.'],
    ['date', 'The pier was built in 1998.'],
    ['date', 'Sailings resume on 14 March.'],
    ['date', 'The market moved last week.'],
    ['reason', 'The ferry was paused because a storm damaged the pier.'],
    ['reason', 'Sailings stopped due to high winds.'],
    ['reason', 'The closure led to long queues.'],
  ])('finds a %s in %j', (type, text) => {
    expect(hasAnswerType(text, type)).toBe(true)
  })

  it.each<[AnswerType, string]>([
    ['person', 'the pears were ripe and sweet.'],
    ['number', 'No figures were given.'],
    ['number', 'Someone left the gate open.'],
    ['date', 'The pier was old and narrow.'],
    ['reason', 'The ferry sailed as usual.'],
  ])('finds no %s in %j', (type, text) => {
    expect(hasAnswerType(text, type)).toBe(false)
  })

  it('finds nothing when the question asks for nothing in particular', () => {
    expect(hasAnswerType('Maren Ostrova picked 1,200 pears on Saturday because it was sunny.', null)).toBe(false)
  })
})

describe('ask prefers the excerpt holding what the question asks for', () => {
  // Each article states the same thing twice, in equally long sentences, once without and once with
  // what the question asks for; the one without comes first, so only the answer type can lift the other.
  const cases: Array<{ type: AnswerType; question: string; without: string; holding: string }> = [
    {
      type: 'number',
      question: 'How much did the Tamsin valley pear harvest weigh?',
      without: 'The Tamsin valley pear harvest was large and remarkably sweet this season.',
      holding: 'The Tamsin valley pear harvest was large, at 1,200 tonnes.',
    },
    {
      type: 'date',
      question: 'When did the Skerrow ferry resume sailing?',
      without: 'The Skerrow ferry resumed sailing with a new captain.',
      holding: 'The Skerrow ferry resumed sailing on 14 March.',
    },
    {
      type: 'person',
      question: 'Who restored the Wenlow lighthouse lantern?',
      without: 'Local volunteers restored the Wenlow lighthouse lantern last winter.',
      holding: 'Tomas Brenner restored the Wenlow lighthouse lantern last winter.',
    },
    {
      type: 'reason',
      question: 'Why did the Orla bakery close?',
      without: 'The Orla bakery closed its doors for the whole winter.',
      holding: 'The Orla bakery closed because its old oven had failed.',
    },
  ]
  const articles: Article[] = [
    ...cases.map((c, i) =>
      makeArticle({ id: `story-${c.type}`, title: `Local notes ${i + 1}`, paragraphs: [c.without, c.holding] }, 'x'),
    ),
    makeArticle({ id: 'weather', title: 'Weather', paragraphs: ['Rain is expected across the coast all week.'] }, 'x'),
  ]
  const engine = Newsdesk.build(articles)
  const typeBlind = Newsdesk.build(articles, { tuning: { typeBonus: 0, typeMismatch: 0 } })

  it.each(cases)('$type: "$question"', ({ type, question, without, holding }) => {
    expect(answerType(question)).toBe(type)
    expect(hasAnswerType(holding, type)).toBe(true)
    expect(hasAnswerType(without, type)).toBe(false)
    const r = engine.ask(question)
    expect(r.kind).toBe('answer')
    expect(r.excerpts[0].text).toBe(holding)
    expect(r.excerpts[0].article.id).toBe(`story-${type}`)
    // Blind to answer types, the two sentences tie and the first one wins — except where an
    // answer without the thing asked for is wrong, not weaker (a "when" with no date).
    expect(typeBlind.ask(question).excerpts[0].text).toBe(REQUIRED.has(type) ? holding : without)
  })

  const only = (text: string) =>
    Newsdesk.build([makeArticle({ id: 'solo', title: 'Local news', paragraphs: [text] }, 'x'), articles[4]])

  it('abstains on a "when", "how many" or "where" whose only matching sentence lacks a date, number or place', () => {
    for (const c of cases.filter((x) => REQUIRED.has(x.type))) {
      expect(only(c.without).ask(c.question).kind).toBe('none')
      expect(only(c.holding).ask(c.question).kind).toBe('answer')
    }
  })

  it('is less confident when the only matching sentence lacks a reason or a person', () => {
    const { question, without, holding } = cases.find((c) => c.type === 'reason')!
    const lacking = only(without).ask(question)
    const holdingIt = only(holding).ask(question)
    expect(lacking.confidence).toBeLessThan(holdingIt.confidence!)
    expect(lacking.confidence!).toBeCloseTo(holdingIt.confidence! * (1 - engine.tuning.typeMismatch), 2)
  })

  it('reads "how long" as asking for a length of time or an end date', () => {
    expect(answerType('How long will the bridge stay closed?')).toBe('duration')
    expect(hasAnswerType('It stays closed until the end of March.', 'duration')).toBe(true)
    expect(hasAnswerType('It stays closed for three weeks.', 'duration')).toBe(true)
    expect(hasAnswerType('It stays closed for repairs.', 'duration')).toBe(false)
  })
})
