// Words every adapter shows the same way, so Slack, Discord and the console never drift apart.

/** What a user sees when answering failed; the detail is in the log, never in the reply. */
export const APOLOGY = 'Sorry, something went wrong while answering. Please try again in a moment.'

/** "1 quote", "3 quotes". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** The suffix of an article in a corpus listing: ` · 3 quotes`. */
export function quoteCount(quotes: number | undefined): string {
  return quotes === undefined ? '' : ` · ${countOf(quotes, 'quote')}`
}

/** A citation's outlet and date, the known ones, joined: `Reuters, 2025-08-19`. */
export function outletAndDate(outlet: string | null, published: string | null): string {
  return [outlet, published].filter((x): x is string => x !== null && x !== '').join(', ')
}

/** How an excerpt of a `source` result stands towards the claim, in words shown beside it. */
export function stanceLabel(stance: 'supports' | 'contradicts' | 'mentions' | undefined): string {
  switch (stance) {
    case 'supports':
      return '✓ supports the claim'
    case 'contradicts':
      return '✗ says otherwise'
    case 'mentions':
      return '· mentions the topic only'
    default:
      return ''
  }
}

/** The heading over the nearest articles offered with a no-answer. */
export const LOOK_AT = 'You could look at:'
