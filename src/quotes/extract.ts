import { splitSentences } from '../text/sentences.js'
import type { Article } from '../types.js'
import { type NamedPerson, splitRoleAndName, surnameKey } from './names.js'
import { AFTER_QUOTE, BEFORE_QUOTE, isPronoun, NAME_PHRASE, SUBJECT_VERB } from './speech.js'

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
  let previousParagraphSpeaker: NamedPerson | null = null

  article.paragraphs.forEach((para, p) => {
    const spans = findQuoteSpans(para)
    let cursor = 0
    let paragraphSpeaker: NamedPerson | null = null
    let previousInParagraph: { speaker: NamedPerson | null; attributionEnd: number } | null = null

    for (const span of spans) {
      // Speakers named in the narrative since the last quotation become "the last named speaker".
      const between = para.slice(cursor, span.open)
      for (const m of between.matchAll(SUBJECT_VERB)) {
        if (!isPronoun(m[1])) {
          const person = resolve(m[1], people())
          if (person !== null) lastSpeaker = person
        }
      }

      let speaker: NamedPerson | null = null
      let attributionEnd = span.close
      const after = para.slice(span.close, span.close + 200)
      const inner = para.slice(span.innerStart, span.innerEnd)
      const endsClause = /[,?!…—-]\s*$/.test(inner) || /^\s*[,—–-]/.test(after)
      const am = endsClause ? AFTER_QUOTE.exec(after) : null
      if (am !== null) {
        speaker = isPronoun(am[1] ?? '') ? lastSpeaker : resolve(am[1] ?? am[2], people())
        attributionEnd = span.close + am[0].length
      }
      if (speaker === null) {
        const sentenceStart = lastSentenceStart(para, span.open, cursor)
        const before = para.slice(sentenceStart, span.open)
        const bm = BEFORE_QUOTE.exec(before)
        if (bm !== null) {
          speaker = isPronoun(bm[1]) ? lastSpeaker : resolve(bm[1], people())
        } else if (
          previousInParagraph?.speaker != null &&
          continues(para.slice(previousInParagraph.attributionEnd, span.open))
        ) {
          // A quotation that goes on in the next sentence, with nobody else named in between.
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
          // "… described the talks as “game-changing”": the sentence's speaking subject.
          let sm: RegExpExecArray | null = null
          for (const m of before.matchAll(SUBJECT_VERB)) sm = m
          if (sm !== null) speaker = isPronoun(sm[1]) ? lastSpeaker : resolve(sm[1], people())
        }
      }

      if (speaker !== null) {
        lastSpeaker = speaker
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
    previousParagraphSpeaker = paragraphSpeaker
    offset += para.length + 2
  })
  return out
}

// Lower-case role words at the end of the text before a name ("U.S. special envoy "), with an
// optional capitalised word or country in front of them.
const ROLE_LEAD = new RegExp(
  String.raw`((?:U\.S\.|US|UK|U\.K\.|\p{Lu}[\p{L}-]*)?` +
    String.raw`(?:\s+(?:special|senior|former|deputy|acting|chief|foreign|press|national|security|envoy|secretary|` +
    'president|minister|adviser|advisor|spokesman|spokeswoman|spokesperson|ambassador|official|director|' +
    String.raw`leader|negotiator))+)\s*$`,
  'u',
)

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
      const lead = ROLE_LEAD.exec(para.slice(Math.max(0, m.index - 60), m.index))
      let role = person.role
      if (lead !== null && role === null) role = lead[1].trim()
      else if (lead !== null && role !== null && !/\p{Lu}/u.test(lead[1].trim()[0] ?? ''))
        role = `${lead[1].trim()} ${role}`
      const key = surnameKey(person.name)
      const known = people.get(key)
      if (known === undefined) people.set(key, { name: person.name, role })
      else if (known.role === null && role !== null) known.role = role
    }
  }
  return people
}

function resolve(phrase: string, people: Map<string, NamedPerson>): NamedPerson | null {
  const person = splitRoleAndName(phrase)
  if (person === null) return null
  const known = people.get(surnameKey(person.name))
  if (known !== undefined && (person.name.split(' ').length === 1 || known.name === person.name)) {
    return { name: known.name, role: known.role ?? person.role }
  }
  return person
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
function continues(gap: string): boolean {
  if (/^[\s,;:—–-]*$/.test(gap)) return true
  const m = /^[^.!?“”"]*[.!?]\s*/.exec(gap)
  return m !== null && gap.slice(m[0].length).trim() === ''
}

function hasOwnAttribution(para: string): boolean {
  for (const span of findQuoteSpans(para)) {
    if (AFTER_QUOTE.test(para.slice(span.close, span.close + 200))) return true
  }
  return false
}
