import { readByline } from './byline.js'
import { dateOnlyLine, findDate, onlyDateParts } from './dates.js'
import { outletFromUrl } from './outlets.js'
import { isPageAddress } from './urls.js'

/** What a scraped page yields once its furniture is set apart. */
export interface CleanedPage {
  title: string | null
  outlet: string | null
  /** Where `outlet` was read: the URL's host is the weakest statement of the outlet. */
  outletFrom: 'dateline' | 'byline' | 'banner' | 'url' | null
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
const LABELLED_URL = new RegExp(
  String.raw`^(?:url|link|source|original(?: article)?|canonical(?: url)?|permalink|` +
    String.raw`(?:article|page) url)\s*:\s*(https?:\/\/\S+)\s*$`,
  'i',
)
const DATE_LABEL = new RegExp(
  String.raw`^(?:this (?:article|story) was )?(first published|originally published|` +
    String.raw`published|posted|updated|last updated|last modified|modified|date|dated)\b\s*(?:on|` +
    String.raw`at)?\s*[:\-–—]?\s*`,
  'i',
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
// Where other stories begin: a date or a "By" line after one of these belongs to a teaser.
const RELATED = new RegExp(
  String.raw`^(?:related(?: (?:stories|articles|coverage|content|news|posts|reading|links|topics))?|related\s*:.*|` +
    String.raw`more (?:on this (?:story|topic)|from\b[^.!?]*|stories|like this|news|to read)|` +
    String.raw`read (?:more|next|also)\b[^.!?]*|` +
    'also read|further reading|what to read next|you (?:may|might) (?:also )?like|recommended(?: for you)?|' +
    '(?:most|popular) (?:read|popular|viewed|shared|now|stories)|trending(?: now)?|' +
    String.raw`top stories|latest (?:news|stories))\s*:?$`,
  'i',
)
// Where readers' comments begin: no link after this is the page's own.
const COMMENTS = new RegExp(
  String.raw`^(?:(?:\d+\s+)?(?:reader\s+)?comments?(?:\s*\(\d+\))?|(?:show|view|read|` +
    String.raw`load) (?:all )?comments|leave a (?:comment|reply)|join the (?:conversation|` +
    String.raw`discussion)|have your say|comments are closed)\s*:?$`,
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

/** A date line of the page: what it is the date of, and the date (`null` when it cannot be read). */
interface DateLine {
  kind: 'published' | 'updated'
  date: string | null
  /** A byline written on the same line ("Published 19 August 2025, by Jane Roe"). */
  byline: string | null
}

/** "Published: August 19, 2025", "Last modified on Wed 20 Aug 2025", or a line that is only a date. */
function readDateLine(line: string): DateLine | null {
  if (line.length > 120) return null
  const label = DATE_LABEL.exec(line)
  if (label === null) {
    const bare = dateOnlyLine(line)
    return bare === undefined ? null : { kind: 'published', date: bare.date, byline: null }
  }
  const rest = line.slice(label[0].length)
  const found = findDate(rest)
  // The date must follow its label ("Updated guidance was published on…" is a sentence).
  if (found === null || !onlyDateParts(rest.slice(0, found.index))) return null
  const after = rest.slice(found.index + found.length)
  const by = /^[\s,|•·–—-]*(by\s.*)$/i.exec(after)
  if (by === null && !onlyDateParts(after)) return null
  const kind = /updated|modified/i.test(label[1]) ? 'updated' : 'published'
  return { kind, date: found.date, byline: by?.[1] ?? null }
}

/**
 * Separates a scraped news page (plain text, blank lines between blocks) into the article and
 * its furniture: image links, listen banners, related-story teasers, ads, captions and credits,
 * byline, dates, standfirst. The body text is kept verbatim; only whole lines are set aside.
 *
 * Metadata is read only where the page states it for this article: the byline and date lines
 * near the headline (before the second paragraph of prose and before any related-story block or
 * teaser), a dateline before any such block, the page's own address at the top or on a labelled
 * line (never an image, CDN or ad link, nor one in readers' comments). What the page does not
 * state stays `null`.
 */
export function cleanScrapedText(raw: string, knownTitle: string | null = null): CleanedPage {
  const lines = unwrap(raw)
  const page: CleanedPage = {
    title: knownTitle,
    outlet: null,
    outletFrom: null,
    url: null,
    published: null,
    author: null,
    summary: null,
    captions: [],
    paragraphs: [],
  }
  let bannerOutlet: string | null = null
  let datelineOutlet: string | null = null
  let bylineOutlet: string | null = null
  let bylineDate: string | null = null
  const dates: DateLine[] = []
  const units: Unit[] = []
  // Where the page is: prose paragraphs seen so far, whether a related-story block or a teaser
  // has begun (the head is over), whether readers' comments have begun, whether the line before
  // was an ad's label (the link under it is the ad's).
  let prose = 0
  let headOver = false
  let inComments = false
  let afterAd = false
  const inHead = (): boolean => !headOver && !inComments && prose <= 1
  const takeByline = (byline: ReturnType<typeof readByline>): void => {
    if (byline === null || !inHead()) return
    page.author ??= byline.author
    bylineOutlet ??= byline.outlet
    bylineDate ??= byline.date
  }

  for (const line of lines) {
    if (page.title === null) {
      page.title = line
        .replace(/^#+\s*/, '')
        .replace(/^title\s*:\s*/i, '')
        .trim()
      continue
    }
    const wasAfterAd = afterAd
    afterAd = false
    if (prose > 0 && line.length <= 60 && COMMENTS.test(line)) inComments = true
    if (prose > 0 && line.length <= 120 && RELATED.test(line)) headOver = true
    const labelled = LABELLED_URL.exec(line)
    if (labelled !== null) {
      // A stated address counts wherever it stands, but not inside readers' comments.
      if (!inComments && isPageAddress(labelled[1], { bare: false })) page.url ??= labelled[1]
      continue
    }
    if (URL_LINE.test(line)) {
      const url = line.startsWith('www.') ? `https://${line}` : line
      // A bare link is the page's own address only at the top, before any prose.
      if (prose === 0 && !headOver && !wasAfterAd && isPageAddress(url, { bare: true })) page.url ??= url
      continue
    }
    const dated = readDateLine(line)
    if (dated !== null) {
      if (inHead()) dates.push(dated)
      if (dated.byline !== null) takeByline(readByline(dated.byline))
      continue
    }
    const byline = readByline(line)
    if (byline !== null) {
      takeByline(byline)
      continue
    }
    if (LISTEN.test(line)) {
      if (!inComments) bannerOutlet ??= LISTEN_OUTLET.exec(line)?.[1]?.trim() ?? null
      continue
    }
    if (line.length < 60 && AD.test(line)) {
      afterAd = true
      continue
    }
    if (line.length < 80 && BOILERPLATE.test(line)) {
      afterAd = /^advertis/i.test(line)
      continue
    }
    if (isAllCaps(line)) {
      if (prose > 0) headOver = true
      continue // related-story teaser or section label
    }
    if (CREDIT.test(line) || CAPTION_PREFIX.test(line)) {
      units.push({ text: line, kind: 'caption' })
      continue
    }
    const dateline = DATELINE.exec(line)
    if (dateline !== null) {
      // A dateline may open any section of the story, but not a teaser's or a comment's.
      if (!headOver && !inComments) datelineOutlet ??= dateline[2].trim()
      units.push({ text: line, kind: 'dateline-body' })
      prose++
      continue
    }
    if (!TERMINAL.test(line) && line.length <= 120 && line.split(/\s+/).length <= 18) {
      units.push({ text: line, kind: 'heading' })
      continue
    }
    units.push({ text: line, kind: 'body' })
    prose++
  }

  // The article's own date: the first "published" date near the headline, else its first
  // "updated" one, else the byline's. A published date that cannot be read (03/04/2025) leaves
  // the date unknown rather than giving way to the update.
  const published = dates.find((d) => d.kind === 'published')
  page.published = published !== undefined ? published.date : (dates[0]?.date ?? bylineDate)

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
  const hostOutlet = page.url === null ? null : outletFromUrl(page.url)
  const outlets = [
    ['dateline', datelineOutlet],
    ['byline', bylineOutlet],
    ['banner', bannerOutlet],
    ['url', hostOutlet],
  ] as const
  const stated = outlets.find(([, outlet]) => outlet !== null)
  page.outlet = stated?.[1] ?? null
  page.outletFrom = stated?.[0] ?? null
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
