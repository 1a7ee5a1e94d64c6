// Slack reads <…> as links and mentions and &…; as entities: article text and echoed
// questions are escaped so they can neither ping anyone nor break the formatting.

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
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`
}

/** A link in mrkdwn; the URL's own characters cannot close the link early. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${label}>`
}

/** For plain_text fields (headers): no markup to escape, but nothing that reads as a mention either. */
export function plainSafe(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›').replace(/@/g, '@\u200b')
}
