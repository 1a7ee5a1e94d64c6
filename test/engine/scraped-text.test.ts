// The plain-text reader on pages copied whole from a browser ("select all, copy"): the story is
// kept and the site's furniture around it is set aside. Every page below is invented for these tests.
import { describe, expect, it } from 'vitest'
import { cleanScrapedText } from '../../src/ingest/scraped-text.js'

/** Blocks separated by blank lines, as a copied page is saved. */
const page = (...blocks: string[]): string => `${blocks.join('\n\n')}\n`

const TITLE = 'Sea wall repairs finished a month early at Pellham'
const BODY = [
  'The sea wall at Pellham reopened on Monday, a month ahead of schedule, after repairs that cost £1.2m.',
  'Fishing boats returned to the inner harbour before dawn, the harbour master said.',
  'The council expects the remaining work on the promenade to finish by the end of the month.',
]

describe('a page copied whole', () => {
  it('finds the headline below the masthead, menus and a cookie banner, and the outlet its small print names', () => {
    const p = cleanScrapedText(
      page(
        'We use cookies to give you the best experience on our website.',
        'Accept all',
        'Pellham Post',
        'News',
        'Sport',
        'Weather',
        TITLE,
        'By Jane Roe',
        '12 May 2025',
        ...BODY,
        '© 2025 Pellham Post Ltd. All rights reserved.',
      ),
    )
    expect(p).toMatchObject({ title: TITLE, outlet: 'Pellham Post', outletFrom: 'masthead', author: 'Jane Roe' })
    expect(p.published).toBe('2025-05-12')
    expect(p.paragraphs).toEqual(BODY)
  })

  it('keeps the first line as the headline of an article pasted on its own', () => {
    const p = cleanScrapedText(page(TITLE, 'Work on the promenade goes on into the summer', 'By Jane Roe', ...BODY))
    expect(p.title).toBe(TITLE)
    expect(p.paragraphs).toEqual(BODY)
  })

  it('does not read the masthead date beside the site name as the story date', () => {
    const p = cleanScrapedText(
      page('Pellham Post', 'Tuesday, December 2, 2025', 'News', 'Sport', 'Jobs', TITLE, ...BODY),
    )
    expect(p.title).toBe(TITLE)
    expect(p.published).toBeNull()
  })

  it('sets aside teasers written as sentences, and the lists under "More from" and "Most read"', () => {
    const p = cleanScrapedText(
      page(
        TITLE,
        BODY[0],
        'Related',
        'The harbour trust spent £2m on the north pier last year, a record for the port.',
        BODY[1],
        BODY[2],
        'Most read',
        '1 Ferry fares to rise in spring',
        '2 Is this the best chip shop on the coast?',
        'More from Pellham',
        'Lifeboat crew rescues two kayakers',
        'The volunteers were called out twice in one afternoon.',
        '3 hours ago',
        'Pier café changes hands',
        'The new owners plan to open in the evenings.',
      ),
    )
    expect(p.paragraphs).toEqual(BODY)
  })

  it('keeps the story that goes on under a list of related headlines, to its last paragraph', () => {
    const related = ['Related coverage', 'Ferry fares to rise in spring', 'Pier café changes hands']
    expect(cleanScrapedText(page(TITLE, BODY[0], ...related, BODY[1], BODY[2])).paragraphs).toEqual(BODY)
    const last = cleanScrapedText(page(TITLE, BODY[0], BODY[1], ...related, BODY[2], 'JANE ROE', 'Terms', 'Privacy'))
    expect(last.paragraphs).toEqual(BODY)
  })

  it('keeps the story under a one-line promotion or a "Read more" link', () => {
    const p = cleanScrapedText(
      page(
        TITLE,
        BODY[0],
        'Sign up to our Morning Briefing newsletter',
        BODY[1],
        'Read more:',
        'Ferry fares to rise in spring',
        BODY[2],
        'The harbour master said the next inspection would be in the autumn.',
      ),
    )
    expect(p.paragraphs).toEqual([...BODY, 'The harbour master said the next inspection would be in the autumn.'])
  })

  it("sets aside a newsletter box, an app promotion, a call for readers' stories and the small print", () => {
    const p = cleanScrapedText(
      page(
        TITLE,
        BODY[0],
        'Get the Pellham Post in your inbox',
        'The best of the week, picked by the newsroom every Friday morning.',
        'Subscribe',
        BODY[1],
        'Follow every tide warning with the Post app, free to download for iPhone and Android.',
        'Have you been affected by the works? Email news@pellhampost.example and tell us your story.',
        BODY[2],
        'Sponsored: The garden gadget that every neighbour will ask you about.',
        'Copyright © 2025 Coast Media Ltd.',
      ),
    )
    expect(p.paragraphs).toEqual(BODY)
  })

  it("sets aside the writer's profile and a pull quote that repeats the story", () => {
    const quote = '“The wall will outlast all of us, and that was the whole point.”'
    const said = '“The wall will outlast all of us, and that was the whole point,” the harbour master said.'
    const p = cleanScrapedText(
      page(
        TITLE,
        'By Jane Roe',
        BODY[0],
        quote,
        said,
        BODY[1],
        'Jane Roe is a reporter covering the coast for the Pellham Post. She joined the paper in 2019.',
      ),
    )
    expect(p.author).toBe('Jane Roe')
    expect(p.paragraphs).toEqual([BODY[0], said, BODY[1]])
  })

  it("sets aside readers' comments from their heading to the end of the page", () => {
    const p = cleanScrapedText(
      page(
        TITLE,
        ...BODY,
        'Comments (2)',
        'seaview',
        '12/05/2025 08:14',
        'The wall looks better than it has in years, but the steps down to the beach are still slippery.',
        'Reply',
        'Pellham Post is published by Coast Media. Contact the newsroom on 01234 567890.',
      ),
    )
    expect(p.paragraphs).toEqual(BODY)
  })

  it('does not end the story at a count of comments in its share bar', () => {
    const p = cleanScrapedText(page(TITLE, 'Share', '42 comments', ...BODY))
    expect(p.paragraphs).toEqual(BODY)
  })

  it("keeps the story's own sentences that only look like furniture", () => {
    const story = [
      'Jane Smith is a nurse at Pellham General and has worked nights on the same ward for twenty years.',
      'The bakery sold 4,000 cookies at the fair, twice as many as last year.',
      'Copyright law will change next year, the minister said.',
      'Residents can sign up for the scheme at the town hall until the end of May.',
    ]
    expect(cleanScrapedText(page(TITLE, ...story)).paragraphs).toEqual(story)
  })

  it('reads bylines led by "Story by" or "Posted by", and date lines in parts', () => {
    const cases: Array<[string, string, string | null]> = [
      ['Story by Jane Roe · Photographs by Ann Lee', 'Jane Roe', null],
      ['Posted by Jane Roe on 5 February 2025', 'Jane Roe', '2025-02-05'],
      ['September 17, 2025 · Transport · By Jane Roe', 'Jane Roe', '2025-09-17'],
      ['Posted on March 14, 2025March 15, 2025 by Jane Roe', 'Jane Roe', '2025-03-14'],
    ]
    for (const [line, author, published] of cases) {
      const p = cleanScrapedText(page(TITLE, line, ...BODY))
      expect({ line, author: p.author, published: p.published }).toEqual({ line, author, published })
      expect(p.paragraphs).toEqual(BODY)
    }
  })

  it('keeps a caption with a credit at its end apart, and a standfirst above the byline as the summary', () => {
    const caption = 'Waves broke over the wall on Saturday evening. Photograph: Ann Lee/Pellham Post'
    const standfirst = 'The work was paid for by a government coastal grant.'
    const p = cleanScrapedText(page(TITLE, standfirst, 'By Jane Roe', caption, ...BODY))
    expect(p.captions).toEqual([caption])
    expect(p.summary).toBe(standfirst)
    expect(p.paragraphs).toEqual(BODY)
  })
})
