import { findDate, onlyDateParts } from './dates.js'
import { outletFromUrl, outletNamed } from './outlets.js'

/** What a byline line states. */
export interface Byline {
  /** The names as written ("Jane de Souza and John Smith"); `null` when the byline names an outlet only. */
  author: string | null
  /** An outlet the byline names ("By Jane Roe, Reuters", "By Jane Roe for The Gazette"). */
  outlet: string | null
  /** A date written on the byline line ("By Jane Roe, 19 August 2025"); `null` when none or unreadable. */
  date: string | null
}

const LEAD = /^(?:(?:by|authors?)\s*:\s*|by\s+)/i
const WORD = String.raw`\p{Lu}[\p{L}'’.-]*`
const PARTICLE = '(?:de|da|di|del|della|der|den|du|dos|das|van|von|al|el|bin|bint|ibn|la|le|ter|ten)'
const NAME = String.raw`${WORD}(?:\s+(?:${PARTICLE}\s+)*${WORD})*`
// A list of names needs its "and": "Jane Roe, John Smith and Ann Lee". Without one, what follows a
// comma is a tail (an outlet, a role, a date), never a second name guessed from capitals.
const NAMES = new RegExp(String.raw`^${NAME}(?:(?:\s*,\s*${NAME})*,?\s+(?:and|&)\s+${NAME})?`, 'u')
// What may follow the names: a separator, a handle, or a word that starts a byline's tail.
const TAIL_START = /^(?:$|\s*[,|•·;(]|\s*[–—-]|\s+@|\s+(?:for|in|on|at|from|updated|published)\b)/i
// Capitalised words that start sentences, not names: "By Monday, the council had voted…". A month
// alone is a date ("By May, …"); with a surname it is a name ("By May Lee").
const NOT_A_NAME = new RegExp(
  String.raw`^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|this|that|these|those|then|` +
    String.raw`now|early|late|last|next|noon|midnight|contrast|comparison|its?|his|her|` +
    String.raw`their|our|my|the)\b|^(?:january|february|march|april|may|june|july|august|` +
    String.raw`september|october|november|december)$`,
  'i',
)
const ROLE = new RegExp(
  String.raw`\b(?:editor|correspondent|reporter|writer|columnist|contributor|staff|producer|` +
    String.raw`analyst|chief|bureau|desk|team|newsroom|journalist|photographer|critic|` +
    String.raw`commentator)s?\b`,
  'i',
)

/**
 * Reads a byline line ("By Jane Roe", "By Jane Roe | @janeroe", "By Jane Roe, 19 August 2025",
 * "By Jane Roe • Aug 19, 2025", "By Jane Roe for The Gazette"); `null` when the line is not one,
 * for example a sentence that starts with "By".
 */
export function readByline(line: string): Byline | null {
  if (line.length >= 120) return null
  const lead = LEAD.exec(line)
  if (lead === null) return null
  const rest = line.slice(lead[0].length)
  const names = NAMES.exec(rest)
  if (names === null) return null
  let tail = rest.slice(names[0].length)
  if (!TAIL_START.test(tail)) return null

  let date: string | null = null
  const found = findDate(tail)
  if (found !== null) {
    date = found.date
    tail = `${tail.slice(0, found.index)}|${tail.slice(found.index + found.length)}`
  }
  let outlet: string | null = null
  const segments = tail
    .replace(/(^|\s)[–—-]+(?=\s|$)/g, '|')
    .split(/[,|•·;()]|\s+(?=@)/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  for (const segment of segments) {
    const words = segment.split(/\s+/).length
    const named = outletNamed(segment)
    // A sentence is not a byline's tail, so the line is not a byline ("By Monday, the council…").
    const sentence = words > 12 || (words >= 4 && /[.!?"”]$/.test(segment) && !(words <= 6 && ROLE.test(segment)))
    const forOutlet = /(?:^|\s)for\s+(?:the\s+(?=\p{Lu}))?(\p{Lu}.*?)[.\s]*$/u.exec(segment)
    if (named !== null) outlet ??= named
    else if (/^@\w|\S@\S+\.\w/.test(segment) || onlyDateParts(segment)) continue
    else if (sentence) return null
    else if (forOutlet !== null) outlet ??= forOutlet[1]
    else if (/^[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}$/i.test(segment)) outlet ??= outletFromUrl(`https://${segment}`)
    // Anything else is a role, a place or a time ("Coastal Correspondent", "in Kyiv", "Updated"),
    // read past.
  }

  // A full stop after a surname ends the line, not the name; an initial or "Jr." keeps its own.
  let author = names[0].trim().replace(/(\p{L}{3,})\.$/u, '$1')
  // "By Reuters", "By JANE ROE Associated Press": an outlet written where or after the names go.
  // A one-word outlet after a name in the same case is a surname ("By Michael Bloomberg").
  const words = author.split(/\s+/)
  for (let from = 0; from < words.length; from++) {
    const suffix = words.slice(from).join(' ')
    const named = outletNamed(suffix)
    const prefix = words.slice(0, from).join(' ')
    const apart =
      from === 0 || words.length - from >= 2 || (prefix === prefix.toUpperCase()) !== (suffix === suffix.toUpperCase())
    if (named === null || !apart) continue
    outlet ??= named
    author = words.slice(0, from).join(' ')
    break
  }
  if (author === '') return { author: null, outlet, date }
  if (NOT_A_NAME.test(author)) return null
  return { author, outlet, date }
}
