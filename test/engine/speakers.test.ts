// Who said a quotation: speakers introduced by a role, the verbs of speech, "he said", and the
// speaker of an `ask` excerpt. The articles are invented; a quotation under the wrong name is
// worse than none, so several tests check that nobody is credited.
import { describe, expect, it } from 'vitest'
import { Newsdesk } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import { extractQuotations } from '../../src/quotes/extract.js'
import { QuoteBook } from '../../src/quotes/quote-book.js'
import type { Article } from '../../src/types.js'

let count = 0
const article = (...paragraphs: string[]): Article => {
  count++
  return makeArticle({ id: `a${count}`, title: `Story ${count}`, paragraphs }, `a${count}`)
}
/** Each quotation of the paragraphs as [speaker, role, first words]. */
const quotations = (...paragraphs: string[]): Array<[string, string | null, string]> =>
  extractQuotations(article(...paragraphs)).map((q) => [q.speaker, q.role, q.text.split(' ').slice(0, 3).join(' ')])

describe('speakers introduced by a role', () => {
  it.each([
    ['“The river is high again,” said analyst Hannah Ortiz.', 'Hannah Ortiz', 'analyst'],
    ['“The pier is not safe,” said fire chief Sandrine Morel.', 'Sandrine Morel', 'fire chief'],
    ['“Orders doubled in March,” said BWP managing director Martin Sabel.', 'Martin Sabel', 'BWP managing director'],
    ['“Prices will settle by summer,” senior economist Li Wei said.', 'Li Wei', 'senior economist'],
    ['“The ferry will not sail this week,” according to spokeswoman Ana Ruiz.', 'Ana Ruiz', 'spokeswoman'],
  ])('%s', (text, speaker, role) => {
    const [found] = extractQuotations(article(text))
    expect(found?.speaker).toBe(speaker)
    expect(found?.role).toBe(role)
  })

  it('credits the person, never the organisation or the person named in front of the role', () => {
    expect(quotations('“We will appeal,” said Ortiz’s lawyer Jana Doyle.')).toEqual([
      ['Jana Doyle', 'Ortiz’s lawyer', 'We will appeal'],
    ])
    expect(quotations('“Sales held up,” said Marrow Mills spokeswoman, Ida Brenner.')).toEqual([
      ['Ida Brenner', 'Marrow Mills spokeswoman', 'Sales held up'],
    ])
    const engine = Newsdesk.build([article('“Orders doubled in March,” said BWP managing director Martin Sabel.')])
    expect(engine.quote('BWP').answered).toBe(false)
    const r = engine.quote('Sabel')
    expect(r.excerpts.map((e) => [e.speaker, e.text])).toEqual([['Martin Sabel', 'Orders doubled in March']])
  })
})

describe('verbs of speech', () => {
  it.each([
    'concluded',
    'added',
    'warned',
    'insisted',
    'wrote',
    'argued',
    'explained',
    'noted',
    'asked',
    'replied',
    'continued',
    'declared',
    'announced',
    'acknowledged',
    'admitted',
    'claimed',
    'recalled',
    'urged',
    'cautioned',
    'stressed',
    'emphasised',
    'emphasized',
    'remarked',
    'observed',
    'conceded',
    'tweeted',
    'posted',
  ])('“…,” fire chief Sandrine Morel %s', (verb) => {
    expect(quotations(`“The pier is not safe,” fire chief Sandrine Morel ${verb}.`)).toEqual([
      ['Sandrine Morel', 'fire chief', 'The pier is'],
    ])
  })

  it('takes "posted" for speech only beside a quotation, not for a name in quotes later on', () => {
    expect(quotations('Hannah Ortiz posted: “The river is high again.”')).toEqual([
      ['Hannah Ortiz', null, 'The river is'],
    ])
    expect(quotations('Hannah Ortiz posted a photo of the “Fun Zone” stall at the fair.')).toEqual([])
  })
})

describe('"he said" and the quotations around it', () => {
  it('credits "she said" to the one person the story has named, and to nobody once another is named', () => {
    expect(quotations('Hannah Ortiz runs the mill at Wenlow. “The river is high again,” she said.')).toEqual([
      ['Hannah Ortiz', null, 'The river is'],
    ])
    // Reyes spoke last, but Ortiz is the subject since: "she" may be either.
    expect(
      quotations(
        '“The wheel is turning again,” said Tomas Reyes. But Hannah Ortiz doubts the repair will last. ' +
          '“It will break by May,” she said.',
      ),
    ).toEqual([['Tomas Reyes', null, 'The wheel is']])
  })

  it('follows a speaker named after the verb ("said Rob Walsh") to a later "he said"', () => {
    expect(
      quotations(
        'Studio head Jon Pell called the game “a lucid dream”. Costs will keep rising, said Rob Walsh. ' +
          '“No start-up can pay that,” he said.',
      ),
    ).toEqual([
      ['Jon Pell', 'Studio head', 'a lucid dream'],
      ['Rob Walsh', null, 'No start-up can'],
    ])
  })

  it('does not run a name across a full stop ("… behind Lyon. He added")', () => {
    expect(
      quotations('Ferro Dunn said his side had finished second behind Lyon. He added: “We will be back next year.”'),
    ).toEqual([['Ferro Dunn', null, 'We will be']])
  })

  it('reads past an aside with commas to the speaker ("Evan Tull, from Harlow, Essex, said")', () => {
    expect(
      quotations(
        'Evan Tull, from Harlow, Essex, said he would rent out the space. “It is mine to sell,” he told the radio.',
      ),
    ).toEqual([['Evan Tull', null, 'It is mine']])
  })
})

describe('the speaker of an excerpt', () => {
  const GUILD = article(
    'The Wenlow glassblowers guild elected Maren Ostrova as its chair on Tuesday.',
    '“We will teach apprentices again,” Ostrova said after the vote. “Every furnace in the quarter will take one.”',
    '“We will teach apprentices again, starting with the summer school,” Ostrova said, while Teodor Vask called ' +
      'the plan “rushed”.',
  )
  const HARBOUR = article(
    'Harbour master Ines Calloway inspected the storm damage at the Skerrow landing on Monday.',
    '“The landing will reopen in three weeks,” she said.',
  )
  const book = QuoteBook.build([GUILD, HARBOUR])
  const span = (a: Article, words: string): [number, number] => {
    const start = a.text.indexOf(words)
    return [start, start + words.length]
  }

  it('is the speaker of all the quotations it holds, together most of it', () => {
    const both = span(
      GUILD,
      '“We will teach apprentices again,” Ostrova said after the vote. “Every furnace in the quarter will take one.”',
    )
    expect(book.quotationIn(0, ...both)?.speaker).toBe('Maren Ostrova')
    const engine = Newsdesk.build([GUILD, HARBOUR])
    const r = engine.ask('Will every furnace in the quarter take apprentices again?')
    expect(r.excerpts[0]?.text).toContain('Every furnace in the quarter will take one')
    expect(r.excerpts[0]?.speaker).toBe('Maren Ostrova')
  })

  it('is nobody when the quotations are two people’s', () => {
    const mixed = span(GUILD, GUILD.paragraphs[2])
    expect(book.quotationIn(0, ...mixed)).toBeNull()
  })

  it('is the person a "she said" quotation is credited to', () => {
    const engine = Newsdesk.build([GUILD, HARBOUR])
    const r = engine.ask('When will the Skerrow landing reopen?')
    const quoted = r.excerpts.find((e) => e.text.includes('reopen in three weeks'))
    expect(quoted?.speaker).toBe('Ines Calloway')
  })
})
