// The three renderers (terminal text, Slack Block Kit, Discord embeds) for each kind of Result.
import type { KnownBlock } from '@slack/types'
import { describe, expect, it } from 'vitest'
import { renderText } from '../../adapters/cli/render-text.js'
import { renderEmbeds } from '../../adapters/discord/render.js'
import { renderResult, SHARE_ACTION } from '../../adapters/slack/blocks.js'
import type { Answer, Citation, Listing, NoAnswer } from '../../src/index.js'
import { Newsdesk } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'
import { fromText } from '../../src/ingest/load.js'

const PIER: Citation = {
  id: 'pier',
  title: 'Harbour council approves new pier',
  outlet: 'Wenlow Courier',
  url: 'https://example.com/pier',
  published: '2025-03-12',
}
const FERRY: Citation = { id: 'ferry', title: 'Ferry to Skerrow paused', outlet: null, url: null, published: null }
const GUILD: Citation = {
  id: 'guild',
  title: 'Glassblowers elect a new chair',
  outlet: 'Coast Weekly',
  url: 'https://example.org/guild',
  published: '2025-04-02',
}

const APPROVED = 'The harbour council approved a new pier on Tuesday.'
const SPRING = '“The pier will be finished by spring,” Ostrova said.'

const ANSWER: Answer = {
  kind: 'answer',
  command: 'ask',
  query: 'What did the council decide about the pier?',
  answered: true,
  message: '2 excerpts from 3 articles.',
  excerpts: [
    { text: APPROVED, speaker: null, article: PIER, score: 3, also: [FERRY] },
    { text: SPRING, speaker: 'Maren Ostrova', article: GUILD, score: 2, also: [] },
  ],
  articles: [PIER, FERRY, GUILD],
  confidence: 0.8,
}

const LISTING: Listing = {
  kind: 'listing',
  command: 'source',
  query: '',
  answered: true,
  message: '3 articles.',
  excerpts: [],
  articles: [
    { ...GUILD, quotes: 2 },
    { ...PIER, quotes: 1 },
    { ...FERRY, quotes: 0 },
  ],
}

const NEAREST: NoAnswer = {
  kind: 'none',
  command: 'ask',
  query: 'Who won the regatta?',
  answered: false,
  message: 'I found no answer to that in the 3 articles I have.',
  excerpts: [],
  articles: [FERRY],
  confidence: 0.3,
}

const NOTHING: NoAnswer = {
  kind: 'none',
  command: 'ask',
  query: 'Who won the chess tournament?',
  answered: false,
  message: 'I found no answer to that in the 3 articles I have.',
  excerpts: [],
  articles: [],
  confidence: 0,
}

describe('renderText (terminal)', () => {
  it('shows each excerpt as a numbered quotation with its speaker, then the numbered citations', () => {
    expect(renderText(ANSWER)).toBe(
      [
        '2 excerpts from 3 articles.',
        '',
        `  > ${APPROVED}`,
        '    [1][2]',
        '',
        `  > ${SPRING}`,
        '    — Maren Ostrova [3]',
        '',
        '  [1] Harbour council approves new pier — Wenlow Courier, 2025-03-12 <https://example.com/pier>',
        '  [2] Ferry to Skerrow paused',
        '  [3] Glassblowers elect a new chair — Coast Weekly, 2025-04-02 <https://example.org/guild>',
      ].join('\n'),
    )
  })

  it('wraps a long excerpt without losing a word', () => {
    const long = `${'The harbour council met for six hours before it approved the pier. '.repeat(4)}`.trim()
    const text = renderText({ ...ANSWER, excerpts: [{ ...ANSWER.excerpts[0], text: long }] })
    const quoted = text.split('\n').filter((l) => l.startsWith('  > '))
    expect(quoted.length).toBeGreaterThan(1)
    for (const l of quoted) expect(l.length).toBeLessThanOrEqual(80)
    expect(quoted.map((l) => l.slice(4)).join(' ')).toBe(long)
  })

  it('lists the corpus with numbers and quote counts ("· 1 quote", "· 2 quotes")', () => {
    expect(renderText(LISTING)).toBe(
      [
        '3 articles.',
        '  1. Glassblowers elect a new chair — Coast Weekly, 2025-04-02 <https://example.org/guild> · 2 quotes',
        '  2. Harbour council approves new pier — Wenlow Courier, 2025-03-12 <https://example.com/pier> · 1 quote',
        '  3. Ferry to Skerrow paused · 0 quotes',
      ].join('\n'),
    )
  })

  it('offers the nearest articles of a no-answer under "You could look at"', () => {
    expect(renderText(NEAREST)).toBe(
      [NEAREST.message, '', '  You could look at:', '  [1] Ferry to Skerrow paused'].join('\n'),
    )
  })

  it('shows only the message when a no-answer has nothing to offer', () => {
    expect(renderText(NOTHING)).toBe(NOTHING.message)
  })
})

/** The mrkdwn and plain texts of sections and context blocks, in order. */
function texts(blocks: KnownBlock[]): string[] {
  const out: string[] = []
  for (const b of blocks) {
    if (b.type === 'section' && b.text !== undefined) out.push(b.text.text)
    if (b.type === 'context') for (const el of b.elements) if ('text' in el) out.push(el.text)
  }
  return out
}

describe('renderResult (Slack)', () => {
  it('shows numbered excerpts with their citations and speaker, then linked citations', () => {
    const { text, blocks } = renderResult(ANSWER)
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'section', 'context'])
    expect(texts(blocks)).toEqual([
      '2 excerpts from 3 articles.',
      `*1.* [1][2]\n>${APPROVED}`,
      `*2.* [3]\n>${SPRING}\n— Maren Ostrova`,
      [
        '[1] <https://example.com/pier|Harbour council approves new pier> — Wenlow Courier, 2025-03-12',
        '[2] *Ferry to Skerrow paused*',
        '[3] <https://example.org/guild|Glassblowers elect a new chair> — Coast Weekly, 2025-04-02',
      ].join('\n'),
    ])
    // The notification text: the message and the start of the first excerpt.
    expect(text).toBe(`2 excerpts from 3 articles. “${APPROVED}”`)
  })

  it('lists the corpus with numbers and quote counts ("· 1 quote", "· 2 quotes")', () => {
    const { text, blocks } = renderResult(LISTING)
    expect(texts(blocks)).toEqual([
      '3 articles.',
      [
        '[1] <https://example.org/guild|Glassblowers elect a new chair> — Coast Weekly, 2025-04-02 · 2 quotes',
        '[2] <https://example.com/pier|Harbour council approves new pier> — Wenlow Courier, 2025-03-12 · 1 quote',
        '[3] *Ferry to Skerrow paused* · 0 quotes',
      ].join('\n'),
    ])
    expect(text).toBe('3 articles.')
  })

  it('offers the nearest articles of a no-answer under "You could look at"', () => {
    const { text, blocks } = renderResult(NEAREST)
    expect(texts(blocks)).toEqual([NEAREST.message, 'You could look at:\n[1] *Ferry to Skerrow paused*'])
    expect(text).toBe(NEAREST.message)
  })

  it('shows only the message when a no-answer has nothing to offer', () => {
    const { blocks } = renderResult(NOTHING)
    expect(texts(blocks)).toEqual([NOTHING.message])
    expect(texts(blocks).join('\n')).not.toContain('You could look at')
  })

  it('adds the Share button and echoes the question when asked to', () => {
    const { blocks } = renderResult(ANSWER, { echo: '/ask What did the council decide?', share: 'token-1' })
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '/ask What did the council decide?', emoji: true },
    })
    const last = blocks[blocks.length - 1]
    expect(last.type).toBe('actions')
    expect(last).toMatchObject({ elements: [{ action_id: SHARE_ACTION, value: 'token-1' }] })
  })

  it('escapes article text so it cannot ping a channel or forge a link', () => {
    const sneaky = 'Notice to <!channel> & @here: see <https://evil.example|the pier>.'
    const { blocks } = renderResult({ ...ANSWER, excerpts: [{ ...ANSWER.excerpts[0], text: sneaky }] })
    const excerpt = texts(blocks)[1]
    expect(excerpt).not.toContain('<!channel>')
    expect(excerpt).not.toContain('<https://evil.example')
    expect(excerpt).toContain('&lt;!channel&gt; &amp; @\u200bhere')
  })
})

describe('renderEmbeds (Discord)', () => {
  it('shows numbered excerpts with their citations and speaker, then linked citations and the outlets', () => {
    const embeds = renderEmbeds(ANSWER)
    expect(embeds).toHaveLength(1)
    expect(embeds[0].title).toBe('2 excerpts from 3 articles.')
    expect(embeds[0].description).toBe(
      [
        `**1.** [1][2]\n> ${APPROVED}`,
        `**2.** [3]\n> ${SPRING}\n— Maren Ostrova`,
        [
          '[1] [Harbour council approves new pier](https://example.com/pier) — Wenlow Courier, 2025-03-12',
          '[2] **Ferry to Skerrow paused**',
          '[3] [Glassblowers elect a new chair](https://example.org/guild) — Coast Weekly, 2025-04-02',
        ].join('\n'),
      ].join('\n\n'),
    )
    expect(embeds[0].footer).toEqual({ text: 'Wenlow Courier · Coast Weekly' })
  })

  it('numbers articles in the order the excerpts first cite them', () => {
    const swapped = renderEmbeds({ ...ANSWER, excerpts: [ANSWER.excerpts[1], ANSWER.excerpts[0]] })
    const description = swapped[0].description ?? ''
    expect(description).toContain('**1.** [1]\n> “The pier')
    expect(description).toContain('**2.** [2][3]\n> The harbour')
    expect(description).toContain('[1] [Glassblowers elect a new chair]')
  })

  it('lists the corpus with numbers and quote counts ("· 1 quote", "· 2 quotes")', () => {
    const embeds = renderEmbeds(LISTING)
    expect(embeds).toHaveLength(1)
    expect(embeds[0].title).toBe('3 articles.')
    expect(embeds[0].description).toBe(
      [
        '[1] [Glassblowers elect a new chair](https://example.org/guild) — Coast Weekly, 2025-04-02 · 2 quotes',
        '[2] [Harbour council approves new pier](https://example.com/pier) — Wenlow Courier, 2025-03-12 · 1 quote',
        '[3] **Ferry to Skerrow paused** · 0 quotes',
      ].join('\n'),
    )
  })

  it('lists the nearest articles of a no-answer under its message', () => {
    const embeds = renderEmbeds(NEAREST)
    expect(embeds).toHaveLength(1)
    expect(embeds[0].title).toBe(NEAREST.message)
    // "You could look at" once, as a heading over the list.
    expect(embeds[0].description).toBe('*You could look at:*\n[1] **Ferry to Skerrow paused**')
    // No article of it names an outlet.
    expect(embeds[0].footer).toBeUndefined()
  })

  it('is the message alone when a no-answer has nothing to offer', () => {
    const embeds = renderEmbeds(NOTHING)
    expect(embeds).toHaveLength(1)
    expect(embeds[0].title).toBe(NOTHING.message)
    expect(embeds[0].description).toBeUndefined()
  })

  it('escapes markdown in article text', () => {
    const embeds = renderEmbeds({
      ...ANSWER,
      excerpts: [{ ...ANSWER.excerpts[0], text: 'The *new* pier is __wide__.' }],
    })
    expect(embeds[0].description).toContain('The \\*new\\* pier is \\_\\_wide\\_\\_.')
  })
})

// Cuts keep whole characters: half an emoji would show as "�", and a lone surrogate can make a
// platform refuse the whole message.
describe('cuts at the platform limits', () => {
  const FAMILY = '👨‍👩‍👧‍👦'
  const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
  const emojiAnswer = (text: string, title: string): Answer => ({
    ...ANSWER,
    message: `${FAMILY.repeat(40)} ${ANSWER.message}`,
    excerpts: [{ ...ANSWER.excerpts[0], text, also: [] }],
    articles: [{ ...PIER, title }],
  })

  it('Slack: a long excerpt, title and echo are cut between whole emoji', () => {
    for (let shift = 0; shift < 11; shift++) {
      const text = 'x'.repeat(shift) + FAMILY.repeat(400)
      const rendered = renderResult(emojiAnswer(text, text), { echo: `/ask ${text}` })
      for (const s of JSON.stringify(rendered).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? []) {
        expect(LONE.test(JSON.parse(`{${s}}`).text)).toBe(false)
      }
      const header = rendered.blocks.find((b) => b.type === 'header') as { text: { text: string } }
      expect(header.text.text.length).toBeLessThanOrEqual(150)
      expect(header.text.text.endsWith('…')).toBe(true)
      expect(header.text.text.replace(/^\/ask x*/, '').slice(0, -1)).toMatch(/^(?:👨‍👩‍👧‍👦)*$/u)
    }
  })

  it('Slack: a cut never leaves half an escape (&am…) or half a link', () => {
    const rendered = renderResult({ ...ANSWER, excerpts: [{ ...ANSWER.excerpts[0], text: '&'.repeat(5000) }] })
    const quoted = rendered.blocks.map((b) => (b.type === 'section' ? (b.text?.text ?? '') : '')).join('\n')
    expect(quoted).toContain('&amp;…')
    expect(quoted).not.toMatch(/&(?!amp;|lt;|gt;)/)
  })

  it('Slack: a corpus listing longer than 50 blocks counts every article it leaves out', () => {
    const articles = Array.from({ length: 200 }, (_, i) => ({
      ...FERRY,
      id: `a${i}`,
      title: `${'&'.repeat(190)}\n${i}`,
      quotes: 0,
    }))
    const rendered = renderResult({ ...LISTING, articles })
    expect(rendered.blocks.length).toBeLessThanOrEqual(50)
    const sections = rendered.blocks.filter((b) => b.type === 'section').slice(1) as Array<{ text: { text: string } }>
    const shown = sections.reduce((n, b) => n + (b.text.text.match(/^\[\d+\]/gm) ?? []).length, 0)
    const more = rendered.blocks.at(-1) as { elements: Array<{ text: string }> }
    expect(shown + Number(/^(\d+) more not shown/.exec(more.elements[0].text)?.[1])).toBe(200)
    for (const b of sections) expect(b.text.text.length).toBeGreaterThan(0)
  })

  it('Slack: a listing line longer than a section gets a section of its own, never an empty one', () => {
    const long = { ...PIER, url: `https://example.com/${'|'.repeat(950)}`, outlet: '&'.repeat(600), quotes: 1 }
    const rendered = renderResult({ ...LISTING, articles: [long, { ...GUILD, quotes: 2 }] })
    expect(rendered.blocks.filter((b) => b.type === 'section')).toHaveLength(3)
    for (const b of rendered.blocks) {
      if (b.type === 'section') {
        expect(b.text?.text.length).toBeGreaterThan(0)
        expect(b.text?.text.length).toBeLessThanOrEqual(3000)
      }
    }
  })

  it('Discord: titles, excerpts and the footer are cut between whole emoji', () => {
    for (let shift = 0; shift < 11; shift++) {
      const text = 'x'.repeat(shift) + FAMILY.repeat(400)
      const embeds = renderEmbeds({ ...emojiAnswer(text, text), articles: [{ ...PIER, title: text, outlet: text }] })
      for (const e of embeds) {
        for (const s of [e.title, e.description, e.footer?.text]) {
          if (s !== undefined) expect(LONE.test(s)).toBe(false)
        }
      }
      expect(embeds[0].title?.length).toBeLessThanOrEqual(256)
      expect(embeds.at(-1)?.footer?.text.length).toBeLessThanOrEqual(200)
    }
  })

  it('the terminal shows a megabyte-long excerpt whole', () => {
    const text = 'word '.repeat(400_000).trim()
    const out = renderText({ ...ANSWER, excerpts: [{ ...ANSWER.excerpts[0], text }] })
    expect(out.split('\n').filter((l) => l.startsWith('  > ')).length).toBeGreaterThan(20_000)
  })
})

describe('the terminal', () => {
  it('never passes an article’s control characters (escape sequences) to the terminal', () => {
    const record = fromText('H\n\nThe harbour council approved the pier \u001b]0;pwned\u0007\u001b[2J on Tuesday.')
    const engine = Newsdesk.build([makeArticle(record, 'h.txt')])
    const out = renderText(engine.ask('What did the harbour council approve?'))
    expect(out).toContain('approved the pier')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
  })
})
