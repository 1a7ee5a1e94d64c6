const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
}

// Longest names first, so "September" is never read as "Sep" followed by junk.
const MONTH = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`
const ORDINAL = '(?:st|nd|rd|th)?'

// Each pattern is tried over the whole text; the earliest match wins. The time and zone of an
// ISO timestamp belong to the match, so a line holding only a timestamp reads as a date line.
const PATTERNS: Array<{ re: RegExp; read: (m: RegExpExecArray) => string | null }> = [
  {
    // 2025-08-19, 2025-08-19T06:00:00.000+01:00, 2025/08/19: year first is never ambiguous.
    re: new RegExp(
      String.raw`(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|` +
        String.raw`[+-]\d{2}(?::?\d{2})?)?)?(?![\d])`,
      'g',
    ),
    read: (m) => iso(+m[1], +m[3], +m[4]),
  },
  {
    // August 19, 2025 · Aug. 19 2025 · Sept 5th, 2025
    re: new RegExp(String.raw`\b${MONTH}\.?\s+(\d{1,2})${ORDINAL},?\s+(\d{4})\b`, 'gi'),
    read: (m) => iso(+m[3], MONTHS[m[1].toLowerCase()], +m[2]),
  },
  {
    // 19 August 2025 · Tue 19 Aug 2025 06.00 BST · 19th of August, 2025 · 19-Aug-2025
    re: new RegExp(String.raw`\b(\d{1,2})${ORDINAL}(?:\s+of)?[\s-]+${MONTH}\.?,?[\s-]+(\d{4})\b`, 'gi'),
    read: (m) => iso(+m[3], MONTHS[m[2].toLowerCase()], +m[1]),
  },
  {
    // 21/08/2025 or 08/21/2025: read only when one number can only be the day (over 12), or both
    // are the same; 03/04/2025 is March or April depending on the writer, so it stays unknown.
    re: /(?<![\d/.-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\d])/g,
    read: (m) => {
      const a = +m[1]
      const b = +m[3]
      if (a === b || b > 12) return iso(+m[4], a, b)
      if (a > 12) return iso(+m[4], b, a)
      return null
    },
  },
]

/** A date found in a text: where it stands, and what it reads as. */
export interface FoundDate {
  /** `YYYY-MM-DD`; `null` when the text holds a date that cannot be read for sure (03/04/2025). */
  date: string | null
  index: number
  length: number
}

/** The first date written in `text` (the formats of `parseDate`), or `null` when it holds none. */
export function findDate(text: string): FoundDate | null {
  let best: FoundDate | null = null
  for (const { re, read } of PATTERNS) {
    re.lastIndex = 0
    const m = re.exec(text)
    if (m === null) continue
    if (best === null || m.index < best.index || (m.index === best.index && m[0].length > best.length)) {
      best = { date: read(m), index: m.index, length: m[0].length }
    }
  }
  return best
}

/**
 * Reads a publication date written the usual ways ("2025-08-19", ISO timestamps, "August 19,
 * 2025", "Aug. 19, 2025", "19 August 2025", "Tue 19 Aug 2025 06.00 BST", "21/08/2025") into
 * `YYYY-MM-DD`; `null` if it is not one, or if day and month cannot be told apart.
 */
export function parseDate(value: unknown): string | null {
  if (typeof value !== 'string' && !(value instanceof Date)) return null
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10)
  return findDate(value)?.date ?? null
}

const WEEKDAY = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?$/i
const TIME = /^\d{1,2}(?:[:.]\d{2}){1,2}(?:[ap]\.?m\.?)?$|^[ap]\.?m\.?$/i
// Zones are written in capitals (BST, EDT, GMT+1); a lower-case word is text, not a zone.
const ZONE = /^(?:[A-Z]{2,4}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})$/

/** Whether `text` holds nothing but the pieces that go with a date: weekday, time, zone, "at". */
export function onlyDateParts(text: string): boolean {
  return text
    .split(/[\s,;|•·()–—-]+/)
    .filter((t) => t !== '')
    .every((t) => WEEKDAY.test(t) || TIME.test(t) || ZONE.test(t) || /^(?:at|on)$/i.test(t))
}

/** The date of a line that is a date and nothing else ("Tue 19 Aug 2025 06.00 BST"), else `undefined`. */
export function dateOnlyLine(line: string): FoundDate | undefined {
  const found = findDate(line)
  if (found === null || !onlyDateParts(line.slice(0, found.index))) return undefined
  const after = line.slice(found.index + found.length)
  // "Tue 19 Aug 2025 06.00 BST · Last modified on Wed 20 Aug 2025 10.12 BST": the update goes with it.
  const update = /\b(?:last updated|last modified|updated|modified)\b/i.exec(after)
  if (update === null) return onlyDateParts(after) ? found : undefined
  const tail = after.slice(update.index + update[0].length)
  // "August 19, 2025 10:00 AM GMT+1 · Updated 2 hours ago": an update said in words.
  if (/^\s*(?:an?|\d+)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\s*$/i.test(tail)) {
    return onlyDateParts(after.slice(0, update.index)) ? found : undefined
  }
  const second = findDate(tail)
  const ok =
    second !== null &&
    onlyDateParts(after.slice(0, update.index)) &&
    onlyDateParts(tail.slice(0, second.index)) &&
    onlyDateParts(tail.slice(second.index + second.length))
  return ok ? found : undefined
}

function iso(y: number, mo: number, d: number): string | null {
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
