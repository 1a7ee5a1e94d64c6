import { type Byline, readByline } from './byline.js'
import { dateOnlyLine, findDate, onlyDateParts } from './dates.js'
import { outletFromUrl } from './outlets.js'
import { isPageAddress } from './urls.js'

/** What a scraped page yields once its furniture is set apart. */
export interface CleanedPage {
  title: string | null
  outlet: string | null
  /** Where `outlet` was read: the URL's host is the weakest statement of the outlet. */
  outletFrom: 'dateline' | 'byline' | 'banner' | 'masthead' | 'url' | null
  url: string | null
  published: string | null
  author: string | null
  summary: string | null
  captions: string[]
  paragraphs: string[]
}

type Kind = 'body' | 'caption' | 'heading' | 'furniture' | 'dateline-body' | 'meta'

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
// A promoted link under a label of its own: "Sponsored: The one kitchen gadget every cook…".
const SPONSORED = /^(?:sponsored|promoted|paid (?:post|content|partnership)|partner content|advertisement|ad)\s*[:|]/i
const BOILERPLATE = new RegExp(
  String.raw`^(?:(?:click to )?share (?:this|on|via)|click to (?:email|print|copy)\b|click here|sign up|` +
    String.raw`subscribe (?:to|now)|read more\b|related\s*:|follow us|` +
    String.raw`copyright\s*(?:©|\(c\)|\d{4})|©|all rights reserved|image source|getty images\s*$|` +
    String.raw`skip to (?:content|main)|advertisement\b|like this\s*:|(?:like\s+)?loading(?:\.{3}|…)?\s*$)`,
  'i',
)
// Where other stories begin: a date or a "By" line after one of these belongs to a teaser. Each
// heads a block of teasers (a title, perhaps a date or a time, perhaps a sentence of summary).
const RELATED = new RegExp(
  '^(?:related(?: (?:stories|articles|coverage|content|news|posts|reading|links|topics))?|' +
    String.raw`more (?:on this (?:story|topic)|from\b[^.!?]*|stories|like this|news|to read)|` +
    "further reading|what to read next|(?:you|we think you) (?:may|might|will|'ll) (?:also )?(?:like|enjoy)|" +
    "recommended(?: (?:for you|reading|stories|articles))?|editor'?s'? (?:picks|choice)|" +
    String.raw`(?:most|popular) (?:read|popular|viewed|shared|commented|watched|now|stories|articles)\b` +
    '[^.!?]{0,30}|' +
    'popular(?: (?:this week|today|right now|now))?|trending(?: (?:now|stories|topics))?|' +
    'top stories|the latest|latest (?:news|stories|headlines|articles)|in other news|' +
    String.raw`(?:from )?around the web|(?:sponsored|promoted|partner) (?:stories|content|links|posts))\s*:?$`,
  'i',
)
// A label for a link to another story on a line of its own ("Read more:"): the teaser under it is that story's.
const ONE_TEASER = /^(?:read (?:more|next|also)|also read|see also|related (?:story|article))\s*:?$/i
// A link to another story with its label on the same line ("Related: …", "Read more: …").
const INLINE_TEASER = /^(?:related\s*:.*|read (?:more|next|also)\b[^.!?]*)$/i
// Headings of a promotion (a newsletter, support for the site): the paragraph under one, when a
// button or a form follows it, is not the story's.
const PROMO_HEADING = new RegExp(
  String.raw`^(?:get\b[^.!?]{0,50}\b(?:in your inbox|newsletters?)|(?:sign up|subscribe|register)\b[^.!?]{0,50}` +
    String.raw`\b(?:newsletters?|inbox|briefing|bulletin|alerts)|(?:(?:our|free|daily|weekly)\s+)*newsletters?|` +
    String.raw`support (?:us|our journalism|(?:local|independent) journalism))\s*:?$`,
  'i',
)
// Headings of the writer's profile or the site's: the paragraph under one is not the story's.
const PROFILE_HEADING =
  /^about (?:this (?:site|blog|website)|the (?:authors?|writers?|contributors?|reporters?|columnists?))\s*:?$/i
// Where readers' comments begin: no link after this is the page's own.
const COMMENTS = new RegExp(
  String.raw`^(?:(?:\d+\s+)?(?:reader\s+)?comments?(?:\s*\(\d+\))?|(?:show|view|read|` +
    String.raw`load) (?:all )?comments|leave a (?:comment|reply)|join the (?:conversation|` +
    String.raw`discussion)|have your say|comments are closed|discussion about this (?:post|article|story))\s*:?$|` +
    String.raw`^(?:\d+|one|two|three) (?:thoughts?|responses?|replies|comments?) (?:on|to)\b`,
  'i',
)
// The marks of a comment thread under such a heading: "Jean says:", a time, Reply, a sign-in prompt.
const COMMENT_MARK = new RegExp(
  String.raw`\bsays:?$|^(?:reply|report|like|flag|recommend)\b.{0,20}$|\b(?:sign (?:in|up)|log ?in|logged in|` +
    String.raw`create an account)\b|leave a (?:reply|comment)|join the (?:discussion|conversation)|` +
    String.raw`will not be published|comments are closed|^\d+\s*(?:mins?|minutes?|h|hrs?|hours?|days?) ago$`,
  'i',
)
const CREDIT = new RegExp(
  String.raw`\((?:[^()]*\b` +
    '(?:photo|photos|getty|afp|reuters|ap|images?|credit|handout|press office|via|courtesy|file|pool|video)' +
    String.raw`\b[^()]*)\)\s*$|` +
    // "(Lucía Herrera/Plains Record)": a photographer and an agency or outlet.
    String.raw`\((?:\p{Lu}[\p{L}'’.-]*\s?){1,4}\/\s?(?:\p{Lu}[\p{L}'’.-]*\s?){1,5}\)\s*$|` +
    // "… on Saturday. Photograph: Martin Cole/The Standard"
    String.raw`(?:^|[.!?”"’)]\s+)(?:photo(?:graph)?s?|pictures?|images?|illustrations?)(?:\s*:\s*|\s+by\s+)` +
    String.raw`\p{Lu}[^.!?]{0,60}$`,
  'iu',
)
// "Image caption," is how some sites label a caption for screen readers (copied with the page).
const CAPTION_PREFIX = /^(?:(?:photo|image|caption|picture|pictured|file photo)\s*:|(?:image|media) caption\s*[:,])/i
const DATELINE = /^(\p{Lu}[\p{Lu}\s.'’-]{1,40}?)(?:,\s*[\p{L}. ]{2,30})?\s*\(([^()]{2,40})\)\s*[–—-]+\s*/u
// Wire services named in a dateline are the source of the story, and say so.
const TERMINAL = /[.!?…:;"”’)\]]$/
// Double quotation marks: a line that quotes someone is the story's, whatever it says.
const QUOTED = /["“”„«»]/
// The site speaking to its reader about itself ("our newsletter", "sign up", "your inbox"): a
// promotion, a call for letters or tips, a sign-in prompt, a licence note.
// Case matters: "US" is a country.
const OUTLET_VOICE = /\b(?:[Ww]e|[Oo]ur|us)\b|\b[Yy]our (?:inbox|email)\b/
const PROMO = new RegExp(
  String.raw`\b(?:newsletters?|inbox|unsubscribe|subscri(?:be|bers?|ption)|sign (?:up|in)|log ?in|donat(?:e|ions?)|` +
    String.raw`republish|reader-funded|email address|download|our app)\b|` +
    String.raw`\S@[\w-]+\.[\w.]+`,
  'i',
)
// Said with no "we" or "you": app-store blurbs, a sign-in prompt for comments.
const PROMO_PLAIN = new RegExp(
  String.raw`\b(?:app store|google play|(?:iphone|ios) and android)\b|\bcreate (?:an|your)\b.{0,40}\baccount\b|` +
    String.raw`\blogged in to\b|\b(?:post|leave) a comment\b|\b(?:republish|share|print) this (?:article|story)\b|` +
    String.raw`\b(?:for|to) subscribers only\b|\bsubscribe to (?:continue|keep) reading\b|\balready a subscriber\b|` +
    String.raw`\bsubscribe for free\b|\breceive new posts\b|` +
    // A newsletter's promise: "We will send you the day's top stories", "… delivered daily!"
    String.raw`\bwe(?:'ll|’ll| will) (?:send|email|deliver)(?: to)? you\b|` +
    String.raw`\bdelivered (?:daily|weekly|to your inbox)\b`,
  'i',
)
// A cookie or consent banner speaking to the reader.
const CONSENT = new RegExp(
  String.raw`\bcookies?\b|\bwe and our (?:partners|vendors)\b|` +
    String.raw`\bprivacy (?:settings|preferences|choices|policy|notice)\b|` +
    String.raw`\bpersonali[sz]ed (?:ads|advertising|content)\b|\bmanage (?:your )?(?:preferences|choices|consent)\b`,
  'i',
)
const READER = /\b(?:[Yy]ou|[Yy]our|[Ww]e|[Oo]ur|us)\b/
// The site's small print: copyright, company registration, the software it runs on.
const COLOPHON = new RegExp(
  String.raw`^(?:©|copyright\s*(?:©|\(c\)|\d{4}))|©\s*\d{4}|\ball rights reserved\b|^(?:proudly )?powered by\b|` +
    String.raw`\bregistered office\s*:|\bregistered in (?:england|scotland|wales)\b.{0,40}\b(?:no\.?|number)\s*` +
    String.raw`\d|^this (?:site|website|newspaper|magazine|publication|newsroom) is ` +
    String.raw`(?:part|published|owned|run|a member)\b|^a version of this (?:article|story) appear(?:s|ed) in print\b`,
  'i',
)
const NAME_WORD = String.raw`\p{Lu}[\p{L}'’.-]+`
const NAME = String.raw`${NAME_WORD}(?:\s+(?:(?:de|da|di|van|von|der|den|del|la|le|al|bin)\s+)*${NAME_WORD}){0,3}`
const NAME_LINE = new RegExp(`^${NAME}$`, 'u')
// "Jane Doe is a reporter covering …", "Ruth Hale is a transport planner …", "Jane Doe covers health …".
const BIO = new RegExp(
  String.raw`^(${NAME})\s+(?:(?:is|was|has been)\s+(?:a|an|the|our)\s|(?:covers|writes (?:about|for|on)|reports on)\s)`,
  'u',
)
const JOURNALIST = new RegExp(
  String.raw`\b(?:reporter|correspondent|journalist|writer|editor|columnist|contributor|photographer|producer|` +
    String.raw`critic|freelancer)\b`,
  'i',
)
const BEAT =
  /\b(?:covering|covers|based in|writes (?:about|on|for)|joined (?:the|us|our))\b|\b(?:for|at) (?:the )?\p{Lu}/u
// "Story by Jane Roe", "Words by …", "Posted by Jane Roe on 5 February 2025": a byline.
const BY_PREFIX = /^(?:story|words|text|written|reporting|reported|posted|report)\s+(?=by\s)/i
// Separators between the parts of one line of a page's furniture ("Home · News", "Jane Roe | 22 Oct 2024").
const SEPARATOR = /\s+[·|•›»]\s+/
const TOOLBAR = /^(?:share|save|print|listen|email|comments?|copy link|gift (?:this )?article|follow|bookmark)$/i
const FUNCTION_WORD = /^(?:a|an|the|of|in|on|at|to|for|and|or|but|with|as|by|from|after|over|is|are|be|its?)$/i

const letterWords = (line: string): number => line.match(/\p{L}[\p{L}'’-]*/gu)?.length ?? 0
const words = (line: string): number => line.split(/\s+/).length

/** A date line of the page: what it is the date of, and the date (`null` when it cannot be read). */
interface DateLine {
  kind: 'published' | 'updated'
  date: string | null
  /** A byline written on the same line ("Published 19 August 2025, by Jane Roe"). */
  byline: string | null
  /** Whether the line says what the date is ("Published", "Updated"), rather than being only a date. */
  labelled: boolean
}

/** "Published: August 19, 2025", "Last modified on Wed 20 Aug 2025", or a line that is only a date. */
function readDateLine(text: string): DateLine | null {
  if (text.length > 120) return null
  // Two dates run together ("March 14, 2025March 15, 2025", the date and the update) are two.
  const line = text.replace(/(\d{4})(?=\p{L})/gu, '$1 ')
  const label = DATE_LABEL.exec(line)
  if (label === null) {
    const bare = dateOnlyLine(line)
    return bare === undefined ? null : { kind: 'published', date: bare.date, byline: null, labelled: false }
  }
  const rest = line.slice(label[0].length)
  const found = findDate(rest)
  // The date must follow its label ("Updated guidance was published on…" is a sentence).
  if (found === null || !onlyDateParts(rest.slice(0, found.index))) return null
  let after = rest.slice(found.index + found.length)
  // A second date run on ("Posted on March 14, 2025March 15, 2025 by …": the update) is part of the line.
  for (let next = findDate(after); next !== null && onlyDateParts(after.slice(0, next.index)); next = findDate(after)) {
    after = after.slice(next.index + next.length)
  }
  const by = /^[\s,|•·–—-]*(by\s.*)$/i.exec(after)
  if (by === null && !onlyDateParts(after)) return null
  const kind = /updated|modified/i.test(label[1]) ? 'updated' : 'published'
  return { kind, date: found.date, byline: by?.[1] ?? null, labelled: true }
}

/** A byline, also one led by "Story by", "Words by" or "Posted by", and one that ends "on <date>". */
function readBylineLine(line: string): Byline | null {
  const text = line.replace(BY_PREFIX, '').replace(/^(by\s+.+?)\s+on\s+(?=(?:\p{L}+,?\s+)?\d)/iu, '$1, ')
  return readByline(text)
}

/**
 * A line of parts between separators, each a date, a byline, a reading time or a short label:
 * "September 17, 2025 · Transport · By Lena Kowalczyk", "Morag Lindqvist | 22 October 2024".
 */
function readMetaLine(line: string): { date: DateLine | null; byline: Byline | null } | null {
  if (line.length > 160 || !SEPARATOR.test(line)) return null
  let date: DateLine | null = null
  let byline: Byline | null = null
  for (const part of line.split(SEPARATOR)) {
    const dated = readDateLine(part)
    if (dated !== null) {
      date ??= dated
      if (dated.byline !== null) byline ??= readBylineLine(dated.byline)
      continue
    }
    const by = readBylineLine(part)
    if (by !== null) byline ??= by
    else if (/^\d+\s*(?:min(?:ute)?s?|hours?|hrs?)(?:\s+read)?$/i.test(part)) continue
    // A section or a name: read past, never taken as the author (a byline says "By").
    else if (letterWords(part) > 3 || TERMINAL.test(part) || /\d/.test(part)) return null
  }
  return date !== null || byline !== null ? { date, byline } : null
}

/** A line that is prose: it ends like a sentence, or is too long for a heading. */
const isProse = (line: string): boolean => TERMINAL.test(line) || line.length > 120 || words(line) > 18

/** A headline in a list of other stories: a short line, or a short question. */
const isTeaserTitle = (line: string): boolean =>
  !isProse(line) || (/[?]["”’]?$/.test(line) && words(line) <= 16 && line.length <= 120)

/** A cookie or consent banner's sentence. */
const isConsent = (line: string): boolean =>
  line.length < 400 && CONSENT.test(line) && READER.test(line) && !QUOTED.test(line)

/** The site promoting itself to its reader: newsletters, subscriptions, apps, calls for letters. */
const isPromo = (line: string): boolean =>
  line.length < 400 && !QUOTED.test(line) && ((PROMO.test(line) && OUTLET_VOICE.test(line)) || PROMO_PLAIN.test(line))

/** A line of a menu: short parts between separators, or three or more capitalised words and no others. */
function isMenuLine(line: string): boolean {
  const parts = line.split(SEPARATOR)
  if (parts.length >= 3 && parts.every((p) => letterWords(p) <= 3)) return true
  const tokens = line.split(/\s+/)
  return (
    tokens.length >= 3 &&
    !TERMINAL.test(line) &&
    tokens.every((t) => /^\p{Lu}[\p{L}'’&-]*$/u.test(t) && !FUNCTION_WORD.test(t))
  )
}

/**
 * What a line is, as far as finding the headline goes. A line that is only a date may be the
 * masthead's (today's date beside the site's name) as well as the story's: it marks neither.
 */
function shapeOf(line: string): 'furniture' | 'date' | 'meta' | 'prose' | 'short' {
  if (URL_LINE.test(line) || LABELLED_URL.test(line) || LISTEN.test(line)) return 'furniture'
  if ((line.length < 60 && AD.test(line)) || (line.length < 80 && BOILERPLATE.test(line))) return 'furniture'
  if (isConsent(line) || isPromo(line) || COLOPHON.test(line)) return 'furniture'
  const dated = readDateLine(line)
  if (dated !== null) return dated.labelled || dated.byline !== null ? 'meta' : 'date'
  if (readBylineLine(line) !== null || readMetaLine(line) !== null) return 'meta'
  return isProse(line) ? 'prose' : 'short'
}

/**
 * Where the headline stands. A page saved whole ("select all, copy" in a browser) opens with the
 * site's furniture: its name, menus, a cookie banner, a breaking-news strip. The headline is then
 * the first of the last run of heading-like lines (three words or more, no date, not a menu)
 * before the first byline, date line or paragraph. The first line stays the headline unless it
 * is furniture itself (a site's name, a menu, a date, a banner) or a menu stands between the two.
 */
function findHeadline(lines: string[]): number {
  // A label ("Breaking News:") is short, and so is a headline that asks or exclaims ("Will the
  // Budget bring out smiling voters?", "France v Wales (Sat)"), whatever they end with.
  const shapes = lines.map((l) => {
    const shape = shapeOf(l)
    const label = l.endsWith(':') && words(l) <= 4
    const asks = /(?:[?!)…]|\.\.\.)["”’]?$/.test(l) && words(l) <= 16 && l.length <= 120
    return shape === 'prose' && (label || asks) ? 'short' : shape
  })
  let anchor = shapes.findIndex((s) => s === 'meta' || s === 'prose')
  if (anchor < 0) anchor = lines.length
  const candidate = (i: number): boolean =>
    shapes[i] === 'short' &&
    (lines[i].match(/[\p{L}\p{N}]\S*/gu)?.length ?? 0) >= 3 &&
    findDate(lines[i]) === null &&
    !isMenuLine(lines[i]) &&
    !lines[i].endsWith(':')
  let last = -1
  for (let i = anchor - 1; i > 0 && last < 0; i--) if (candidate(i)) last = i
  // No headline below the first line: that line, unless it is furniture (a link, a banner).
  if (last < 0) return shapes[0] === 'furniture' || shapes[0] === 'date' ? Math.max(0, shapes.indexOf('short')) : 0
  let headline = last
  while (headline > 1 && candidate(headline - 1)) headline--
  const first = lines[0]
  // A site's name: three words or fewer, each capitalised ("The Coastline Courier").
  const nameLike = letterWords(first) <= 3 && first.split(/\s+/).every((t) => !/^\p{Ll}/u.test(t))
  const firstIsFurniture =
    shapes[0] !== 'short' ||
    nameLike ||
    findDate(first) !== null ||
    isMenuLine(first) ||
    (lines.length > 1 && isConsent(lines[1]))
  // A menu: three or more short lines of capitalised words in a row (not a toolbar's Share, Save, Listen).
  let run = 0
  let menu = false
  for (let i = 1; i < headline && !menu; i++) {
    const item = shapes[i] === 'short' && letterWords(lines[i]) <= 3 && /^\p{Lu}[^\d]*$/u.test(lines[i])
    run = item && !TOOLBAR.test(lines[i]) ? run + 1 : 0
    menu = run >= 3
  }
  return firstIsFurniture || menu ? headline : 0
}

/**
 * The site's names as its masthead shows them, above the headline: short lines, or the first
 * part of a line of parts ("Northfield Post · Local · Business"), with any date taken out.
 */
function mastheadNames(lines: string[]): string[] {
  const names: string[] = []
  for (const line of lines) {
    if (shapeOf(line) !== 'short') continue
    let name = line.split(SEPARATOR)[0]
    const found = findDate(name)
    if (found !== null) {
      name = name
        .slice(0, found.index)
        .replace(/[\s,]*(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?)?[\s,]*$/i, '')
    }
    name = name.trim()
    if (name !== '' && letterWords(name) <= 5 && !TERMINAL.test(name) && !names.includes(name)) names.push(name)
  }
  return names
}

const bare = (name: string): string => name.replace(/^the\s+/i, '')
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// What a site's small print says of it: "… is part of Riverbank Media", "… is a nonprofit newsroom",
// "…, 14 Market Row" (its address).
const SITE_IS = new RegExp(
  String.raw`^(?:\s+(?:is|are|was)\s+(?:part of|published by|owned by|run by|produced by|a member of|` +
    String.raw`a trading name of|(?:an?|the)\s+(?:[\p{L}-]+\s+){0,3}(?:newspaper|magazine|newsroom|publication|` +
    String.raw`website|blog|news (?:site|website|service|organi[sz]ation)))\b|,\s+\d)`,
  'u',
)

/** A line that begins with the site's name and says what the site is: "Eastgate Echo is part of …". */
function aboutSite(line: string, names: string[]): boolean {
  return names.some((n) => {
    if (letterWords(n) < 2) return false
    const name = new RegExp(String.raw`^(?:[Tt]he\s+)?${escapeRegExp(bare(n))}`).exec(line)
    return name !== null && SITE_IS.test(line.slice(name[0].length))
  })
}

/**
 * The masthead name that the page's small print confirms: its copyright line names it ("© 2025
 * The Northern Standard Ltd."), or a line begins with it and says what it is.
 */
function confirmedSite(names: string[], lines: string[]): string | null {
  for (const name of names) {
    const owner = new RegExp(
      String.raw`(?:©|\b[Cc]opyright\b)\s*(?:©\s*)?(?:\d{4}\s*)?(?:[Tt]he\s+)?${escapeRegExp(bare(name))}(?![\p{L}])`,
      'u',
    )
    if (lines.some((l) => owner.test(l) || aboutSite(l, [name]))) return name
  }
  return null
}

/** Whether a line is the site's furniture by what it says, wherever it stands. */
function furnitureLine(line: string, siteNames: string[]): boolean {
  if (line.length < 300 && SPONSORED.test(line)) return true
  return isConsent(line) || isPromo(line) || COLOPHON.test(line) || aboutSite(line, siteNames)
}

/** A heading under which the lines are not the story's: other stories, a promotion, a profile. */
const opensBlock = (line: string): boolean =>
  line.length <= 80 &&
  (RELATED.test(line) || ONE_TEASER.test(line) || PROMO_HEADING.test(line) || PROFILE_HEADING.test(line))

/** What follows a line: the lines that the line rules keep, and the lines as they stand. */
interface Lookahead {
  kept: string[]
  raw: string[]
}

// A newsletter box's form: "Sign up", "Subscribe", "Email address", "Enter your email".
const FORM_LINE =
  /^(?:sign ?up|subscribe|join|register|submit|email(?: address)?|(?:enter )?your email(?: address)?)\b.{0,20}$/i

/** A block of the page that is not the story's: teasers, a promotion, a profile. */
interface Block {
  /** Teasers: titles, each perhaps with one sentence. Promo, profile: up to one paragraph. */
  kind: 'teasers' | 'promo' | 'profile'
  /**
   * Under "Related", which also stands inside a story, a list of bare titles is followed by the
   * story again, not by a summary; under "Read more:" there is one teaser.
   */
  inline: boolean
  single: boolean
  /** The last line taken was a teaser's title. */
  afterTitle: boolean
  /** Titles taken, and sentences of summary taken under them. */
  titles: number
  summaries: number
}

/**
 * Separates a scraped news page (plain text, blank lines between blocks) into the article and
 * its furniture: image links, listen banners, related-story teasers, ads, captions and credits,
 * byline, dates, standfirst. The body text is kept verbatim; only whole lines are set aside.
 *
 * A page copied whole from a browser also holds the site's furniture around the story: its name
 * and menus above the headline (the headline is found below them), cookie banners, promotions of
 * newsletters and apps, blocks of other stories under headings such as "Related" or "Most read"
 * (titles, each perhaps with a sentence of summary), the writer's profile, readers' comments (from
 * their heading to the end of the page), the site's small print. Each is recognised by what it
 * says or by its shape, never by the site.
 *
 * Metadata is read only where the page states it for this article: the byline and date lines
 * near the headline (before the second paragraph of prose and before any related-story block or
 * teaser), a dateline before any such block, the page's own address at the top or on a labelled
 * line (never an image, CDN or ad link, nor one in readers' comments), the site's name at the top
 * when its small print confirms it. What the page does not state stays `null`.
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
  // With a title given, every line is the page's; otherwise the headline is found, and what
  // stands above it is the site's masthead.
  const headline = knownTitle === null && lines.length > 0 ? findHeadline(lines) : -1
  const siteNames = headline > 0 ? mastheadNames(lines.slice(0, headline)) : []
  const site = confirmedSite(siteNames, lines.slice(headline + 1))
  let bannerOutlet: string | null = null
  let datelineOutlet: string | null = null
  let bylineOutlet: string | null = null
  let bylineDate: string | null = null
  const dates: DateLine[] = []
  const units: Unit[] = []
  // Where the page is: prose paragraphs seen so far, whether a related-story block or a teaser
  // has begun (the head is over), whether readers' comments have begun (and, once their thread
  // is certain, that nothing after is the story's), whether the line before was an ad's label
  // (the link under it is the ad's), the block of furniture the line is in.
  let prose = 0
  let headOver = false
  let inComments = false
  let commentThread = false
  let afterAd = false
  let block: Block | null = null
  const inHead = (): boolean => !headOver && !inComments && prose <= 1
  // The lines after `i` that are not set aside by what they say (an ad's label, a share prompt, small
  // print), up to five; and the next three lines as they stand.
  const upcoming = (i: number): Lookahead => {
    const kept: string[] = []
    for (let j = i + 1; j < lines.length && kept.length < 5; j++) {
      const l = lines[j]
      const dropped =
        furnitureLine(l, siteNames) ||
        (l.length < 60 && AD.test(l)) ||
        (l.length < 80 && BOILERPLATE.test(l)) ||
        URL_LINE.test(l)
      if (opensBlock(l) || !dropped) kept.push(l)
    }
    return { kept, raw: lines.slice(i + 1, i + 4) }
  }
  const takeByline = (byline: Byline | null): void => {
    if (byline === null || !inHead()) return
    page.author ??= byline.author
    bylineOutlet ??= byline.outlet
    bylineDate ??= byline.date
  }
  const takeDate = (dated: DateLine, beforeHeadline: boolean): void => {
    // Above the headline, only a date that says what it is: a bare one is the masthead's today.
    if (inHead() && (!beforeHeadline || dated.labelled)) dates.push(dated)
    if (!beforeHeadline && inHead()) units.push({ text: '', kind: 'meta' })
    if (dated.byline !== null) takeByline(readBylineLine(dated.byline))
  }

  /** A line of the masthead: only the page's address, a labelled date and a listen banner are read from it. */
  const readMasthead = (line: string): void => {
    const labelled = LABELLED_URL.exec(line)
    if (labelled !== null && isPageAddress(labelled[1], { bare: false })) page.url ??= labelled[1]
    else if (URL_LINE.test(line)) {
      const url = line.startsWith('www.') ? `https://${line}` : line
      if (isPageAddress(url, { bare: true })) page.url ??= url
    } else if (LISTEN.test(line)) {
      bannerOutlet ??= LISTEN_OUTLET.exec(line)?.[1]?.trim() ?? null
    } else if (DATE_LABEL.test(line)) {
      const dated = readDateLine(line)
      if (dated !== null) takeDate(dated, true)
    }
  }

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (page.title === null) {
      if (i < headline) {
        readMasthead(line)
        continue
      }
      page.title = line
        .replace(/^#+\s*/, '')
        .replace(/^title\s*:\s*/i, '')
        .trim()
      continue
    }
    const wasAfterAd = afterAd
    afterAd = false
    const labelled = LABELLED_URL.exec(line)
    if (labelled !== null) {
      // A stated address counts wherever it stands, but not inside readers' comments.
      if (!inComments && isPageAddress(labelled[1], { bare: false })) page.url ??= labelled[1]
      continue
    }
    if (commentThread) continue
    if (line.length <= 120 && COMMENTS.test(line)) {
      if (prose > 0) {
        inComments = true
        // A thread, not a count of comments in a share bar: its marks follow within a few lines.
        const marks = lines.slice(i + 1, i + 7).some((l) => COMMENT_MARK.test(l) || readDateLine(l) !== null)
        commentThread = prose >= 2 && marks
      }
      continue
    }
    if (prose > 0 && line.length <= 120 && INLINE_TEASER.test(line)) headOver = true
    if (opensBlock(line)) {
      if (prose > 0) headOver = true
      const kind = PROMO_HEADING.test(line) ? 'promo' : PROFILE_HEADING.test(line) ? 'profile' : 'teasers'
      const single = ONE_TEASER.test(line)
      block = {
        kind,
        inline: single || /^related\b/i.test(line),
        single,
        afterTitle: false,
        titles: 0,
        summaries: 0,
      }
      continue
    }
    if (furnitureLine(line, siteNames) && readBylineLine(line) === null) continue
    if (block !== null && inBlock(block, line, upcoming(i))) continue
    block = null
    if (URL_LINE.test(line)) {
      const url = line.startsWith('www.') ? `https://${line}` : line
      // A bare link is the page's own address only at the top, before any prose.
      if (prose === 0 && !headOver && !wasAfterAd && isPageAddress(url, { bare: true })) page.url ??= url
      continue
    }
    const dated = readDateLine(line)
    if (dated !== null) {
      takeDate(dated, false)
      continue
    }
    const byline = readBylineLine(line)
    if (byline !== null) {
      if (inHead()) units.push({ text: '', kind: 'meta' })
      takeByline(byline)
      continue
    }
    const meta = readMetaLine(line)
    if (meta !== null) {
      if (meta.date !== null) takeDate(meta.date, false)
      else if (inHead()) units.push({ text: '', kind: 'meta' })
      takeByline(meta.byline)
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
    const bio = line.length <= 400 ? BIO.exec(line) : null
    if (bio !== null) {
      const name = bio[1]
      // The writer's profile card: their name on a line, then a line about them ("JANE ROE", "Roe covers …").
      const named = (text: string | null | undefined): boolean =>
        text != null && name.split(/\s+/).every((w) => new RegExp(String.raw`\b${escapeRegExp(w)}\b`, 'i').test(text))
      const card = i - 1 > headline && NAME_LINE.test(lines[i - 1]) && named(lines[i - 1])
      const writer = named(page.author)
      if (card || writer || (JOURNALIST.test(line) && BEAT.test(line))) {
        if (card && inHead()) page.author ??= name
        continue
      }
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
    if (!isProse(line)) {
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

  // The standfirst: a first prose paragraph that stands before the dateline, straight above the
  // lead photo, or above the byline or date line.
  const firstBody = units.findIndex((u) => u.kind === 'body' || u.kind === 'dateline-body')
  if (firstBody >= 0 && units[firstBody].kind === 'body') {
    const datelineLater = units.some((u, i) => i > firstBody && u.kind === 'dateline-body')
    const nextProse = units.findIndex((u, i) => i > firstBody && (u.kind === 'body' || u.kind === 'dateline-body'))
    const between = units.slice(firstBody + 1, nextProse < 0 ? undefined : nextProse)
    if (datelineLater || between.some((u) => u.kind === 'caption' || u.kind === 'meta')) {
      page.summary = units[firstBody].text
      units[firstBody].kind = 'furniture'
    }
  }

  dropRepeats(units)
  for (const u of units) {
    if (u.kind === 'body' || u.kind === 'dateline-body') page.paragraphs.push(u.text)
    else if (u.kind === 'caption' && !page.captions.includes(u.text)) page.captions.push(u.text)
  }
  const hostOutlet = page.url === null ? null : outletFromUrl(page.url)
  const outlets = [
    ['dateline', datelineOutlet],
    ['byline', bylineOutlet],
    ['banner', bannerOutlet],
    ['masthead', site],
    ['url', hostOutlet],
  ] as const
  const stated = outlets.find(([, outlet]) => outlet !== null)
  page.outlet = stated?.[1] ?? null
  page.outletFrom = stated?.[0] ?? null
  return page
}

/**
 * Whether `line` belongs to the block of furniture it follows. Teasers: every title, date, time
 * or byline; a sentence straight under the heading (a teaser written as a sentence); under a
 * title, a sentence of summary when what follows is not prose, and, for the block's first
 * summary, when another teaser (titles, then a sentence) or another section follows. Anything
 * else ends the block and the story goes on: a sentence followed by another, a sentence after a
 * list of bare titles under "Related" (which may stand inside a story), a lone teaser's sentence
 * at the end, anything after the one teaser under "Read more:". Profile: the paragraph straight
 * under the heading. Promo: the same, when the box's form (a sign-up button, an email field)
 * follows it.
 */
function inBlock(block: Block, line: string, next: Lookahead): boolean {
  if (block.kind !== 'teasers') {
    const first = block.titles === 0
    block.titles++
    const form = next.raw.some((l) => FORM_LINE.test(l))
    return first && isProse(line) && (block.kind === 'profile' || form)
  }
  if (block.single && block.titles + block.summaries > 0) return false
  if (isTeaserTitle(line)) {
    block.afterTitle = true
    block.titles++
    return true
  }
  if (block.titles === 0 && block.summaries === 0) {
    block.summaries++
    return true
  }
  if (!block.afterTitle || (block.inline && block.summaries === 0 && block.titles > 1)) return false
  const section = (l: string): boolean => opensBlock(l) || (l.length <= 120 && COMMENTS.test(l))
  const [after] = next.kept
  if (after !== undefined && !isTeaserTitle(after) && !section(after)) return false
  if (block.summaries === 0) {
    const prose = next.kept.findIndex((l) => !isTeaserTitle(l))
    const another = after !== undefined && (section(after) || (prose > 0 && !section(next.kept[prose])))
    if (!another) return false
  }
  block.afterTitle = false
  block.summaries++
  return true
}

const MAX_PULL_QUOTE_PAGE = 400

/**
 * A paragraph said twice is said once: a later copy of a line, and a pull quote (a sentence of
 * eight words or more found whole inside a longer paragraph of the story), are not the story's text.
 */
function dropRepeats(units: Unit[]): void {
  const key = (s: string): string =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  const body = units.filter((u) => u.kind === 'body' || u.kind === 'dateline-body')
  const keys = body.map((u) => key(u.text))
  // Each short paragraph is looked for in every other: quadratic, so only on a page of a news
  // story's length (a pull quote stands in an article, not in a book-length text file).
  const inside = (i: number): boolean => {
    const k = keys[i]
    if (keys.length > MAX_PULL_QUOTE_PAGE || k.length > 300 || k.split(' ').length < 8) return false
    return keys.some((other) => other.length > k.length && other.includes(k))
  }
  const seen = new Set<string>()
  body.forEach((u, i) => {
    const k = keys[i]
    if (seen.has(k) || inside(i)) u.kind = 'furniture'
    seen.add(k)
  })
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
