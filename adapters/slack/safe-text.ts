// Slack reads <…> as links and mentions and &…; as entities: article text and echoed
// questions are escaped so they can neither ping anyone nor break the formatting.
import { cutAtWord, cutPrefix } from '../shared/cut.js'

/** Escapes &, < and >, and defangs bare @channel / @here / @everyone. */
export function safe(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u200b$1')
}

/** Cuts text to at most `max` characters, at a word boundary where possible, marking the cut. */
export function clip(text: string, max: number): string {
  return cutAtWord(text, max)
}

/**
 * `clip` for mrkdwn that is already escaped and may hold links: the cut never leaves half an
 * entity (`&am…` would show as such) or a link or mention without its closing `>`.
 */
export function clipMrkdwn(text: string, max: number): string {
  const cut = clip(text, max)
  if (cut === text || !cut.endsWith('…')) return cut
  const kept = cut.slice(0, -1)
  // Our own links are the only `<` in escaped text: one opened and not closed was cut through.
  const open = kept.lastIndexOf('<')
  const broken = open > kept.lastIndexOf('>') ? open : (/&[#\w]*$/.exec(kept)?.index ?? -1)
  return broken < 0 ? cut : `${cutPrefix(kept, broken).trimEnd()}…`
}

/** A link in mrkdwn; the URL's own characters cannot close the link early. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${label}>`
}

/** For plain_text fields (headers): no markup to escape, but nothing that reads as a mention either. */
export function plainSafe(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›').replace(/@/g, '@\u200b')
}
