import { EmbedBuilder, escapeMarkdown, type APIEmbed } from 'discord.js'
import type { ArticleSummary, Citation, Result } from '../../src/index.js'

// Discord's limits: 4,096 characters a description, 25 fields, 1,024 a field, 6,000 in all the
// embeds of a message, 10 embeds. We stay under them, cutting at excerpt boundaries.
const DESCRIPTION = 4096
const TOTAL = 6000
const MAX_EMBEDS = 10
const TITLE = 256
const FOOTER = 2048
const COLOUR = 0x1d3557

function clip (text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`
}

function citationLine (n: number, c: Citation): string {
  const title = escapeMarkdown(clip(c.title, 200))
  const meta = [c.outlet, c.published].filter((x): x is string => x !== null).map(x => escapeMarkdown(x)).join(', ')
  const linked = c.url === null ? `**${title}**` : `[${title.replace(/[[\]]/g, '')}](${c.url.replace(/[()\s]/g, encodeURIComponent)})`
  return `[${n}] ${linked}${meta === '' ? '' : ` — ${meta}`}`
}

/**
 * A result as embeds: excerpts as numbered block quotes with their speaker, then the citations
 * as a compact list and the outlets in the footer. Long results are split over several embeds
 * and cut at excerpt boundaries, within Discord's limits.
 */
export function renderEmbeds (result: Result, echo?: string): APIEmbed[] {
  const blocks: string[] = []
  if (result.command === 'source' && result.query === '' && result.answered) {
    (result.articles as ArticleSummary[]).forEach((a, i) => blocks.push(`${citationLine(i + 1, a)}${a.quotes === undefined ? '' : ` · ${a.quotes} quote${a.quotes === 1 ? '' : 's'}`}`))
  } else {
    const numbers = new Map<string, number>()
    result.articles.forEach((a, i) => numbers.set(a.id, i + 1))
    result.excerpts.forEach((e, i) => {
      const refs = [e.article, ...e.also].map(c => `[${numbers.get(c.id) ?? '?'}]`).join('')
      const quoted = escapeMarkdown(clip(e.text, 1500)).split('\n').map(l => `> ${l}`).join('\n')
      blocks.push(`**${i + 1}.** ${refs}\n${quoted}${e.speaker === null ? '' : `\n— ${escapeMarkdown(e.speaker)}`}`)
    })
  }
  const citations = result.command === 'source' && result.query === '' ? '' : result.articles.map((a, i) => citationLine(i + 1, a)).join('\n')
  const outlets = [...new Set(result.articles.map(a => a.outlet).filter((o): o is string => o !== null))]
  const footer = clip(outlets.join(' · '), FOOTER)
  const title = clip(echo === undefined ? result.message : `${echo}`, TITLE)

  // Pack blocks into descriptions; the first embed carries the title, the last the footer.
  const embeds: EmbedBuilder[] = []
  let used = title.length + footer.length + citations.length + 40
  let current = echo === undefined ? '' : `${escapeMarkdown(result.message)}\n\n`
  let omitted = 0
  const flush = (): void => {
    if (current.trim() === '') return
    embeds.push(new EmbedBuilder().setColor(COLOUR).setDescription(current.trimEnd()))
    current = ''
  }
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]
    const more = `\n\n${blocks.length - i} more in /source`
    if (used + block.length + more.length > TOTAL || (embeds.length >= MAX_EMBEDS - 2 && current.length + block.length + 2 > DESCRIPTION)) {
      omitted = blocks.length - i
      break
    }
    if (current.length + block.length + 2 > DESCRIPTION) flush()
    current += `${block}\n\n`
    used += block.length + 2
  }
  if (omitted > 0) current += `${omitted} more in /source`
  flush()
  if (embeds.length === 0) embeds.push(new EmbedBuilder().setColor(COLOUR).setDescription(escapeMarkdown(clip(result.message, DESCRIPTION))))
  embeds[0].setTitle(escapeMarkdown(title).slice(0, TITLE))
  const last = embeds[embeds.length - 1]
  if (citations !== '') {
    if ((last.data.description ?? '').length + citations.length + 2 <= DESCRIPTION) last.setDescription(`${last.data.description ?? ''}\n\n${citations}`)
    else embeds.push(new EmbedBuilder().setColor(COLOUR).setDescription(clip(citations, DESCRIPTION)))
  }
  if (footer !== '') embeds[embeds.length - 1].setFooter({ text: footer })
  return embeds.slice(0, MAX_EMBEDS).map(e => e.toJSON())
}

/** The whole size of a message's embeds, as Discord counts it against 6,000. */
export function embedsSize (embeds: APIEmbed[]): number {
  return embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0), 0)
}
