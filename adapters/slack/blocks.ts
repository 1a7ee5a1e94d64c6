import type { Button, KnownBlock } from '@slack/types'
import type { Citation, Result } from '../../src/index.js'
import { APOLOGY, LOOK_AT, quoteCount, stanceLabel } from '../shared/wording.js'
import { clip, clipMrkdwn, link, plainSafe, safe } from './safe-text.js'

// Slack's limits: 50 blocks a message, 3,000 characters a section, 150 a header. We stay
// under them with room for the framing blocks.
const MAX_BLOCKS = 50
const SECTION = 3000
const HEADER = 150
// A longer article URL is not linked: it would crowd out the answer (the title is still shown).
const LINKED_URL = 1000

export const SHARE_ACTION = 'newsdesk_share'
export const MORE_ACTION = 'newsdesk_more'

export interface Rendered {
  text: string
  blocks: KnownBlock[]
}

export interface RenderOptions {
  /** Repeat the command and question first (an ephemeral reply: Slack does not show the asker their command). */
  echo?: string
  /** Add the Share in channel button, carrying this value. */
  share?: string
  /** Add a "More quotations" button, carrying this value (the query and where the next page starts). */
  more?: string
  /** Credit line for a shared answer. */
  sharedBy?: string
}

function citationLine(n: number, c: Citation): string {
  const title = safe(clip(c.title, 200))
  const meta = [c.outlet, c.published]
    .filter((x): x is string => x !== null)
    .map((x) => safe(clip(x, 200)))
    .join(', ')
  const linked = c.url === null || c.url.length > LINKED_URL ? `*${title}*` : link(c.url, title)
  return `[${n}] ${linked}${meta === '' ? '' : ` — ${meta}`}`
}

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clipMrkdwn(text, SECTION) },
})
const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: clipMrkdwn(text, SECTION) }],
})

/**
 * A result as Block Kit: each excerpt as a numbered quotation with its speaker, then compact
 * citations; a plain-text fallback for notifications. Long results are cut at excerpt
 * boundaries with a pointer to /source.
 */
export function renderResult(result: Result, options: RenderOptions = {}): Rendered {
  const head: KnownBlock[] = []
  if (options.sharedBy !== undefined) head.push(context(`Shared by <@${options.sharedBy.replace(/[^A-Z0-9]/gi, '')}>`))
  if (options.echo !== undefined) {
    head.push({
      type: 'header',
      text: { type: 'plain_text', text: clip(plainSafe(options.echo.replace(/\s+/g, ' ')), HEADER), emoji: true },
    })
  }
  head.push(section(safe(clip(result.message, SECTION))))

  const tail: KnownBlock[] = []
  const buttons: Button[] = []
  if (options.more !== undefined) {
    buttons.push({
      type: 'button',
      text: { type: 'plain_text', text: 'More quotations' },
      action_id: MORE_ACTION,
      value: options.more,
    })
  }
  if (options.share !== undefined) {
    buttons.push({
      type: 'button',
      text: { type: 'plain_text', text: 'Share in channel' },
      action_id: SHARE_ACTION,
      value: options.share,
    })
  }
  if (buttons.length > 0) tail.push({ type: 'actions', elements: buttons })

  const body: KnownBlock[] = []
  let omitted = 0
  const room = (): number => MAX_BLOCKS - head.length - tail.length - body.length - 2 // citations + "n more"

  if (result.kind === 'listing') {
    // The corpus list: one line an article, packed into as few sections as fit.
    const lines = result.articles.map((a, i) => `${citationLine(i + 1, a)}${quoteCount(a.quotes)}`)
    let chunk = ''
    let inChunk = 0
    let shown = 0
    for (const line of lines) {
      // A line too long for any section starts its own (cut there) rather than leave an empty one.
      if (chunk !== '' && chunk.length + line.length + 1 > SECTION - 50) {
        if (room() <= 0) break
        body.push(section(chunk))
        shown += inChunk
        chunk = ''
        inChunk = 0
      }
      chunk += (chunk === '' ? '' : '\n') + line
      inChunk++
    }
    if (chunk !== '' && room() > 0) {
      body.push(section(chunk))
      shown += inChunk
    }
    // Counted, not read back from the text: a title may hold a line break of its own.
    omitted = lines.length - shown
    if (omitted > 0) body.push(context(`${omitted} more not shown.`))
    return { text: fallback(result, options), blocks: [...head, ...body, ...tail] }
  }

  const numbers = new Map<string, number>()
  result.articles.forEach((a, i) => {
    numbers.set(a.id, i + 1)
  })
  for (let i = 0; i < result.excerpts.length; i++) {
    if (room() <= 0) {
      omitted = result.excerpts.length - i
      break
    }
    const e = result.excerpts[i]
    const refs = [e.article, ...e.also].map((c) => `[${numbers.get(c.id) ?? '?'}]`).join('')
    const who = e.speaker === null ? '' : `\n— ${safe(clip(e.speaker, 200))}`
    // Cut before escaping, so a megabyte-long sentence is not escaped whole, and again after,
    // as escapes lengthen it.
    const quoted = clipMrkdwn(safe(clip(e.text, SECTION - 200)), SECTION - 200)
      .split('\n')
      .map((l) => `>${l}`)
      .join('\n')
    const stance = e.stance === undefined ? '' : `  _${stanceLabel(e.stance)}_`
    body.push(section(`*${i + 1}.* ${refs}${stance}\n${quoted}${who}`))
  }
  if (omitted > 0) body.push(context(`${omitted} more in /source`))
  if (result.articles.length > 0) {
    const lead = result.answered ? '' : `${LOOK_AT}\n`
    body.push(context(lead + result.articles.map((a, i) => citationLine(i + 1, a)).join('\n')))
  }
  return { text: fallback(result, options), blocks: [...head, ...body, ...tail] }
}

/** The notification text: the message and the start of the first excerpt. */
function fallback(result: Result, options: RenderOptions): string {
  const first = result.excerpts[0]
  const lead = options.echo === undefined ? '' : `${safe(clip(options.echo, 200))}: `
  const excerpt = first === undefined ? '' : ` “${safe(clip(first.text, 300))}”`
  return clipMrkdwn(`${lead}${safe(clip(result.message, 3000))}${excerpt}`, 3000)
}

/** A short apology: something failed, the detail is in the log. */
export function apology(): Rendered {
  return { text: APOLOGY, blocks: [section(APOLOGY)] }
}
