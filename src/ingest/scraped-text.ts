import { parseDate } from './dates.js'
import { outletFromUrl } from './outlets.js'

/** What a scraped page yields once its furniture is set apart. */
export interface CleanedPage {
  title: string | null
  outlet: string | null
  url: string | null
  published: string | null
  author: string | null
  summary: string | null
  captions: string[]
  paragraphs: string[]
}

type Kind = 'body' | 'caption' | 'heading' | 'furniture' | 'dateline-body'

interface Unit {
  text: string
  kind: Kind
}

const URL_LINE = /^(?:https?:\/\/|www\.)\S+$/i
const ASSET = /\.(?:jpe?g|png|gif|webp|svg|avif|mp4|mp3|m3u8)(?:[?#]\S*)?$|\/\/(?:static|cdn|img|images|media|i)\d*\./i
const LABELLED_URL = /^(?:url|link|source|original(?: article)?|canonical)\s*:\s*(https?:\/\/\S+)\s*$/i
const DATE_LINE = /^(published|first published|posted|updated|last updated|date)\b\s*(?:on)?\s*[:\-–]?\s*(.{6,60})$/i
// "By Jane de Souza and John Smith, Reuters": the names, then an optional ", outlet" tail.
const BYLINE = new RegExp(
  String.raw`^(?:[Bb]y|[Aa]uthor:|BY)\s+` +
    String.raw`(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|al|bin))*` +
    String.raw`(?:\s+and\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*)?)` +
    String.raw`\s*(?:[,|•·]\s*.*)?$`,
  'u',
)
const LISTEN = /listen to (?:this|the) (?:article|story)|you can now listen to|^listen\b.{0,40}\bmin(?:ute)?s?\b/i
const LISTEN_OUTLET = /listen to (\p{Lu}[\p{L}\d&.' -]{1,40}?) articles/u
const AD = /^(?:advertisement|advertisment|advert|sponsored(?: content)?|ad|paid content)\s*$|\badvertis(?:e)?ment\s*$/i
const BOILERPLATE = new RegExp(
  String.raw`^(?:share (?:this|on)|click here|sign up|subscribe (?:to|now)|read more\b|related\s*:|follow us|` +
    String.raw`copyright|©|all rights reserved|image source|getty images\s*$|` +
    String.raw`skip to (?:content|main)|advertisement\b)`,
  'i',
)
const CREDIT = new RegExp(
  String.raw`\((?:[^()]*\b` +
    '(?:photo|photos|getty|afp|reuters|ap|images?|credit|handout|press office|via|courtesy|file|pool)' +
    String.raw`\b[^()]*)\)\s*$`,
  'i',
)
const CAPTION_PREFIX = /^(?:photo|image|caption|picture|pictured|file photo)\s*:/i
const DATELINE = /^(\p{Lu}[\p{Lu}\s.'’-]{1,40}?)(?:,\s*[\p{L}. ]{2,30})?\s*\(([^()]{2,40})\)\s*[–—-]+\s*/u
// Wire services named in a dateline are the source of the story, and say so.
const TERMINAL = /[.!?…:;"”’)\]]$/

/**
 * Separates a scraped news page (plain text, blank lines between blocks) into the article and
 * its furniture: image links, listen banners, related-story teasers, ads, captions and credits,
 * byline, dates, standfirst. The body text is kept verbatim; only whole lines are set aside.
 */
export function cleanScrapedText(raw: string, knownTitle: string | null = null): CleanedPage {
  const lines = unwrap(raw)
  const page: CleanedPage = {
    title: knownTitle,
    outlet: null,
    url: null,
    published: null,
    author: null,
    summary: null,
    captions: [],
    paragraphs: [],
  }
  let bannerOutlet: string | null = null
  let datelineOutlet: string | null = null
  let hostOutlet: string | null = null
  const units: Unit[] = []

  for (const line of lines) {
    if (page.title === null) {
      page.title = line
        .replace(/^#+\s*/, '')
        .replace(/^title\s*:\s*/i, '')
        .trim()
      continue
    }
    const labelled = LABELLED_URL.exec(line)
    if (labelled !== null) {
      page.url ??= labelled[1]
      hostOutlet ??= outletFromUrl(labelled[1])
      continue
    }
    if (URL_LINE.test(line)) {
      const url = line.startsWith('www.') ? `https://${line}` : line
      hostOutlet ??= outletFromUrl(url)
      if (!ASSET.test(url)) page.url ??= url
      continue
    }
    const dated = DATE_LINE.exec(line)
    const date = dated === null ? null : parseDate(dated[2])
    if (dated !== null && date !== null) {
      // A "published" date wins over an "updated" one.
      if (page.published === null || /publish|posted|^date/i.test(dated[1])) page.published = date
      continue
    }
    const byline = BYLINE.exec(line)
    if (byline !== null && line.length < 120) {
      page.author ??= byline[1].trim()
      continue
    }
    if (LISTEN.test(line)) {
      bannerOutlet ??= LISTEN_OUTLET.exec(line)?.[1]?.trim() ?? null
      continue
    }
    if ((line.length < 60 && AD.test(line)) || (line.length < 80 && BOILERPLATE.test(line))) continue
    if (isAllCaps(line)) continue // related-story teaser or section label
    if (CREDIT.test(line) || CAPTION_PREFIX.test(line)) {
      units.push({ text: line, kind: 'caption' })
      continue
    }
    const dateline = DATELINE.exec(line)
    if (dateline !== null) {
      datelineOutlet ??= dateline[2].trim()
      units.push({ text: line, kind: 'dateline-body' })
      continue
    }
    if (!TERMINAL.test(line) && line.length <= 120 && line.split(/\s+/).length <= 18) {
      units.push({ text: line, kind: 'heading' })
      continue
    }
    units.push({ text: line, kind: 'body' })
  }

  // A short unpunctuated line just before a caption is the photo's headline: a caption too.
  for (let i = 0; i < units.length - 1; i++) {
    if (units[i].kind === 'heading' && units[i + 1].kind === 'caption') units[i].kind = 'caption'
  }

  // The standfirst: a first prose paragraph that stands before the dateline, or straight above
  // the lead photo.
  const firstBody = units.findIndex((u) => u.kind === 'body' || u.kind === 'dateline-body')
  if (firstBody >= 0 && units[firstBody].kind === 'body') {
    const datelineLater = units.some((u, i) => i > firstBody && u.kind === 'dateline-body')
    const nextProse = units.findIndex((u, i) => i > firstBody && (u.kind === 'body' || u.kind === 'dateline-body'))
    const captionBetween = units
      .slice(firstBody + 1, nextProse < 0 ? undefined : nextProse)
      .some((u) => u.kind === 'caption')
    if (datelineLater || captionBetween) {
      page.summary = units[firstBody].text
      units[firstBody].kind = 'furniture'
    }
  }

  for (const u of units) {
    if (u.kind === 'body' || u.kind === 'dateline-body') page.paragraphs.push(u.text)
    else if (u.kind === 'caption' && !page.captions.includes(u.text)) page.captions.push(u.text)
  }
  page.outlet = datelineOutlet ?? bannerOutlet ?? hostOutlet
  return page
}

/** Non-empty trimmed lines; a hard-wrapped paragraph (line ends mid-sentence, next starts lower-case) is joined. */
function unwrap(raw: string): string[] {
  const out: string[] = []
  let previousBlank = true
  for (const rawLine of raw.split('\n')) {
    const line = rawLine.replace(/[\s\u00a0\u200b\ufeff]+$/u, '').replace(/^[\s\u00a0\u200b\ufeff]+/u, '')
    if (line === '') {
      previousBlank = true
      continue
    }
    const last = out.length - 1
    if (!previousBlank && last >= 0 && !TERMINAL.test(out[last]) && /^\p{Ll}/u.test(line)) {
      out[last] = `${out[last]} ${line}`
    } else {
      out.push(line)
    }
    previousBlank = false
  }
  return out
}

function isAllCaps(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '')
  if (letters.length < 8) return false
  const upper = line.replace(/[^\p{Lu}]/gu, '').length
  return upper / letters.length >= 0.85 && line.split(/\s+/).length >= 2
}
