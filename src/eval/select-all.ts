// What a person gets from a web page with "select all, copy" in a browser: all of its visible
// text in document order, as plain text. Used by `npm run eval:html` to measure the plain-text
// reader (src/ingest/scraped-text.ts) on the same hand-labelled pages as the HTML reader.
//
// It follows the browser's `innerText` rules, as far as they can be followed without the page's
// style sheets: block elements stand on their own lines, a paragraph has a blank line before and
// after it, `<br>` is a line break, table cells are separated by tabs, white space inside a line
// is collapsed. Nothing is taken from what a browser does not show: `<head>`, `<script>`,
// `<style>`, `<noscript>`, `<template>`, elements with the `hidden` attribute or
// `aria-hidden="true"`, the closed part of a `<details>`, form controls' options, embedded
// frames and media fallbacks, image alt text.
import { parseHTML } from 'linkedom'

// The project compiles without the DOM library: the few parts of linkedom's DOM used here.
interface DomNode {
  nodeType: number
  nodeValue: string | null
  childNodes: ArrayLike<DomNode>
}
interface DomElement extends DomNode {
  tagName: string
  getAttribute(name: string): string | null
  hasAttribute(name: string): boolean
}

const ELEMENT = 1
const TEXT = 3

// Elements whose content is not copied as text: a frame, video or canvas shows its own document
// or pixels, not its fallback text; a form field's value and options are not the page's text; an
// SVG on a news page is an icon or a logo, whose <title> is a tooltip.
const UNSEEN = new Set(
  (
    'HEAD TITLE META LINK BASE SCRIPT STYLE NOSCRIPT TEMPLATE IFRAME OBJECT EMBED VIDEO AUDIO CANVAS ' +
    'SVG SELECT DATALIST OPTION INPUT IMG PICTURE SOURCE TRACK MAP AREA'
  ).split(' '),
)
// Elements a browser lays out as blocks by default (the HTML standard's rendering section).
const BLOCKS = new Set(
  (
    'ADDRESS ARTICLE ASIDE BLOCKQUOTE BODY CAPTION CENTER DD DETAILS DIALOG DIR DIV DL DT FIELDSET ' +
    'FIGCAPTION FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HGROUP HR HTML LEGEND LI LISTING MAIN MENU ' +
    'NAV OL P PLAINTEXT PRE SEARCH SECTION SUMMARY TABLE TBODY TFOOT THEAD TR UL XMP'
  ).split(' '),
)
// Links and buttons side by side with no text between them (a menu, a row of buttons, a logo and
// its section links) are laid out apart by the site's style sheet, which a saved page's markup
// does not carry: each goes on its own line, as it is copied from the page on screen, rather than
// run together ("NewsSportWeather"). In a block with text of its own (a paragraph, a byline) they
// stay inline.
const ITEMS = new Set(['A', 'BUTTON'])

/** A line break of at least `n` newlines, merged with its neighbours (the largest wins). */
type Piece = string | { breaks: number }

/** The text a browser's "select all, copy" gives for an HTML page (or fragment). */
export function selectAllText(html: string): string {
  const whole = /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><body>${html}</body></html>`
  const document = parseHTML(whole).document as unknown as { documentElement: DomElement | null }
  const pieces: Piece[] = []
  if (document.documentElement !== null) walk(document.documentElement, pieces, false)
  return assemble(pieces)
}

function walk(node: DomNode, out: Piece[], pre: boolean): void {
  if (node.nodeType === TEXT) {
    const text = node.nodeValue ?? ''
    // Outside <pre>, a run of white space (newlines included) is one space.
    out.push(pre ? text : text.replace(/[ \t\n\r\f]+/g, ' '))
    return
  }
  if (node.nodeType !== ELEMENT) return // comments, doctype, processing instructions
  const el = node as DomElement
  const tag = el.tagName.toUpperCase()
  if (UNSEEN.has(tag) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return
  if (tag === 'BR') {
    out.push('\n')
    return
  }
  const breaks = tag === 'P' ? 2 : BLOCKS.has(tag) ? 1 : 0
  if (breaks > 0) out.push({ breaks })
  const inPre = pre || tag === 'PRE' || tag === 'LISTING' || tag === 'XMP' || tag === 'TEXTAREA'
  // A closed <details> shows its <summary> only.
  const closed = tag === 'DETAILS' && !el.hasAttribute('open')
  const children = Array.from(el.childNodes)
  const blank = (node: DomNode): boolean => node.nodeType === TEXT && (node.nodeValue ?? '').trim() === ''
  const ownText = children.some((c) => c.nodeType === TEXT && !blank(c))
  children.forEach((child, i) => {
    if (closed && !(child.nodeType === ELEMENT && (child as DomElement).tagName.toUpperCase() === 'SUMMARY')) return
    // The element before this one, past white space; a link or button next to it is an item.
    let j = i - 1
    while (j >= 0 && blank(children[j]) && !ownText) j--
    const before = j >= 0 ? children[j] : null
    if (isElement(child) && isElement(before) && (isItem(child) || isItem(before))) out.push({ breaks: 1 })
    walk(child, out, inPre)
    // A cell is followed by a tab unless it ends its row.
    if (tag === 'TR' && isCell(child) && children.slice(i + 1).some(isCell)) out.push('\t')
  })
  if (breaks > 0) out.push({ breaks })
}

function isElement(node: DomNode | null): node is DomElement {
  return node !== null && node.nodeType === ELEMENT
}

function isItem(node: DomNode | null): boolean {
  return isElement(node) && ITEMS.has(node.tagName.toUpperCase())
}

function isCell(node: DomNode): boolean {
  if (node.nodeType !== ELEMENT) return false
  const tag = (node as DomElement).tagName.toUpperCase()
  return tag === 'TD' || tag === 'TH'
}

/**
 * Joins the pieces: breaks merged, none at either end, each line's edges trimmed, at most one
 * blank line (the spacing of a <pre> block is not kept: news pages hardly use one).
 */
function assemble(pieces: Piece[]): string {
  let text = ''
  let pending = 0
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      pending = Math.max(pending, piece.breaks)
      continue
    }
    if (piece === '') continue
    // White space alone between blocks, or after a space, is collapsed away.
    if (piece === ' ' && (pending > 0 || text === '' || /[ \n]$/.test(text))) continue
    // Breaks before the first text, and after the last, are dropped.
    if (pending > 0 && text !== '') text += '\n'.repeat(pending)
    pending = 0
    text += piece
  }
  return text
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
