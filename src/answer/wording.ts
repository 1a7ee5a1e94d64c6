// The engine's English, in one place: every message a result carries is written here.
import type { Citation } from '../types.js'

/** "1 article", "2 articles". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Cuts a text to `n` characters with an ellipsis. */
export function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`
}

/** " You could look at: "A"; "B"." after a no-answer, or nothing. */
export function lookAt(nearest: Citation[]): string {
  return nearest.length > 0 ? ` You could look at: ${nearest.map((c) => `"${c.title}"`).join('; ')}.` : ''
}

export const say = {
  askEmpty: 'Ask me a question about the articles, for example: "What did Witkoff say about security guarantees?"',
  noWords: (articles: number) =>
    `That question has no words I can look up in the ${plural(articles, 'article')} I have. ` +
    'Try naming a person, place or topic.',
  noAnswer: (articles: number) => `I found no answer to that in the ${plural(articles, 'article')} I have.`,
  excerpts: (excerpts: number, articles: number) =>
    `${plural(excerpts, 'excerpt')} from ${plural(articles, 'article')}.`,
  listing: (articles: number) => `${plural(articles, 'article')}.`,
  supports: (articles: number) => `${plural(articles, 'article')} support${articles === 1 ? 's' : ''} that.`,
  supportsNone: (articles: number) => `No article among the ${plural(articles, 'article')} I have supports that.`,
  quoteEmpty: (example: string) => `Name a person or a topic, for example: quote ${example}`,
  speakerQuotes: (name: string, quotations: number, articles: number, shown: number) =>
    `${name}: ${plural(quotations, 'quotation')} in ${plural(articles, 'article')}` +
    `${shown < quotations ? `; showing ${shown}` : ''}.`,
  topicQuotes: (quotations: number, topic: string) => `${plural(quotations, 'quotation')} about "${clip(topic, 80)}".`,
  noQuotes: (topic: string, articles: number, known: string[]) =>
    `No quotation from or about "${clip(topic, 80)}" in the ${plural(articles, 'article')} I have.` +
    (known.length > 0 ? ` People quoted: ${known.join(', ')}.` : ''),
}
