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
