import { splitSentences } from '../text/sentences.js'
import type { Article } from '../types.js'
import { type NamedPerson, splitRoleAndName, surnameKey } from './names.js'
import {
  afterQuoteAttribution,
  BEFORE_QUOTE,
  cleanRole,
  isPronoun,
  NAME_PHRASE,
  namedSpeakers,
  ROLE_NOUNS,
  ROLE_RUN,
  SPEECH_VERBS,
  SUBJECT_VERB,
  speakerOf,
} from './speech.js'

/**
 * A quotation as found in one article, its speaker as written there (resolved to a full name
 * when the article gives one).
 */
export interface RawQuotation {
  speaker: string
  role: string | null
  text: string
  paragraph: number
  start: number
  end: number
}

interface Span {
  /** Offsets of the quote marks within the paragraph (open mark, index after the close mark). */
  open: number
  close: number
  /** Offsets of the quoted words. */
  innerStart: number
  innerEnd: number
}

const PERSON_PHRASE = new RegExp(NAME_PHRASE, 'gu')

/**
 * Finds the direct quotations of an article with their speakers: attribution after the quote
 * ("…," Witkoff said), before it (Witkoff said: "…"), by pronoun (resolved to the last named
 * speaker), continuations of an attributed quotation, and short quoted phrases in a sentence
 * whose subject speaks.
 */
export function extractQuotations(article: Article): RawQuotation[] {
  // Names and roles stated in the article, read only when a quotation needs its speaker resolved.
  let known: Map<string, NamedPerson> | null = null
  const people = (): Map<string, NamedPerson> => (known ??= peopleOf(article))
  const out: RawQuotation[] = []
  let offset = 0
  let lastSpeaker: NamedPerson | null = null
  // The narrative written since the last speaker was named: someone else named in it makes
  // "he said" ambiguous.
  let since: string[] = []
  // Narrative since the last attributed quotation, read for speakers only when a "he said" needs
  // them: most quotations name their speaker, and reading all of it would triple the cost.
  let unread: string[] = []
  let previousParagraphSpeaker: NamedPerson | null = null
  const speakerIs = (person: NamedPerson): void => {
    lastSpeaker = person
    since = []
    unread = []
  }
  // A paragraph's first words start a sentence: marked so, since `since` keeps pieces of sentences.
  const narrate = (text: string, paragraphStart: boolean): void => {
    unread.push(paragraphStart ? `. ${text}` : text)
  }
  // Speakers named in the narrative become "the last named speaker": "Gerrard had said …",
  // "said Mr Walsh", "according to analyst Hannah Ortiz" all count.
  const readNarrative = (): void => {
    for (const text of unread) {
      let rest = 0
      for (const m of namedSpeakers(text)) {
        const named = speakerOf(m)
        if (isPronoun(named.phrase)) continue
        const person = personOf(named, people())
        if (person === null) continue
        lastSpeaker = person
        since = []
        rest = m.index + m[0].length
      }
      since.push(text.slice(rest))
    }
    unread = []
  }

  article.paragraphs.forEach((para, p) => {
    const spans = findQuoteSpans(para)
    let cursor = 0
    let paragraphSpeaker: NamedPerson | null = null
    let previousInParagraph: { speaker: NamedPerson | null; attributionEnd: number } | null = null

    for (const span of spans) {
      const between = para.slice(cursor, span.open)
      narrate(between, cursor === 0)
      // "She said": the last named speaker, unless someone else has been named since ("… said
      // Grewcock. But Ruddock feels … “…,” he said"); before anyone has been named as speaking,
      // the one person the article has named so far, if only one.
      const pronounSpeaker = (): NamedPerson | null => {
        readNarrative()
        const speaker = lastSpeaker ?? onlyPersonNamed(article, p, span.open, people())
        // With nobody named as speaking yet, "the band's spokesman said" too may be "he".
        return speaker === null || namesOther(since, speaker, people(), lastSpeaker === null) ? null : speaker
      }

      let speaker: NamedPerson | null = null
      let attributionEnd = span.close
      const after = para.slice(span.close, span.close + 200)
      const inner = para.slice(span.innerStart, span.innerEnd)
      const endsClause = /[,?!…—-]\s*$/.test(inner) || /^\s*[,—–-]/.test(after)
      const am = endsClause ? afterQuoteAttribution(after) : null
      if (am !== null) {
        const named = speakerOf(am)
        speaker = isPronoun(named.phrase) ? pronounSpeaker() : personOf(named, people())
        attributionEnd = span.close + am[0].length
      }
      // "“No,” replied the witness": the quotation is someone's who goes unnamed, so no one else's.
      const um = am === null && endsClause ? UNNAMED_AFTER.exec(after) : null
      if (um !== null) speaker = describedSpeaker(um, pronounSpeaker)
      if (speaker === null && um === null) {
        const sentenceStart = lastSentenceStart(para, span.open, cursor)
        const before = para.slice(sentenceStart, span.open)
        const bm = BEFORE_QUOTE.exec(before)
        if (bm !== null) {
          const named = speakerOf(bm)
          speaker = isPronoun(named.phrase) ? pronounSpeaker() : personOf(named, people())
        } else if (
          previousInParagraph?.speaker != null &&
          continues(para.slice(previousInParagraph.attributionEnd, span.open), people())
        ) {
          // A quotation that goes on in the next sentence, with nobody else named in between
          // (`continues` lets no one be named speaking there).
          speaker = previousInParagraph.speaker
        } else if (
          span.open === 0 &&
          spans.length > 0 &&
          previousParagraphSpeaker !== null &&
          am === null &&
          !hasOwnAttribution(para)
        ) {
          // A paragraph that is all quotation continues the speaker of the paragraph before.
          speaker = previousParagraphSpeaker
        } else {
          // "… described the talks as “game-changing”": the sentence's speaking subject, unless
          // the words are someone else's ("vowed to go on despite calls to “pause” from Kennedy").
          let sm: RegExpExecArray | null = null
          for (const m of before.matchAll(SUBJECT_VERB)) sm = m
          if (sm !== null && !/^\s*(?:from|by)\s+\p{Lu}/u.test(after)) {
            const named = speakerOf(sm)
            speaker = isPronoun(named.phrase) ? pronounSpeaker() : personOf(named, people())
          }
        }
      }

      if (speaker !== null) {
        speakerIs(speaker)
        paragraphSpeaker = speaker
        const text = trimQuote(para, span.innerStart, span.innerEnd)
        if (text.end > text.start) {
          out.push({
            speaker: speaker.name,
            role: speaker.role,
            text: para.slice(text.start, text.end),
            paragraph: p,
            start: offset + text.start,
            end: offset + text.end,
          })
        }
      }
      previousInParagraph = { speaker, attributionEnd }
      cursor = attributionEnd
    }
    // The paragraph's narrative after its last quotation (all of it when it has none).
    narrate(para.slice(cursor), cursor === 0)
    previousParagraphSpeaker = paragraphSpeaker
    offset += para.length + 2
  })
  return out
}

// A role just before a name, after a word that starts it ("according to U.S. special envoy ",
// "said BWP managing director ", ". Fire chief "): a run of lower-case words is a role only where
// something other than a verb of the story comes before it ("Putin met envoy" is no role "met envoy").
const ROLE_AFTER = new RegExp(
  `(?:[,;:(—–“"]\\s*|[.!?]\\s+|\\b(?:${SPEECH_VERBS.map((v) => v.replace(/ /g, '\\s+')).join('|')}|` +
    `according\\s+to|by|with|and|as|the|a|an)\\s+)` +
    `(${ROLE_RUN})\\s+$`,
  'u',
)
// Otherwise known role words only, with an optional capitalised word or country in front of them.
const ROLE_LEAD = new RegExp(
  String.raw`((?:U\.S\.|US|UK|U\.K\.|\p{Lu}[\p{L}-]*)?` +
    String.raw`(?:\s+(?:special|senior|former|deputy|acting|chief|foreign|press|national|security|envoy|secretary|` +
    'president|minister|adviser|advisor|spokesman|spokeswoman|spokesperson|ambassador|official|director|' +
    String.raw`leader|negotiator))+)\s*$`,
  'u',
)

// The words a role before a name can end with: most names have none, and the patterns cost.
const ROLE_ENDS = new Set([
  ...ROLE_NOUNS,
  ...'special senior former deputy acting chief foreign press national security'.split(' '),
])

/** The role written just before a name that starts at `at` in `para`, if any. */
function roleBefore(para: string, at: number): string | null {
  const last = /(\S+)\s+$/.exec(para.slice(Math.max(0, at - 30), at))
  if (last === null || !ROLE_ENDS.has(last[1].toLowerCase())) return null
  const from = Math.max(0, at - 80)
  // The start of a paragraph starts a role like a sentence does.
  const before = from === 0 ? `. ${para.slice(0, at)}` : para.slice(from, at)
  const m = ROLE_AFTER.exec(before) ?? ROLE_LEAD.exec(before.slice(-60))
  return m === null ? null : cleanRole(m[1])
}

/** Full names and roles the article states ("U.S. special envoy Steve Witkoff"), by surname. */
function peopleOf(article: Article): Map<string, NamedPerson> {
  const people = new Map<string, NamedPerson>()
  for (const para of article.paragraphs) {
    for (const m of para.matchAll(PERSON_PHRASE)) {
      // A one-word phrase ("The", "Moscow") can hold no full name: most phrases are such.
      if (!/\S\s+\S/.test(m[0])) continue
      const person = splitRoleAndName(m[0])
      if (person === null || person.name.split(' ').length < 2) continue
      // Lower-case role words just before the phrase ("special envoy Steve Witkoff").
      const lead = roleBefore(para, m.index)
      let role = person.role
      if (lead !== null && role === null) role = lead
      else if (lead !== null && role !== null && !/\p{Lu}/u.test(lead[0] ?? '')) role = `${lead} ${role}`
      const key = surnameKey(person.name)
      const known = people.get(key)
      if (known === undefined) people.set(key, { name: person.name, role })
      else if (known.role === null && role !== null) known.role = role
    }
  }
  return people
}

/**
 * The person a speaker phrase names, under the full name the article gives. `role` is the role
 * written before the phrase where the quotation is attributed ("said analyst Hannah Ortiz").
 */
function resolve(phrase: string, people: Map<string, NamedPerson>, role: string | null = null): NamedPerson | null {
  const person = splitRoleAndName(phrase)
  if (person === null) return null
  const known = people.get(surnameKey(person.name))
  if (known !== undefined && (person.name.split(' ').length === 1 || known.name === person.name)) {
    return { name: known.name, role: role ?? known.role ?? person.role }
  }
  return { name: person.name, role: role ?? person.role }
}

/** The person a match of the speech patterns names: the phrase, or a name set off after a role. */
function personOf(named: ReturnType<typeof speakerOf>, people: Map<string, NamedPerson>): NamedPerson | null {
  // "the Australian said", "the Hollywood Reporter said": a description or a title, unless a role
  // comes first ("the Lib Dems' David Laws").
  if (named.article && splitRoleAndName(named.phrase)?.role == null) return null
  const person = resolve(named.phrase, people, named.role)
  if (person !== null || named.aside === null || !FULL_NAME.test(named.aside)) return person
  // "Director, David Caldwell, said": the phrase is only a role, the aside the name.
  return resolve(named.aside, people, named.phrase.replace(/^(?:the|a|an)\s+/i, ''))
}

const FULL_NAME = new RegExp(`^${NAME_PHRASE}$`, 'u')

/**
 * The one person named (with a full name) in the article before offset `at` of paragraph `p`,
 * or null when nobody or several are: only then does "she said" point at them unambiguously.
 */
function onlyPersonNamed(
  article: Article,
  p: number,
  at: number,
  people: Map<string, NamedPerson>,
): NamedPerson | null {
  let found: NamedPerson | null = null
  let subject = false
  for (let i = 0; i <= p; i++) {
    const text = `. ${i === p ? article.paragraphs[i].slice(0, at) : article.paragraphs[i]}`
    for (const m of text.matchAll(PERSON_PHRASE)) {
      if (!/\S\s+\S/.test(m[0])) continue
      const person = splitRoleAndName(m[0])
      if (person === null || person.name.split(' ').length < 2) continue
      const known = people.get(surnameKey(person.name)) ?? person
      if (found !== null && found.name !== known.name) return null
      found = known
      subject ||=
        ACTS.test(text.slice(m.index + m[0].length, m.index + m[0].length + 140)) &&
        !IN_PASSING.test(text.slice(Math.max(0, m.index - 20), m.index))
    }
  }
  // Named only in passing ("rivalries with Fat Joe, Nas and Jadakiss"), they are not "he".
  return subject ? found : null
}

// A name followed by a verb (after an aside, if any): someone acting, not owning ("the United
// States' aggression").
const ACTS = /^(?:,[^,.!?“”"]{1,100},)?\s+\p{Ll}/u
// Words before a name that make it an object or one of a list, not someone acting.
const IN_PASSING = /(?:\b(?:with|by|to|from|for|of|against|at|in|on|including|and|or|than|like)|,)\s+$/

// A sentence's subject: a name that opens the sentence (after "But", "On Monday,", a role …) and
// is followed by a verb or is a possessive ("But Ruddock feels", "Williams' track beat").
const OPENS_SENTENCE = new RegExp(
  String.raw`[.!?]["”’]?\s+(?:(?:But|And|However|Meanwhile|Now|Yet|So|Then|Still),?\s+)?` +
    String.raw`(?:(?:On|In|At|After|Earlier|Later|Last)\s[^,.!?“”"]{1,30},\s+)?(?:${ROLE_RUN}\s+)?$`,
  'u',
)
const THEN_VERB = /^(?:['’]s?\s|,[^,.!?“”"]{1,100},)?\s+\p{Ll}/u
// Someone new speaking without a name: "A spokesman for the Oxford University Press said". Then
// "he said" may be that person. ("The minister said" mostly names again who spoke before.)
const UNNAMED_SPEAKER = new RegExp(
  String.raw`(?:^|[.!?,;]["”’]?\s+)(?:(?:But|And)\s+)?[Aa]n?\s+` +
    String.raw`((?:[^\s.!?“”"]+\s+){0,6}?)(?:${SPEECH_VERBS.map((v) => v.replace(/ /g, '\\s+')).join('|')})\b`,
  'gu',
)
const UNNAMED_OR_DEFINITE = new RegExp(
  UNNAMED_SPEAKER.source.replace(String.raw`[Aa]n?\s+`, String.raw`(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+`),
  'gu',
)
const ROLE_NOUN_WORDS = new Set(ROLE_NOUNS)
const TITLE = /^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame|Baroness|Prof)\.?$/
const DETERMINER = '(?:the|a|an|his|her|their|its|one|another)'
const ANY_VERB = SPEECH_VERBS.map((v) => v.replace(/ /g, '\\s+')).join('|')
// After a quotation: a speech verb with a speaker who has no name ("replied the witness", "a
// spokesman said").
const UNNAMED_AFTER = new RegExp(
  `^[\\s,—–-]*(?:(?:${ANY_VERB})\\s+(?<det1>${DETERMINER})\\s+` +
    `(?<desc1>(?:[^\\s.,!?“”"]+\\s+){0,4}[^\\s.,!?“”"]+)` +
    `|(?<det2>${DETERMINER})\\s+(?<desc2>(?:[^\\s.,!?“”"]+\\s+){0,5}?)(?:${ANY_VERB})\\b)`,
  'iu',
)

/**
 * The speaker of "said the Lions coach": the last speaker, when that is the role the story gave
 * them ("Irish Lions coach Clive Woodward"); otherwise nobody ("replied the witness", "a
 * spokesman said").
 */
function describedSpeaker(m: RegExpExecArray, lastSpeaker: () => NamedPerson | null): NamedPerson | null {
  const g = m.groups ?? {}
  if ((g.det1 ?? g.det2 ?? '').toLowerCase() !== 'the') return null
  const head = (g.desc1 ?? g.desc2 ?? '').trim().split(/\s+/).pop()?.toLowerCase() ?? ''
  const own = lastSpeaker()
  return own?.role?.toLowerCase().split(/\s+/).includes(head) ? own : null
}

/** Whether the name at `at` (of `length` characters) in `text` is the subject of its sentence. */
function isSubject(text: string, at: number, length: number): boolean {
  // Only the first words after the name and the last before it matter.
  return (
    THEN_VERB.test(text.slice(at + length, at + length + 140)) &&
    OPENS_SENTENCE.test(text.slice(Math.max(0, at - 120), at))
  )
}

/**
 * Whether `texts` (the narrative since `speaker` was last named) make someone else the subject of
 * a sentence after that, by name or by role: then "he said" may be either of them.
 */
function namesOther(
  texts: string[],
  speaker: NamedPerson,
  people: Map<string, NamedPerson>,
  definite = false,
): boolean {
  const own = surnameKey(speaker.name)
  let last: string | null = null
  for (const text of texts) {
    const events: Array<[number, string]> = []
    for (const m of text.matchAll(PERSON_PHRASE)) {
      const person = splitRoleAndName(m[0])
      if (person === null) continue
      const key = surnameKey(person.name)
      // A person the article names in full, or one with a title ("In Wednesday's Budget, Mr Brown
      // doubled …"); other capitalised words may be places or firms.
      if (!people.has(key) && key !== own && !TITLE.test(person.role ?? '')) continue
      if (isSubject(text, m.index, m[0].length)) events.push([m.index, key])
    }
    for (const m of text.matchAll(definite ? UNNAMED_OR_DEFINITE : UNNAMED_SPEAKER)) {
      const words = m[1].toLowerCase().split(/\s+/)
      if (words.some((w) => ROLE_NOUN_WORDS.has(w))) events.push([m.index, ''])
    }
    events.sort((a, b) => a[0] - b[0])
    if (events.length > 0) last = events[events.length - 1][1]
  }
  return last !== null && last !== own
}

/** Quote spans in a paragraph: curly and straight double quotes, and curly single quotes. */
export function findQuoteSpans(para: string): Span[] {
  const spans: Span[] = []
  let i = 0
  while (i < para.length) {
    const ch = para[i]
    let closeAt = -1
    if (ch === '“') {
      closeAt = para.indexOf('”', i + 1)
    } else if (ch === '"' && (i === 0 || /[\s([—–-]/.test(para[i - 1]))) {
      closeAt = para.indexOf('"', i + 1)
    } else if (ch === '‘' && (i === 0 || /[\s([—–-]/.test(para[i - 1]))) {
      // A closing ’ is the one not followed by a letter (otherwise it is an apostrophe).
      const m = /’(?![\p{L}])/u.exec(para.slice(i + 1))
      closeAt = m === null ? -1 : i + 1 + m.index
    } else {
      i++
      continue
    }
    if (closeAt < 0) {
      // An unclosed quotation runs to the end of the paragraph (it goes on in the next one).
      spans.push({ open: i, close: para.length, innerStart: i + 1, innerEnd: para.length })
      break
    }
    spans.push({ open: i, close: closeAt + 1, innerStart: i + 1, innerEnd: closeAt })
    i = closeAt + 1
  }
  return spans
}

function trimQuote(para: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(para[start])) start++
  while (end > start && /[\s,]/.test(para[end - 1])) end--
  return { start, end }
}

function lastSentenceStart(para: string, before: number, floor: number): number {
  let start = 0
  for (const s of splitSentences(para)) {
    if (s.start <= before) start = s.start
  }
  return Math.max(start, floor)
}

// The text between an attributed quotation and the next one: nothing but the end of the
// attribution sentence ("Tuesday. ") or punctuation means the same voice goes on.
function continues(gap: string, people: Map<string, NamedPerson>): boolean {
  if (/^[\s,;:—–-]*$/.test(gap)) return true
  const m = /^[^.!?“”"]*[.!?]\s*/.exec(gap)
  if (m === null || gap.slice(m[0].length).trim() !== '') return false
  // "The BBC's correspondent, Rachel Harvey, told …" between two quotations is a new voice.
  for (const named of namedSpeakers(gap)) if (personOf(speakerOf(named), people) !== null) return false
  return true
}

function hasOwnAttribution(para: string): boolean {
  for (const span of findQuoteSpans(para)) {
    if (afterQuoteAttribution(para.slice(span.close, span.close + 200)) !== null) return true
  }
  return false
}
