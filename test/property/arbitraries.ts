// Generators of random and hostile text for the property tests: words the engine can match, with
// mention and markup syntax, emoji and ZWJ sequences, combining marks, right-to-left text, control
// characters and (in the hostile variant only) lone surrogates mixed in.
import fc from 'fast-check'
import type { Article, ArticleSummary, Citation, Excerpt, Result, Stance } from '../../src/index.js'
import type { ArticleRecord } from '../../src/ingest/article.js'
import { makeArticle } from '../../src/ingest/article.js'

/** Every fast-check run is seeded, so CI sees the same examples every time. */
export const SEED = 42

/** Words articles and questions share, so generated questions can be answered. */
export const WORDS = [
  'harbour',
  'council',
  'approved',
  'pier',
  'Tuesday',
  'ferry',
  'strike',
  'minister',
  'budget',
  'election',
  'river',
  'flood',
  'Donetsk',
  'ceasefire',
  'million',
  '2025',
  'the',
  'a',
  'of',
  'and',
  'in',
  'on',
]

/** People who say things in generated articles (so `quote` has speakers to find). */
export const SPEAKERS = ['Maren Ostrova', 'Tomas Reyes', 'Ada Nwosu', 'Zoë Ångström', 'محمد علي']

/** Text that must never ping anyone or break the formatting of a chat message. */
export const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S123|@team>',
  '<@U123>',
  '<@W0ABC>',
  '<#C123>',
  '@channel',
  '@here',
  '@everyone',
  '<@&456>',
  '<@!789>',
  '<@123456789012345678>',
  '**bold**',
  '__under__',
  '~~strike~~',
  '||spoiler||',
  '`code`',
  '```block```',
  '[text](https://evil.example)',
  '<https://a.example|label>',
  '<https://a.example|<!channel>>',
  '|',
  '&',
  '&amp;',
  '&lt;',
  '\\',
  '\\\\',
  '> ',
  '# ',
  '- ',
  '1. ',
  '*',
  '_',
  '"',
  '“',
  '”',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇺🇦',
  '👍🏽',
  '😀',
  'e\u0301',
  'Z\u0337\u0322\u0353a\u0335l\u0338g\u0336o',
  'مرحبا بالعالم',
  'שלום',
  '\u202e',
  '\u200f',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\r\n',
  '\r',
  '\t',
  '\u2028',
  '\u00a0',
  ' \u0301',
  'ก\u0e31\u0e49',
  '각',
]

const LONE = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00']

const word = fc.constantFrom(...WORDS)
const glue = fc.constantFrom(' ', ' ', ' ', ', ', '. ', '\n', '')
const hostileToken = fc.constantFrom(...HOSTILE)

/** A sequence of pieces glued together: mostly words, with hostile pieces among them. */
function mix(pieces: fc.Arbitrary<string>, maxParts: number): fc.Arbitrary<string> {
  return fc.array(fc.tuple(pieces, glue), { maxLength: maxParts }).map((parts) => parts.flat().join(''))
}

const wellFormedPiece = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 3, arbitrary: hostileToken },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 4 }) },
)

/** Text with no lone surrogate: words, markup, mentions, emoji, marks, RTL, control characters. */
export function wellFormedText(maxParts = 30): fc.Arbitrary<string> {
  return mix(wellFormedPiece, maxParts)
}

/** Anything a string can hold, lone surrogates included, with the words and hostile pieces. */
export function hostileText(maxParts = 30): fc.Arbitrary<string> {
  return mix(
    fc.oneof(
      { weight: 6, arbitrary: wellFormedPiece },
      { weight: 1, arbitrary: fc.constantFrom(...LONE) },
      { weight: 1, arbitrary: fc.string16bits({ maxLength: 4 }) },
    ),
    maxParts,
  )
}

/**
 * A line that is rarely short: a run of one piece, spaced or not (with no space to cut before,
 * a cut lands inside the run), about `max` code units at most (whole pieces).
 */
export function longLine(max: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.oneof(word, hostileToken), fc.constantFrom(' ', ''), fc.integer({ min: 1, max }))
    .map(([piece, gap, n]) => `${piece}${gap}`.repeat(Math.ceil(n / (piece.length + gap.length))).trim())
}

/** A sentence of an article: plain words, or someone's quotation with hostile text inside. */
function sentence(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(text, word).map(([t, w]) => `The ${w} ${t}.`) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(text, fc.constantFrom(...SPEAKERS))
        .map(([t, who]) => `\u201cThe ${t} will stay,\u201d ${who} said.`),
    },
    { weight: 1, arbitrary: text },
  )
}

/** An article's fields as a data file gives them: paragraphs of hostile sentences and odd metadata. */
export function articleRecord(text: fc.Arbitrary<string>): fc.Arbitrary<ArticleRecord> {
  const paragraph = fc.array(sentence(text), { minLength: 1, maxLength: 4 }).map((s) => s.join(' '))
  return fc.record({
    title: text,
    text: fc.array(paragraph, { minLength: 1, maxLength: 4 }).map((p) => p.join('\n\n')),
    outlet: fc.option(text, { nil: null }),
    url: fc.option(
      fc.oneof(
        fc.webUrl(),
        text.map((t) => `https://news.example/${t}`),
        text,
      ),
      { nil: null },
    ),
    published: fc.option(fc.oneof(fc.constantFrom('2025-08-19', 'August 19, 2025', '03/04/2025'), text), {
      nil: null,
    }),
    author: fc.option(text, { nil: null }),
  })
}

/** A small corpus of articles (distinct ids) made the way the loader makes them. */
export function corpus(text: fc.Arbitrary<string>, maxArticles = 4): fc.Arbitrary<Article[]> {
  return fc
    .array(articleRecord(text), { minLength: 1, maxLength: maxArticles })
    .map((records) => records.map((r, i) => makeArticle(r, `article-${i}`)))
}

/** A question made of the corpus's own words and hostile text. */
export function question(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.array(word, { minLength: 1, maxLength: 6 }), text).map(([w, t]) => `${w.join(' ')} ${t}?`),
    fc.tuple(fc.constantFrom(...SPEAKERS), text).map(([who, t]) => `What did ${who} say about ${t}`),
    text,
  )
}

const citation = (text: fc.Arbitrary<string>, id: fc.Arbitrary<string>): fc.Arbitrary<Citation> =>
  fc.record({
    id,
    title: fc.oneof(text, longLine(600)),
    outlet: fc.option(fc.oneof(text, longLine(300)), { nil: null }),
    url: fc.option(
      fc.oneof(
        fc.webUrl(),
        text.map((t) => `https://news.example/${t}`),
      ),
      { nil: null },
    ),
    published: fc.option(fc.constantFrom('2025-08-19', '1999-12-31'), { nil: null }),
  })

/**
 * A Result as any engine could hand a renderer: up to 100 excerpts (the most a `limit` allows),
 * long and hostile titles, outlets, speakers and messages, articles cited or not.
 */
export function anyResult(text: fc.Arbitrary<string>): fc.Arbitrary<Result> {
  const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')
  const citations = fc.uniqueArray(citation(text, ids), { selector: (c) => c.id, minLength: 1, maxLength: 6 })
  const stance = fc.option(fc.constantFrom<Stance>('supports', 'contradicts', 'mentions'), { nil: undefined })
  const excerpt = (cited: Citation[]): fc.Arbitrary<Excerpt> =>
    fc.record({
      text: fc.oneof(text, longLine(5000)),
      speaker: fc.option(fc.oneof(text, longLine(300)), { nil: null }),
      article: fc.constantFrom(...cited),
      score: fc.double({ noNaN: true }),
      also: fc.subarray(cited, { maxLength: Math.min(3, cited.length) }),
      stance,
    })
  // The engine always says something: a message is never blank.
  const message = fc.tuple(word, fc.oneof(text, longLine(400))).map(([w, t]) => `${w} ${t}`)
  const query = text
  return citations.chain((cited) =>
    fc.oneof(
      fc.record({
        kind: fc.constant('answer' as const),
        command: fc.constantFrom('ask' as const, 'source' as const, 'quote' as const),
        query,
        answered: fc.constant(true as const),
        message,
        excerpts: fc.array(excerpt(cited), { minLength: 1, maxLength: 100 }),
        articles: fc.constant(cited),
        total: fc.option(fc.nat(500), { nil: undefined }),
      }),
      fc.record({
        kind: fc.constant('none' as const),
        command: fc.constantFrom('ask' as const, 'source' as const, 'quote' as const),
        query,
        answered: fc.constant(false as const),
        message,
        excerpts: fc.constant([] as []),
        articles: fc.subarray(cited),
      }),
      fc.record({
        kind: fc.constant('listing' as const),
        command: fc.constant('source' as const),
        query: fc.constant(''),
        answered: fc.constant(true as const),
        message,
        excerpts: fc.constant([] as []),
        articles: fc
          .array(fc.tuple(citation(text, fc.constant('')), fc.nat(99)), { maxLength: 300 })
          .map((list) => list.map(([c, quotes], i): ArticleSummary => ({ ...c, id: `l${i}`, quotes }))),
      }),
    ),
  )
}

/** A lone (unpaired) surrogate: half a character. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Every string inside a value (a Result, rendered blocks or embeds), depth first. */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out)
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out)
  return out
}
