import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'
import type { ArticleRecord } from './article.js'
import { readByline } from './byline.js'
import { dateOnlyLine, onlyDateParts, parseDate } from './dates.js'
import { outletFromUrl, siteOf } from './outlets.js'
import { isPageAddress } from './urls.js'

// The project compiles without the DOM library, and linkedom's typings lean on it: these are the
// few parts of its DOM this module uses.
interface DomNode {
  nodeType: number
  nodeName: string
  textContent: string | null
  childNodes: ArrayLike<DomNode>
  parentElement: DomElement | null
}
interface DomElement extends DomNode {
  tagName: string
  id: string
  className: string
  children: ArrayLike<DomElement>
  getAttribute(name: string): string | null
  hasAttribute(name: string): boolean
  querySelector(selectors: string): DomElement | null
  querySelectorAll(selectors: string): ArrayLike<DomElement>
  closest(selectors: string): DomElement | null
  remove(): void
}
interface DomDocument {
  body: DomElement | null
  documentElement: DomElement | null
  querySelector(selectors: string): DomElement | null
  querySelectorAll(selectors: string): ArrayLike<DomElement>
  createElement(tag: string): DomElement & { innerHTML: string }
}

const ELEMENT = 1
const TEXT = 3
// Characters of sentence-ending paragraphs a page must hold when it does not declare an article.
const MIN_UNDECLARED_PROSE = 200
// Readability's time grows faster than the square of the nesting depth (1,000 levels: over a
// minute). News pages nest 10 to 60 levels; a page nested deeper than this is junk or an attack,
// and one such file must not stall a load.
const MAX_DEPTH = 400

// JSON-LD types of a news story (schema.org's Article and its subtypes that news pages use).
const ARTICLE_TYPES = new Set([
  'article',
  'newsarticle',
  'reportagenewsarticle',
  'analysisnewsarticle',
  'backgroundnewsarticle',
  'opinionnewsarticle',
  'reviewnewsarticle',
  'askpublicnewsarticle',
  'liveblogposting',
  'blogposting',
  'report',
])

// Page furniture by its class or id, one token at a time ("article-related", "share_bar",
// "cookie-consent"): Readability keeps a block whose name also says "article" or "content",
// and these blocks hold sentences that are not the story's (teasers, comments, promos).
const FURNITURE_WORDS = [
  'share|sharing|sharebar|sharedaddy|social|newsletters?|promos?|promotion|related',
  'comments?|comment-?list|disqus|replies|respond|cookies?|consent|gdpr|advert|advertisement|ads?|adslot',
  'sponsor|sponsored|teasers?|recommended|recommendations|more-?stories|most-?read|mostread|popular',
  'trending|subscribe|subscription|signup|sign-up|paywall|outbrain|taboola|breadcrumbs?|author-?bio',
  'about-?the-?author|pull-?quote|pullquote|sidebar|modal|popup|overlay|toolbar|skip-?link',
].join('|')
// Run together with what they hold: "relatedposts", "sharebuttons", "commentlist".
const FURNITURE_END = '$|[-_]|posts|stories|articles|links|items|list|bar|box|tools|buttons|icons|area|section|widget'
const FURNITURE_NAME = new RegExp(`(?:^|[-_])(?:${FURNITURE_WORDS})(?:${FURNITURE_END})`, 'i')
// Elements that are never the story's text.
const FURNITURE_TAGS = new Set(
  (
    'script style noscript template nav aside footer form button iframe svg select input textarea ' +
    'dialog object embed'
  ).split(' '),
)
const FURNITURE_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'search',
  'dialog',
  'alertdialog',
  'menu',
  'menubar',
  'toolbar',
])
// A block named like this holds the story itself, whatever else its name says.
const STORY_INSIDE = 'h1, main, [role="main"], [itemprop="articleBody"]'
const CAPTION_NAME = /^(?:wp-caption-text|caption|image-caption|photo-caption|media-caption|caption-text)$/i
const STANDFIRST_NAME = /(?:^|[-_])(?:standfirst|dek|strapline|summary|subhead|subheadline|subtitle|excerpt)$/i

const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGURE',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
])
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HGROUP'])

// A paragraph that is page furniture by what it says: ad labels, share and sign-up prompts, and
// "Read more: …" links to other stories, whatever their length.
const FURNITURE_TEXT = new RegExp(
  String.raw`^(?:advertisement|advert|sponsored(?: content)?|ad|paid content|skip to (?:content|` +
    String.raw`main)|share (?:this|on)\b|follow us\b|sign up\b|subscribe (?:to|now)\b|` +
    String.raw`copyright\b|©|all rights reserved)`,
  'i',
)
const TEASER_LEAD =
  /^(?:read (?:more|also|next)|also read|related|more on this (?:story|topic)|see also|watch|listen)\s*[:|–—-]/i

/**
 * Reads a saved web page (`.html`, `.htm`) into an article record, or says why it cannot be read
 * ("no article text found"): never throws. The body comes from Mozilla Readability, after the
 * page's furniture (navigation, share bars, comments, teasers, promos, cookie banners, ads) is
 * taken out; `figcaption`s are kept apart as captions, paragraphs and list items are paragraphs,
 * headings are left out. Metadata is what the page states, most reliable first: JSON-LD, Open
 * Graph and article meta, `<link rel=canonical>`, the author meta or byline. Unknown is `null`.
 */
export function fromHtml(html: string, file: string): ArticleRecord | string {
  // A browser's "save complete page" puts the page's frames (ads, embeds) in NAME_files/ beside it.
  // `file` may also be the address a page was fetched from, whose path is the site's business.
  if (!/^[a-z][a-z\d+.-]*:\/\//i.test(file) && /(?:^|[\\/])[^\\/]+_files[\\/]/.test(file))
    return "it is inside a saved page's _files folder, not an article"
  if (html.trim() === '') return 'the page is empty'
  if (looksBinary(html)) return 'it is not an HTML page (binary content)'
  if (!/<[a-z!][^>]*>/i.test(html)) return 'it is not an HTML page (no HTML tags)'
  try {
    return readPage(html)
  } catch (err) {
    // linkedom and Readability are lenient, but a page can still trip them: one bad file must
    // not stop a load.
    return `the page could not be read (${(err as Error).message})`
  }
}

function readPage(html: string): ArticleRecord | string {
  const document = parseHTML(wholeDocument(html)).document as unknown as DomDocument
  const body = document.body
  if (body === null || clean(body.textContent ?? '') === '') return 'the page is empty (no text)'
  const depth = maxDepth(body)
  if (depth > MAX_DEPTH) return `its markup is nested ${depth} levels deep (over ${MAX_DEPTH}); it is not read`

  const ld = jsonLdArticle(document)
  const meta = (selector: string): string | null => {
    const content = document.querySelector(selector)?.getAttribute('content')
    return content === null || content === undefined || clean(content) === '' ? null : clean(content)
  }

  const siteName = meta('meta[property="og:site_name"]')
  const url =
    [
      ld?.url,
      meta('meta[property="og:url"]'),
      document.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? null,
      savedFrom(html),
    ]
      .map((u) => pageAddress(u ?? null))
      .find((u) => u !== null) ?? null
  const outlet = ld?.publisher ?? siteName ?? (url === null ? null : outletFromUrl(url))
  const siteNames = [siteName, ld?.publisher ?? null].filter((n): n is string => n !== null)
  const host = url === null ? null : siteOf(url)

  const h1s = document.querySelectorAll('h1')
  const title =
    [
      ld?.headline ?? null,
      meta('meta[property="og:title"]'),
      meta('meta[name="twitter:title"]'),
      h1s.length === 1 ? clean(h1s[0].textContent ?? '') : null,
      clean(document.querySelector('title')?.textContent ?? ''),
    ]
      .map((t) => (t === null || t === '' ? null : withoutSiteName(t, siteNames, host)))
      .find((t) => t !== null) ?? ''

  const published =
    [
      ld?.datePublished ?? null,
      meta('meta[property="article:published_time"]'),
      meta('meta[property="og:article:published_time"]'),
      meta('meta[itemprop="datePublished"]'),
      meta('meta[name="parsely-pub-date"]'),
      meta('meta[name="pubdate"]'),
      meta('meta[name="publish-date"]'),
      meta('meta[name="date"]'),
      meta('meta[name="dc.date"]'),
      meta('meta[name="DC.date.issued"]'),
      publishedTimeElement(document),
    ]
      .map(parseDate)
      .find((d) => d !== null) ?? null

  let author =
    ld?.author ??
    [meta('meta[name="author"]'), meta('meta[property="article:author"]')]
      .map((a) => personName(a, siteNames))
      .find((a) => a !== null) ??
    null

  removeFurniture(document)
  // Read before Readability rearranges the document; used when nothing more explicit names the author.
  const authorLink = authorLinkName(document, siteNames)
  const captions = takeCaptions(document)
  const summary = takeStandfirst(document)
  const declared = ld !== null || /article/i.test(meta('meta[property="og:type"]') ?? '')

  const parsed = new Readability<DomElement>(document as never, {
    serializer: (node) => node as unknown as DomElement,
    // JSON-LD is read above, the whole graph and every author; Readability is asked only for the
    // byline the page shows.
    disableJSONLD: true,
  }).parse()
  if (parsed === null || parsed.content === null || parsed.content === undefined) return 'no article text found'

  const paragraphs: string[] = []
  let index = 0
  for (const block of textBlocks(parsed.content)) {
    index++
    if (block.text === '' || block.linked / block.text.length >= 0.8) continue
    if (block.caption) {
      if (!captions.includes(block.text)) captions.push(block.text)
      continue
    }
    if (FURNITURE_TEXT.test(block.text) && block.text.length < 80) continue
    if (TEASER_LEAD.test(block.text)) continue
    if (onlyDateParts(block.text) || dateOnlyLine(block.text) !== undefined) continue
    const byline = readByline(block.text)
    if (byline !== null) {
      // A byline counts near the headline only (a teaser's further down is another story's).
      if (index <= 3) author ??= personName(byline.author, siteNames)
      continue
    }
    if (block.text === summary) continue
    paragraphs.push(block.text)
  }
  if (paragraphs.length === 0) return 'no article text found'
  // A page that does not say it holds an article (a front page, an error page, a list of links)
  // must show some prose of its own: Readability returns the best block of any page.
  const prose = paragraphs.filter((p) => /[.!?…"”’)]$/.test(p)).reduce((n, p) => n + p.length, 0)
  if (!declared && prose < MIN_UNDECLARED_PROSE)
    return 'no article text found (the page looks like a front page, a list of links or an error page)'
  author ??= bylineName(parsed.byline ?? null, siteNames) ?? authorLink

  return { title, outlet, url, published, author, summary, captions, paragraphs }
}

/** The page as a whole document: linkedom builds no `<html>`, `<head>` or `<body>` a page leaves out. */
function wholeDocument(html: string): string {
  const lower = html.toLowerCase()
  const headOpen = /<head(?:\s[^>]*)?>/i.exec(html)
  const headEnd = lower.indexOf('</head')
  const bodyOpen = /<body(?:\s[^>]*)?>/i.exec(html)
  const bodyEnd = lower.lastIndexOf('</body')
  let head = ''
  let body: string
  if (bodyOpen !== null) {
    if (headOpen !== null && headEnd > headOpen.index) head = html.slice(headOpen.index + headOpen[0].length, headEnd)
    else head = html.slice(0, bodyOpen.index)
    const from = bodyOpen.index + bodyOpen[0].length
    body = html.slice(from, bodyEnd > from ? bodyEnd : undefined)
  } else if (headOpen !== null && headEnd > headOpen.index) {
    head = html.slice(headOpen.index + headOpen[0].length, headEnd)
    body = html.slice(html.indexOf('>', headEnd) + 1)
  } else {
    body = html
  }
  const strip = (s: string): string => s.replace(/<!doctype[^>]*>|<\/?html(?:\s[^>]*)?>|<\/?head(?:\s[^>]*)?>/gi, '')
  const inner = strip(body).replace(/<\/?body(?:\s[^>]*)?>/gi, '')
  return `<!DOCTYPE html><html><head>${strip(head)}</head><body>${inner}</body></html>`
}

/** Control characters or replacement characters where a text page has none: a binary file renamed. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096)
  let odd = 0
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i)
    // Tab, line feed, vertical tab, form feed, carriage return and escape occur in text files.
    if ((c < 0x20 && (c < 0x09 || c > 0x0d) && c !== 0x1b) || c === 0xfffd) odd++
  }
  return odd > 0 && odd / sample.length > 0.01
}

/** White space collapsed, invisible characters dropped. */
function clean(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** A URL the page gives for itself: absolute http(s), a page and not an asset, without its fragment. */
function pageAddress(value: string | null): string | null {
  if (value === null) return null
  const url = value.trim().replace(/#.*$/, '')
  // A front page is the site's address, not the article's (some pages point canonical there).
  return isPageAddress(url, { bare: true }) ? url : null
}

/** The address a browser wrote into a page it saved ("saved from url=", SingleFile's "url:"). */
function savedFrom(html: string): string | null {
  const head = html.slice(0, 2048)
  const m =
    /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(head) ??
    /<!--[^>]*?Page saved with SingleFile[\s\S]*?\burl:\s*(\S+)/i.exec(head)
  return m?.[1] ?? null
}

/** Text runs that compare equal when the site name is spelt or cased differently. */
const letters = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')

/**
 * A title without the site name glued to it ("Headline | The Courier", "The Courier – Headline"),
 * when that part is the page's stated site name or publisher, or spells its host's name.
 */
function withoutSiteName(title: string, siteNames: string[], host: string | null): string {
  const names = siteNames.map(letters)
  if (host !== null) names.push(letters(host.split('.')[0]))
  const isSite = (part: string): boolean => {
    const l = letters(part)
    return l !== '' && names.some((n) => n === l || n === `the${l}` || l === `the${n}`)
  }
  const separator = /\s+[|–—·•:-]+\s+|\s*[|–—·•]\s*/g
  const parts = [...title.matchAll(separator)]
  if (parts.length === 0) return title
  const last = parts[parts.length - 1]
  const suffix = title.slice(last.index + last[0].length)
  if (isSite(suffix)) return title.slice(0, last.index).trim()
  const first = parts[0]
  const prefix = title.slice(0, first.index)
  if (isSite(prefix)) return title.slice(first.index + first[0].length).trim()
  return title
}

/** A person's name given as an author, or `null` for a profile link or the site's own name. */
function personName(value: string | null, siteNames: string[]): string | null {
  if (value === null) return null
  const name = clean(value)
  if (name === '' || /^https?:\/\/|^www\.|@.*\./i.test(name)) return null
  if (siteNames.some((s) => letters(s) === letters(name))) return null
  return name
}

/** Readability's byline ("By Jane Roe | Staff reporter", "Jane Roe"), read as a byline line. */
function bylineName(value: string | null, siteNames: string[]): string | null {
  if (value === null || clean(value) === '') return null
  const text = clean(value)
  const read = readByline(/^by\b/i.test(text) ? text : `By ${text}`)
  return read === null ? null : personName(read.author, siteNames)
}

/**
 * The name on the page's first link to an author ("rel=author", microdata, a WordPress-style
 * "/author/jane-roe/" link), once comments and teasers are gone; `null` when the link's text is no name.
 */
function authorLinkName(document: DomDocument, siteNames: string[]): string | null {
  const link = document.querySelector(
    'a[rel~="author"], [itemprop="author"] [itemprop="name"], a[itemprop="author"], ' +
      'a[href*="/author/"], a[href*="/authors/"]',
  )
  return link === null ? null : bylineName(link.textContent, siteNames)
}

/** A `<time>` the page marks as its publication time (microdata, `pubdate`, WordPress's `published`). */
function publishedTimeElement(document: DomDocument): string | null {
  const time = document.querySelector('time[itemprop="datePublished"], time[pubdate], time.published')
  return time?.getAttribute('datetime') ?? time?.textContent ?? null
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

interface LdArticle {
  headline: string | null
  datePublished: string | null
  author: string | null
  publisher: string | null
  url: string | null
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * The page's article as its JSON-LD states it: the first NewsArticle, Article, ReportageNewsArticle
 * (or another news subtype) at the top of a block, in an array or in an `@graph`, or the
 * `mainEntity` of a page node; `@id` references (Yoast's graph) are followed. Articles inside
 * lists (related stories) are not the page's. `null` when the page has none.
 */
function jsonLdArticle(document: DomDocument): LdArticle | null {
  const nodes: Json[] = []
  const scripts = document.querySelectorAll('script[type="application/ld+json"]')
  for (let i = 0; i < scripts.length; i++) {
    const raw = (scripts[i].textContent ?? '')
      .replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[)/, '')
      .replace(/(?:-->|\/\/\s*\]\]>)\s*$/, '')
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      continue // a broken block says nothing; the page's other metadata still does
    }
    collect(parsed, nodes, 0)
  }
  const byId = new Map<string, Json>()
  for (const n of nodes) if (typeof n['@id'] === 'string') byId.set(n['@id'], n)
  const resolve = (v: unknown): unknown =>
    isObject(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1 ? (byId.get(v['@id']) ?? v) : v

  const isArticle = (n: Json): boolean => types(n).some((t) => ARTICLE_TYPES.has(t.toLowerCase()))
  const article = nodes.find((n) => isArticle(n) && typeof n.headline === 'string') ?? nodes.find(isArticle)
  if (article === undefined) return null

  const text = (v: unknown): string | null => {
    if (typeof v !== 'string') return null
    const t = clean(decodeEntities(document, v))
    return t === '' ? null : t
  }
  const publisher = resolve(article.publisher)
  const publisherName = isObject(publisher) ? text(publisher.name) : text(publisher)
  const page = resolve(article.mainEntityOfPage)
  const url = text(article.url) ?? (isObject(page) ? (text(page['@id']) ?? text(page.url)) : text(page))

  const names: string[] = []
  const addAuthor = (v: unknown, depth: number): void => {
    const a = resolve(v)
    if (Array.isArray(a) && depth < 3) for (const item of a) addAuthor(item, depth + 1)
    else if (typeof a === 'string') names.push(...(text(a) === null ? [] : [text(a)!]))
    else if (isObject(a)) {
      // An organisation credited as author is the outlet, not a person's byline.
      if (types(a).some((t) => /organi[sz]ation|newsmedia|corporation/i.test(t))) return
      const name = Array.isArray(a.name) ? text(a.name[0]) : text(a.name)
      if (name !== null) names.push(name)
    }
  }
  addAuthor(article.author, 0)
  const people = [...new Set(names.map((n) => personName(n, publisherName === null ? [] : [publisherName])))].filter(
    (n): n is string => n !== null,
  )

  return {
    headline: text(article.headline) ?? text(article.name),
    datePublished: text(article.datePublished),
    author: people.length === 0 ? null : joinNames(people),
    publisher: publisherName,
    url,
  }
}

/** Nodes at the top of a JSON-LD block, in arrays, in `@graph`, and pages' `mainEntity`. */
function collect(value: unknown, into: Json[], depth: number): void {
  if (depth > 4) return
  if (Array.isArray(value)) {
    for (const v of value) collect(v, into, depth + 1)
    return
  }
  if (!isObject(value)) return
  into.push(value)
  if (value['@graph'] !== undefined) collect(value['@graph'], into, depth + 1)
  if (isObject(value.mainEntity)) collect(value.mainEntity, into, depth + 1)
}

function types(node: Json): string[] {
  const t = node['@type']
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string')
}

/** "Jane Roe", "Jane Roe and John Smith", "Jane Roe, John Smith and Ann Lee": as a byline writes them. */
function joinNames(names: string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** JSON-LD strings some sites write with HTML entities in them ("Council&#8217;s"). */
function decodeEntities(document: DomDocument, text: string): string {
  if (!/&(?:#\d+|#x[\da-f]+|[a-z]+);/i.test(text)) return text
  const el = document.createElement('textarea')
  el.innerHTML = text.replace(/</g, '&lt;')
  return el.textContent ?? text
}

// ---------------------------------------------------------------------------------------------
// The body

/** Takes the page's furniture out of the document, by tag, ARIA role, hidden state, or class/id name. */
function removeFurniture(document: DomDocument): void {
  const all = document.querySelectorAll(
    `${[...FURNITURE_TAGS].join(', ')}, header, [role], [aria-hidden="true"], [hidden], [class], [id]`,
  )
  const doomed: DomElement[] = []
  for (let i = 0; i < all.length; i++) {
    const el = all[i]
    const tag = el.tagName.toUpperCase()
    if (tag === 'HTML' || tag === 'BODY' || tag === 'MAIN' || tag === 'ARTICLE') continue
    if (FURNITURE_TAGS.has(tag.toLowerCase())) {
      // JSON-LD has been read by now; a caption inside an <aside> goes with the aside.
      doomed.push(el)
      continue
    }
    // A site's header (logo, menus) goes; an article's own header holds its lead photo.
    if (tag === 'HEADER') {
      if (el.closest('article, main, [role="main"]') === null && el.querySelector(STORY_INSIDE) === null)
        doomed.push(el)
      continue
    }
    const role = (el.getAttribute('role') ?? '').toLowerCase()
    const hidden = el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')
    const named = `${el.className} ${el.id}`.split(/\s+/).some((token) => token !== '' && FURNITURE_NAME.test(token))
    if ((FURNITURE_ROLES.has(role) || hidden || named) && el.querySelector(STORY_INSIDE) === null) doomed.push(el)
  }
  for (const el of doomed) el.remove()
}

/** The photo captions of the page (`figcaption`, caption paragraphs), taken out of the document. */
function takeCaptions(document: DomDocument): string[] {
  const captions: string[] = []
  const found = document.querySelectorAll('figcaption, [class]')
  const doomed: DomElement[] = []
  for (let i = 0; i < found.length; i++) {
    const el = found[i]
    const isCaption =
      el.tagName.toUpperCase() === 'FIGCAPTION' ||
      el.className.split(/\s+/).some((token) => token !== '' && CAPTION_NAME.test(token))
    if (!isCaption) continue
    // A captioned picture that is a link is a teaser's, not the story's.
    if (el.closest('a') !== null) continue
    const text = clean(el.textContent ?? '')
    if (text !== '' && !captions.includes(text)) captions.push(text)
    doomed.push(el)
  }
  for (const el of doomed) el.remove()
  return captions
}

/**
 * The standfirst the page marks as one ("standfirst", "dek", "article-summary"), taken out of the
 * body. It stands above the story's text: a "summary" after the first long paragraph is a teaser's.
 */
function takeStandfirst(document: DomDocument): string | null {
  const found = document.querySelectorAll('p, [class]')
  for (let i = 0; i < found.length; i++) {
    const el = found[i]
    const text = clean(el.textContent ?? '')
    const named = el.className.split(/\s+/).some((token) => token !== '' && STANDFIRST_NAME.test(token))
    if (!named) {
      if (el.tagName.toUpperCase() === 'P' && text.length >= 120) return null
      continue
    }
    if (el.querySelector('p, li, div, h1, h2, a') !== null && el.tagName.toUpperCase() !== 'P') continue
    if (text.length < 20 || text.length > 600) continue
    el.remove()
    return text
  }
  return null
}

interface Block {
  text: string
  /** Characters of `text` that are link text. */
  linked: number
  caption: boolean
}

/** The text blocks of Readability's article: paragraphs, list items, quotes; headings left out. */
function textBlocks(root: DomElement): Block[] {
  const out: Block[] = []
  let run = ''
  let linked = 0
  const flush = (): void => {
    const text = clean(run)
    if (text !== '') out.push({ text, linked: Math.min(linked, text.length), caption: false })
    run = ''
    linked = 0
  }
  const inline = (node: DomNode, inLink: boolean): void => {
    if (node.nodeType === TEXT) {
      const t = node.textContent ?? ''
      run += t
      if (inLink) linked += clean(t).length
      return
    }
    if (node.nodeType !== ELEMENT) return
    const tag = node.nodeName.toUpperCase()
    if (tag === 'BR') {
      flush()
      return
    }
    for (let i = 0; i < node.childNodes.length; i++) inline(node.childNodes[i], inLink || tag === 'A')
  }
  const walk = (el: DomElement, inLink: boolean): void => {
    for (let i = 0; i < el.childNodes.length; i++) {
      const child = el.childNodes[i]
      if (child.nodeType !== ELEMENT) {
        inline(child, inLink)
        continue
      }
      const tag = child.nodeName.toUpperCase()
      if (HEADINGS.has(tag)) {
        flush()
        continue
      }
      if (tag === 'FIGCAPTION') {
        flush()
        const text = clean(child.textContent ?? '')
        if (text !== '') out.push({ text, linked: 0, caption: true })
        continue
      }
      if (BLOCK_TAGS.has(tag)) {
        flush()
        walk(child as DomElement, inLink)
        flush()
      } else if (hasBlock(child as DomElement)) {
        // An inline element around blocks (an unclosed <b> that ran on): its text goes on the
        // current paragraph, its blocks are paragraphs of their own.
        walk(child as DomElement, inLink || tag === 'A')
      } else {
        inline(child, inLink)
      }
    }
  }
  walk(root, false)
  flush()
  return out
}

/** How many levels of elements `root` holds, counted without recursion (a deep page would overflow the stack). */
function maxDepth(root: DomElement): number {
  let max = 0
  const stack: Array<[DomElement, number]> = [[root, 1]]
  while (stack.length > 0) {
    const [el, depth] = stack.pop()!
    if (depth > max) max = depth
    for (let i = 0; i < el.children.length; i++) stack.push([el.children[i], depth + 1])
  }
  return max
}

function hasBlock(el: DomElement): boolean {
  for (let i = 0; i < el.children.length; i++) {
    const tag = el.children[i].tagName.toUpperCase()
    if (BLOCK_TAGS.has(tag) || HEADINGS.has(tag) || hasBlock(el.children[i])) return true
  }
  return false
}
