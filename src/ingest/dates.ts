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

/**
 * Reads a publication date written the usual ways ("2025-08-19", "August 19, 2025",
 * "Aug. 19, 2025", "19 August 2025", ISO timestamps) into `YYYY-MM-DD`; `null` if it is not one.
 */
export function parseDate(value: unknown): string | null {
  if (typeof value !== 'string' && !(value instanceof Date)) return null
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10)
  const text = value.trim()
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text)
  if (m !== null) return iso(+m[1], +m[2], +m[3])
  m = /\b([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/.exec(text)
  if (m !== null && MONTHS[m[1].toLowerCase()] !== undefined) return iso(+m[3], MONTHS[m[1].toLowerCase()], +m[2])
  m = /\b(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})\b/.exec(text)
  if (m !== null && MONTHS[m[2].toLowerCase()] !== undefined) return iso(+m[3], MONTHS[m[2].toLowerCase()], +m[1])
  return null
}

function iso(y: number, mo: number, d: number): string | null {
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
