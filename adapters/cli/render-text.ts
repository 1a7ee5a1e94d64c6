import type { Citation, Result } from '../../src/index.js'
import { LOOK_AT, outletAndDate, quoteCount, stanceLabel } from '../shared/wording.js'

/** A citation in one line: `Title — Outlet, 2025-08-19 <url>`, unknown parts left out. */
export function citationLine(c: Citation): string {
  const meta = outletAndDate(c.outlet, c.published)
  return `${c.title}${meta === '' ? '' : ` — ${meta}`}${c.url === null ? '' : ` <${c.url}>`}`
}

/**
 * A result as plain text for a terminal: the message, each excerpt as a numbered quotation
 * with its speaker, and numbered citations under it.
 */
export function renderText(result: Result): string {
  // Article text may hold control characters (a scraped page's escape sequences): on a terminal
  // they would move the cursor, clear the screen or retitle the window. Only new lines and tabs stay.
  return render(result).replace(CONTROLS, '')
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

function render(result: Result): string {
  const lines: string[] = [result.message]
  if (result.kind === 'listing') {
    result.articles.forEach((a, i) => {
      lines.push(`  ${i + 1}. ${citationLine(a)}${quoteCount(a.quotes)}`)
    })
    return lines.join('\n')
  }
  const numbers = new Map<string, number>()
  result.articles.forEach((a, i) => {
    numbers.set(a.id, i + 1)
  })
  result.excerpts.forEach((e) => {
    const refs = [e.article, ...e.also].map((c) => `[${numbers.get(c.id) ?? '?'}]`).join('')
    const who = e.speaker === null ? '' : ` — ${e.speaker}`
    const stance = e.stance === undefined ? '' : ` ${stanceLabel(e.stance)}`
    // One line at a time: spreading the lines of a megabyte-long excerpt would overflow the stack.
    lines.push('')
    for (const l of wrap(e.text, 76)) lines.push(`  > ${l}`)
    lines.push(`   ${who} ${refs}${stance}`)
  })
  if (result.articles.length > 0) {
    lines.push('')
    if (!result.answered) lines.push(`  ${LOOK_AT}`)
    result.articles.forEach((a, i) => {
      lines.push(`  [${i + 1}] ${citationLine(a)}`)
    })
  }
  return lines.join('\n')
}

/** Word-wraps text for a terminal; words longer than the width stay whole. */
function wrap(text: string, width: number): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line)
      line = word
    } else {
      line = line === '' ? word : `${line} ${word}`
    }
  }
  if (line !== '') out.push(line)
  return out
}
