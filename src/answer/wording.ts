// The engine's English, in one place: every message a result carries is written here.

import { cutToLength } from '../text/cut.js'

/** "1 article", "2 articles". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** "; showing 10" (the first ten), "; showing 11–20", or nothing when all are shown. */
function showing(total: number, from: number, shown: number): string {
  if (from === 0) return shown < total ? `; showing ${shown}` : ''
  return `; showing ${from + 1}–${from + shown}`
}

/** Cuts a text to `n` characters with an ellipsis, never inside a character (see cutToLength). */
export function clip(s: string, n: number): string {
  return cutToLength(s, n)
}

// An empty corpus (a data folder waiting for its feeds, or emptied): said plainly, not "0 articles".
const NO_ARTICLES = 'I have no articles yet: add some to the data folder (or wait for its feeds).'

export const say = {
  queryCut: (chars: number) => `(Only its first ${chars.toLocaleString('en')} characters were read.)`,
  askEmpty: 'Ask me a question about the articles, for example: "What did Witkoff say about security guarantees?"',
  noWords: (articles: number) =>
    articles === 0
      ? NO_ARTICLES
      : `That question has no words I can look up in the ${plural(articles, 'article')} I have. ` +
        'Try naming a person, place or topic.',
  noAnswer: (articles: number) =>
    articles === 0 ? NO_ARTICLES : `I found no answer to that in the ${plural(articles, 'article')} I have.`,
  excerpts: (excerpts: number, articles: number) =>
    `${plural(excerpts, 'excerpt')} from ${plural(articles, 'article')}.`,
  listing: (articles: number) => (articles === 0 ? NO_ARTICLES : `${plural(articles, 'article')}.`),
  supports: (articles: number) => `${plural(articles, 'article')} support${articles === 1 ? 's' : ''} that.`,
  saysOtherwise: (articles: number) => `${plural(articles, 'article')} ${articles === 1 ? 'says' : 'say'} otherwise.`,
  supportsAndOtherwise: (supporting: number, against: number) =>
    `${plural(supporting, 'article')} support${supporting === 1 ? 's' : ''} that; ` +
    `${plural(against, 'article')} ${against === 1 ? 'says' : 'say'} otherwise.`,
  mentionsOnly: (articles: number) =>
    `${plural(articles, 'article')} mention${articles === 1 ? 's' : ''} this, but none states it.`,
  partly: (backed: string[], unbacked: string[]) =>
    `Only part of that is backed: ${backed.map((p) => `"${clip(p, 120)}"`).join(' and ')}; ` +
    `no article states ${unbacked.map((p) => `"${clip(p, 120)}"`).join(' or ')}.`,
  supportsNone: (articles: number) =>
    articles === 0 ? NO_ARTICLES : `No article among the ${plural(articles, 'article')} I have supports that.`,
  quoteEmpty: (example: string) => `Name a person or a topic, for example: quote ${example}`,
  speakerQuotes: (name: string, quotations: number, articles: number, from: number, shown: number) =>
    `${name}: ${plural(quotations, 'quotation')} in ${plural(articles, 'article')}${showing(quotations, from, shown)}.`,
  topicQuotes: (quotations: number, topic: string, from: number, shown: number) =>
    `${plural(quotations, 'quotation')} about "${clip(topic, 80)}"${showing(quotations, from, shown)}.`,
  noMoreQuotes: (quotations: number) => `No more quotations: all ${quotations} are shown.`,
  noQuotes: (topic: string, articles: number, known: string[]) =>
    articles === 0
      ? NO_ARTICLES
      : `No quotation from or about "${clip(topic, 80)}" in the ${plural(articles, 'article')} I have.` +
        (known.length > 0 ? ` People quoted: ${known.join(', ')}.` : ''),
}
