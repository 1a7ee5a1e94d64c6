/**
 * Reads the text of a news feed (RSS 2.0, Atom 1.0, RSS 1.0/RDF or JSON Feed) into the few fields
 * the poller needs, with the feedsmith parser doing the format work. Links come out absolute and
 * http(s) only, dates as ISO 8601, content as HTML; a text that is no feed gets a reason for people.
 */
import {
  type AnyFeed,
  type AtomFeed,
  DetectError,
  parseFeed as feedsmithParse,
  type JsonFeed,
  MalformedError,
} from 'feedsmith'
import { parseHTML } from 'linkedom'

/** One entry of a feed, as the poller uses it. Unknown fields are `null`. */
export interface FeedItem {
  /** The feed's own id for the item (RSS guid, Atom id, JSON Feed id, RDF about), as written. */
  guid: string | null
  /** The item's page: absolute http(s), relative links resolved against xml:base and the feed URL. */
  link: string | null
  /** Plain text. */
  title: string | null
  /** ISO 8601 with the offset the feed stated (`2024-04-30T09:00:00+02:00`; `Z` when none). */
  published: string | null
  author: string | null
  /** The full text as HTML (content:encoded, Atom content, JSON Feed content_html…), plain text escaped. */
  content: string | null
  /** The description or summary as HTML (plain text escaped). */
  summary: string | null
}

/** A feed read by parseFeed. */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json'
  /** The feed's title (the outlet or section), plain text. */
  title: string | null
  /** The site the feed belongs to (its home page), when stated. */
  link: string | null
  /** In feed order. A feed with no item is not an error: it has nothing yet. */
  items: FeedItem[]
}

/**
 * The media types a feed may be served as: the feed types first (in the order the Accept header
 * prefers them), then the generic XML and JSON types servers often use, then HTML and plain
 * text, read so that a web page given as a feed can be told apart (and some servers send feeds
 * as text/html or text/plain).
 */
export const FEED_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/rdf+xml',
  'application/xml',
  'text/xml',
  'application/json',
  'text/html',
  'application/xhtml+xml',
  'text/plain',
])

/**
 * Reads `text` as a feed fetched from `feedUrl` (the base of relative links). Returns the feed, or
 * a string saying why it is not one ("it is a web page (HTML), not a feed", "its XML is malformed
 * (…)", "it is empty"). Never throws.
 */
export function parseFeed(text: string, feedUrl: string): ParsedFeed | string {
  const body = text.replace(/^\ufeff/, '')
  if (body.trim() === '') return 'it is empty'
  let parsed: AnyFeed<string>
  try {
    parsed = feedsmithParse<string>(body)
  } catch (err) {
    return whyNotFeed(body, feedUrl, err)
  }
  const base = baseUrl(feedUrl)
  try {
    switch (parsed.format) {
      case 'rss':
        return fromRss(parsed.feed, base)
      case 'atom':
        return fromAtom(parsed.feed, base)
      case 'rdf':
        return fromRdf(parsed.feed, base)
      case 'json':
        return fromJson(parsed.feed, base)
    }
  } catch (err) {
    // feedsmith hands back what it found; a field of an unexpected shape must not crash a poll.
    return `it could not be read as a feed (${(err as Error).message})`
  }
}

function whyNotFeed(body: string, feedUrl: string, err: unknown): string {
  if (looksLikeHtml(body)) {
    const named = feedLinkIn(body, feedUrl)
    return `it is a web page (HTML), not a feed${named === null ? '' : `; the page names its feed: ${named}`}`
  }
  if (err instanceof MalformedError) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message.slice(0, 200)})` : ''
    return `its XML is malformed${cause}`
  }
  const start = body.trimStart()
  if (err instanceof DetectError) {
    if (start.startsWith('<')) return 'it is XML but not an RSS, Atom or RDF feed'
    if (start.startsWith('{') || start.startsWith('[')) return 'it is JSON but not a JSON Feed'
    return 'it is not a feed (neither RSS, Atom, RDF nor JSON Feed)'
  }
  return `it could not be read as a feed (${(err as Error).message})`
}

/**
 * Whether a text is an HTML page: its first element, after an XML declaration, comments and a
 * doctype, is one only HTML starts with (html, head, body, meta, title).
 */
export function looksLikeHtml(text: string): boolean {
  return HTML_START.test(text.slice(0, 4096))
}

const COMMENTS = '(?:<!--[\\s\\S]*?-->\\s*)*'
const DOCTYPE = `(?:<!doctype\\s+html[^>]*>\\s*${COMMENTS})?`
const HTML_START = new RegExp(
  `^\\s*(?:<\\?xml[^>]*>\\s*)?${COMMENTS}${DOCTYPE}<(?:html|head|body|meta|title)[\\s>/]`,
  'i',
)

// The feed types a page names in its <link rel="alternate">.
const FEED_LINK_TYPES = /^application\/(?:rss\+xml|atom\+xml|feed\+json|rdf\+xml)$/i

/** The first feed a web page names (`<link rel="alternate" type="application/rss+xml" href>`), absolute. */
function feedLinkIn(html: string, pageUrl: string): string | null {
  for (const tag of html.slice(0, 200_000).match(/<link\b[^>]*>/gi) ?? []) {
    const attr = (name: string): string | undefined =>
      new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
        .exec(tag)
        ?.slice(1)
        .find((v) => v !== undefined)
    const rel = attr('rel')?.toLowerCase().split(/\s+/) ?? []
    const href = attr('href')
    if (!rel.includes('alternate') || !FEED_LINK_TYPES.test(attr('type')?.trim() ?? '') || href === undefined) continue
    const url = httpUrl(decodeEntities(href), baseUrl(pageUrl))
    if (url !== null) return url
  }
  return null
}

type Rss = Extract<AnyFeed<string>, { format: 'rss' }>['feed']
type Rdf = Extract<AnyFeed<string>, { format: 'rdf' }>['feed']

function fromRss(feed: Rss, feedBase: URL | null): ParsedFeed {
  const base = withBase(feedBase, feed.xml?.base)
  const items = (feed.items ?? []).map((item): FeedItem => {
    const itemBase = withBase(base, item.xml?.base)
    const guid = blank(item.guid?.value)
    // A guid is the item's address unless it says it is not (isPermaLink defaults to true).
    const guidLink = item.guid?.isPermaLink !== false && guid !== null ? absoluteOnly(guid) : null
    return {
      guid,
      link: httpUrl(item.link, itemBase) ?? alternateLink(item.atom?.links, itemBase) ?? guidLink,
      title: htmlToText(item.title),
      published: isoDate(item.pubDate ?? item.dc?.dates?.[0] ?? item.atom?.published ?? item.atom?.updated),
      author: blank(item.authors?.find((a) => blank(a.name) !== null)?.name) ?? blank(item.dc?.creators?.[0]),
      content: blank(item.content?.encoded),
      summary: blank(item.description),
    }
  })
  return { format: 'rss', title: htmlToText(feed.title), link: httpUrl(feed.link, base), items }
}

function fromRdf(feed: Rdf, feedBase: URL | null): ParsedFeed {
  const base = withBase(feedBase, feed.xml?.base)
  const items = (feed.items ?? []).map((item): FeedItem => {
    const itemBase = withBase(base, item.xml?.base)
    return {
      guid: blank(item.rdf?.about) ?? blank(item.link),
      link: httpUrl(item.link, itemBase) ?? httpUrl(item.rdf?.about, itemBase),
      title: htmlToText(item.title),
      published: isoDate(item.dc?.dates?.[0] ?? item.dcterms?.created?.[0] ?? item.dcterms?.modified?.[0]),
      author: blank(item.dc?.creators?.[0]),
      content: blank(item.content?.encoded),
      summary: blank(item.description),
    }
  })
  return { format: 'rdf', title: htmlToText(feed.title), link: httpUrl(feed.link, base), items }
}

function fromAtom(feed: AtomFeed.Feed<string>, feedBase: URL | null): ParsedFeed {
  const base = withBase(feedBase, feed.xml?.base)
  const feedAuthor = blank(feed.authors?.[0]?.name)
  const items = (feed.entries ?? []).map((entry): FeedItem => {
    const entryBase = withBase(base, entry.xml?.base)
    return {
      guid: blank(entry.id),
      link: alternateLink(entry.links, entryBase),
      title: atomText(entry.title),
      published: isoDate(entry.published ?? entry.updated ?? entry.dc?.dates?.[0]),
      author:
        blank(entry.authors?.find((a) => blank(a.name) !== null)?.name) ??
        blank(entry.source?.authors?.[0]?.name) ??
        blank(entry.dc?.creators?.[0]) ??
        feedAuthor,
      content: atomHtml(entry.content),
      summary: atomHtml(entry.summary),
    }
  })
  return { format: 'atom', title: atomText(feed.title), link: alternateLink(feed.links, base), items }
}

function fromJson(feed: JsonFeed.Feed<string>, base: URL | null): ParsedFeed {
  const feedAuthor = blank(feed.authors?.[0]?.name)
  const items = (feed.items ?? []).map((item): FeedItem => {
    const id = item.id === undefined || item.id === null ? null : blank(String(item.id))
    return {
      guid: id,
      link: httpUrl(item.url, base) ?? httpUrl(item.external_url, base),
      title: htmlToText(item.title),
      published: isoDate(item.date_published ?? item.date_modified),
      author: blank(item.authors?.find((a) => blank(a.name) !== null)?.name) ?? feedAuthor,
      content: blank(item.content_html) ?? textToHtml(item.content_text),
      summary: textToHtml(item.summary),
    }
  })
  return { format: 'json', title: blank(feed.title), link: httpUrl(feed.home_page_url, base), items }
}

/** The page an Atom entry (or an RSS item's atom:link) points to: rel alternate (the default), HTML first. */
function alternateLink(
  links: ReadonlyArray<{ href?: string; rel?: string; type?: string }> | undefined,
  base: URL | null,
) {
  const alternates = (links ?? []).filter((l) => (l.rel ?? 'alternate').toLowerCase() === 'alternate')
  const ordered = [
    ...alternates.filter((l) => /html/i.test(l.type ?? 'text/html')),
    ...alternates.filter((l) => !/html/i.test(l.type ?? 'text/html')),
  ]
  for (const l of ordered) {
    const url = httpUrl(l.href, base)
    if (url !== null) return url
  }
  return null
}

/** An Atom text construct as plain text. */
function atomText(text: AtomFeed.Text | undefined): string | null {
  if (text === undefined) return null
  const type = (text.type ?? 'text').toLowerCase()
  return type === 'html' || type === 'xhtml' ? htmlToText(text.value) : blank(text.value)
}

/** An Atom content or text construct as HTML; out-of-line (`src`) and binary content is none. */
function atomHtml(content: AtomFeed.Content | AtomFeed.Text | undefined): string | null {
  if (content === undefined || ('src' in content && content.src !== undefined)) return null
  const type = (content.type ?? 'text').toLowerCase()
  if (type === 'html' || type === 'xhtml' || type === 'text/html' || type === 'application/xhtml+xml') {
    return blank(content.value)
  }
  if (type === 'text' || type.startsWith('text/')) return textToHtml(content.value)
  return null
}

/** A base URL from a feed URL; `null` when it is none (then only absolute links are kept). */
function baseUrl(feedUrl: string): URL | null {
  try {
    return new URL(feedUrl)
  } catch {
    return null
  }
}

/** The base after an xml:base (itself relative to the base around it). */
function withBase(base: URL | null, xmlBase: string | undefined): URL | null {
  const value = blank(xmlBase)
  if (value === null) return base
  try {
    return new URL(value, base ?? undefined)
  } catch {
    return base
  }
}

/** `href` made absolute against `base`, if it is then an http(s) URL with a host; else `null`. */
function httpUrl(href: string | undefined, base: URL | null): string | null {
  const value = blank(href)
  if (value === null) return null
  try {
    const url = new URL(value, base ?? undefined)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url.href : null
  } catch {
    return null
  }
}

/** `value` if it is already an absolute http(s) URL (a guid is never resolved: "123" is no link). */
function absoluteOnly(value: string): string | null {
  return /^https?:\/\//i.test(value) ? httpUrl(value, null) : null
}

function blank(value: string | undefined | null): string | null {
  if (typeof value !== 'string') return null
  const v = value.trim()
  return v === '' ? null : v
}

/** Text that may hold markup or entities (RSS titles often do) as plain text, white space collapsed. */
function htmlToText(value: string | undefined): string | null {
  const v = blank(value)
  if (v === null) return null
  if (!/[<&]/.test(v)) return v.replace(/\s+/g, ' ')
  const { document } = parseHTML(`<!DOCTYPE html><html><body><div>${v}</div></body></html>`)
  return blank((document.body?.textContent ?? v).replace(/\s+/g, ' '))
}

function decodeEntities(value: string): string {
  if (!value.includes('&')) return value
  const { document } = parseHTML(`<!DOCTYPE html><html><body><div>${value.replace(/</g, '&lt;')}</div></body></html>`)
  return document.body?.textContent ?? value
}

/** Plain text as HTML: escaped, a paragraph per blank-line-separated block. */
function textToHtml(value: string | undefined): string | null {
  const v = blank(value)
  if (v === null) return null
  const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return v
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escaped(p)}</p>`)
    .join('\n')
}

// RFC 822 zone names (RSS dates) and their offsets in minutes.
const ZONES: Readonly<Record<string, number>> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
}

/**
 * A feed date (RFC 822 in RSS, RFC 3339 in Atom and JSON Feed, or what feeds write instead) as ISO
 * 8601 in the offset it states (so the day stays the outlet's), or `null` if it is no date.
 */
export function isoDate(raw: string | undefined): string | null {
  const text = blank(raw)?.replace(/\s+/g, ' ')
  if (text === undefined || text === null) return null
  // A date-time without a zone is read as UTC, not as this machine's local time.
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(text) ? `${text}Z` : text
  let ms = Date.parse(iso)
  // A day name in another language ("Mar, 30 Apr 2024 …"), which Date.parse refuses.
  if (Number.isNaN(ms)) ms = Date.parse(iso.replace(/^[^\d,]*,\s*/, ''))
  if (Number.isNaN(ms)) return null
  const offset = statedOffset(iso)
  const shifted = new Date(ms + offset * 60_000).toISOString().replace(/\.000Z$/, 'Z')
  if (offset === 0) return shifted
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  return `${shifted.slice(0, -1)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

function statedOffset(text: string): number {
  const numeric = /([+-])(\d{2}):?(\d{2})$/.exec(text)
  if (numeric && /\d[ T:]?\d{2}(?::\d{2})?(?:\.\d+)?\s?[+-]\d{2}:?\d{2}$/.test(text)) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3])
    return numeric[1] === '-' ? -minutes : minutes
  }
  const named = /\s([A-Z]{1,3})$/.exec(text)
  return named === null ? 0 : (ZONES[named[1]!] ?? 0)
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
