import { type APIEmbed, escapeMarkdown } from 'discord.js'
import type { Citation, Excerpt, Result } from '../../src/index.js'
import { cutToLength } from '../shared/cut.js'
import { countOf, LOOK_AT, quoteCount, stanceLabel } from '../shared/wording.js'

// Discord's limits: 4,096 characters a description, 256 a title, 2,048 a footer, 6,000 in all
// the embeds of a message, 10 embeds (and 25 fields of 1,024, which we do not use). We stay
// under them by leaving whole excerpts out, never by cutting the message in the middle of one.
const DESCRIPTION = 4096
const TOTAL = 6000
const MAX_EMBEDS = 10
const TITLE = 256
const FOOTER = 200
const EXCERPT = 1500
const COLOUR = 0x1d3557
// Headings, lists and masked links too: an excerpt starting "# " must not become a heading.
const ESCAPE_ALL = { heading: true, bulletedList: true, numberedList: true, maskedLink: true }
// Room kept for the "N more …" note at the end.
const NOTE = 80

/** Escapes Discord markdown, then shortens to `max` without leaving a dangling backslash. */
function safe(text: string, max: number): string {
  const { flat, whole } = flattened(text, max)
  // Escaping never shortens a text, so no more than `max` characters of it can be shown: a
  // megabyte-long sentence is cut (before a word) first, not escaped whole.
  const head = cutToLength(flat, max, { marker: '', words: true })
  const escaped = escapeMarkdown(head, ESCAPE_ALL)
  if (whole && head === flat && escaped.length <= max) return escaped
  let cut = cutToLength(escaped, max - 1, { marker: '', words: true })
  // An odd run of trailing backslashes would escape the ellipsis (or the next character).
  const slashes = /\\*$/.exec(cut)![0].length
  if (slashes % 2 === 1) cut = cut.slice(0, -1)
  return `${cut}…`
}

/**
 * The text on one line (white space collapsed, trimmed): all of it (`whole`), or, for a long text,
 * a start of it longer than `max` + 1, which is all a cut to `max` looks at. Collapsing a start
 * gives the start of the collapsed whole, so a megabyte-long text is read only as far as needed.
 */
function flattened(text: string, max: number): { flat: string; whole: boolean } {
  for (let n = 2 * max + 16; ; n *= 2) {
    if (n >= text.length) return { flat: text.replace(/\s+/g, ' ').trim(), whole: true }
    const flat = text.slice(0, n).replace(/\s+/g, ' ').trimStart()
    if (flat.length > max + 1) return { flat, whole: false }
  }
}

/** An article URL fit for a markdown link, or null (unknown, not http(s), or absurdly long). */
function linkable(url: string | null): string | null {
  if (url === null || url.length > 512 || !/^https?:\/\/\S+$/i.test(url)) return null
  return url.replace(/[()<>]/g, (c) => encodeURIComponent(c))
}

/** `[1] Title — Outlet, date`, the title linked when the URL is known. */
export function citationLine(n: number, c: Citation): string {
  const title = safe(c.title, 200)
  const url = linkable(c.url)
  const linked = url === null ? `**${title}**` : `[${title.replace(/[[\]]/g, '')}](${url})`
  const meta = [c.outlet === null ? null : safe(c.outlet, 80), c.published]
    .filter((x): x is string => x !== null && x !== '')
    .join(', ')
  return `[${n}] ${linked}${meta === '' ? '' : ` — ${meta}`}`
}

/** One excerpt as a numbered block quote, its article references and speaker. */
function excerptBlock(n: number, e: Excerpt, refs: number[]): string {
  const quoted = safe(e.text, EXCERPT)
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n')
  const speaker = e.speaker === null ? '' : `\n— ${safe(e.speaker, 100)}`
  const stance = e.stance === undefined ? '' : ` *${stanceLabel(e.stance)}*`
  return `**${n}.** ${refs.map((r) => `[${r}]`).join('')}${stance}\n${quoted}${speaker}`
}

/**
 * A result as embeds: excerpts as numbered block quotes with their speaker, then the citations
 * as a compact list and the outlets in the footer. Excerpts that do not fit Discord's limits are
 * left out whole (with a note saying how many); a long result spreads over several embeds.
 */
export function renderEmbeds(result: Result): APIEmbed[] {
  const title = safe(result.message, TITLE)
  const outlets = [
    ...new Set(result.articles.map((a) => a.outlet).filter((o): o is string => o !== null && o.trim() !== '')),
  ]
  const footer = safe(outlets.join(' · '), FOOTER)
  const budget = TOTAL - title.length - footer.length - NOTE

  // Blocks in order; each may bring citation lines it needs (its article and corroborations).
  const blocks: string[] = []
  const citations: string[] = []
  let used = 0
  let omitted = 0
  let noun = 'excerpt'
  if (result.kind === 'listing') {
    noun = 'article'
    const list = result.articles
    for (let i = 0; i < list.length; i++) {
      const a = list[i]
      const line = `${citationLine(i + 1, a)}${quoteCount(a.quotes)}`
      if (used + line.length + 1 > budget) {
        omitted = list.length - i
        break
      }
      blocks.push(line)
      used += line.length + 1
    }
  } else {
    // Articles are numbered in the order the shown excerpts first cite them.
    const numbers = new Map<string, number>()
    for (let i = 0; i < result.excerpts.length; i++) {
      const e = result.excerpts[i]
      const cited = [e.article, ...e.also].filter((c, k, all) => all.findIndex((x) => x.id === c.id) === k)
      const fresh = cited.filter((c) => !numbers.has(c.id))
      const lines = fresh.map((c, k) => citationLine(numbers.size + k + 1, c))
      const refs = cited.map((c) => numbers.get(c.id) ?? numbers.size + fresh.findIndex((f) => f.id === c.id) + 1)
      const block = excerptBlock(i + 1, e, refs)
      const cost = block.length + 2 + lines.reduce((n, l) => n + l.length + 1, 0)
      if (used + cost > budget) {
        omitted = result.excerpts.length - i
        break
      }
      for (const c of fresh) numbers.set(c.id, numbers.size + 1)
      blocks.push(block)
      citations.push(...lines)
      used += cost
    }
    // Articles the result names without an excerpt (e.g. the nearest ones for a question with
    // no answer) are listed after, as room allows.
    // A no-answer's nearest articles get the heading the other renderers give them.
    if (result.kind === 'none' && result.articles.length > 0) citations.push(`*${LOOK_AT}*`)
    for (const a of result.articles) {
      if (numbers.has(a.id)) continue
      const line = citationLine(numbers.size + 1, a)
      if (used + line.length + 1 > budget) break
      numbers.set(a.id, numbers.size + 1)
      citations.push(line)
      used += line.length + 1
    }
  }
  if (omitted > 0) {
    const hint = noun === 'article' ? ': try /source with a query' : ''
    blocks.push(`*${countOf(omitted, `more ${noun}`)} not shown${hint}.*`)
  }
  if (result.kind === 'answer' && result.total !== undefined && result.total > result.excerpts.length) {
    blocks.push('*More with the page: option of /quote.*')
  }
  if (citations.length > 0) blocks.push(citations.join('\n'))

  // Pack the blocks into descriptions of at most 4,096 characters.
  // A corpus listing is a compact list; excerpts get a blank line between them.
  const tight = result.kind === 'listing'
  const descriptions: string[] = []
  let current = ''
  for (const block of blocks) {
    const pieces = block.length <= DESCRIPTION ? [block] : block.split('\n')
    for (const piece of pieces) {
      const joined = current === '' ? piece : `${current}${pieces.length > 1 || tight ? '\n' : '\n\n'}${piece}`
      if (joined.length <= DESCRIPTION) {
        current = joined
      } else {
        descriptions.push(current)
        current = piece
      }
    }
  }
  if (current !== '') descriptions.push(current)

  const embeds: APIEmbed[] = descriptions.slice(0, MAX_EMBEDS).map((description) => ({ color: COLOUR, description }))
  if (embeds.length === 0) embeds.push({ color: COLOUR })
  embeds[0].title = title
  if (footer !== '') embeds[embeds.length - 1].footer = { text: footer }
  return embeds
}

/** The whole size of a message's embeds, as Discord counts it against 6,000. */
export function embedsSize(embeds: APIEmbed[]): number {
  return embeds.reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
    0,
  )
}
