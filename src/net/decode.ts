import { TextDecoder } from 'node:util'

/** The content types Newsdesk reads articles from. */
export const TEXT_CONTENT_TYPES: ReadonlySet<string> = new Set(['text/html', 'application/xhtml+xml', 'text/plain'])

/**
 * Whether a media type is XML: `text/xml`, `application/xml` and every `…+xml` type (RSS, Atom,
 * RDF, XHTML). Their body names its own encoding in the XML declaration.
 */
export function isXmlContentType(essence: string): boolean {
  return essence === 'text/xml' || essence === 'application/xml' || essence.endsWith('+xml')
}

/** A Content-Type header split into its essence (`text/html`, lower case) and its charset, if any. */
export function parseContentType(header: string | undefined): { essence: string; charset?: string } {
  if (header === undefined) return { essence: '' }
  const [type = '', ...params] = header.split(';')
  const essence = type.trim().toLowerCase()
  for (const param of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(param)
    if (m) return { essence, charset: m[1]!.toLowerCase() }
  }
  return { essence }
}

// How far into an HTML page a <meta charset> is looked for. The HTML standard says 1024 bytes;
// real pages put it after long comments or scripts, and reading a little more costs nothing.
const META_SCAN_BYTES = 8192

/**
 * The body as text, in the charset the page declares: a byte order mark first (as browsers do),
 * then the Content-Type charset, then for HTML a `<meta charset>` (or http-equiv) and for XHTML
 * the XML declaration, and for the other XML types (feeds) the XML declaration, else UTF-8. A
 * label TextDecoder does not know is passed over. An XML body that is not valid UTF-8 although
 * read as UTF-8 (declared so by a server default, or not declared at all) is read as windows-1252,
 * as feed readers do: feeds written by old software in Latin-1 often say nothing or the wrong
 * thing. Returns the text and the encoding used.
 */
export function decodeBody(
  body: Uint8Array,
  essence: string,
  headerCharset?: string,
): { text: string; encoding: string } {
  const bom = bomEncoding(body)
  if (bom !== undefined) return { text: decode(new TextDecoder(bom), body), encoding: bom }
  const xml = isXmlContentType(essence) && essence !== 'application/xhtml+xml'
  const decoded = (decoder: TextDecoder) => (xml ? xmlDecode(decoder, body) : decodeWith(decoder, body))
  const fromHeader = headerCharset === undefined ? undefined : decoderFor(headerCharset)
  if (fromHeader) return decoded(fromHeader)
  const html = essence === 'text/html' || essence === 'application/xhtml+xml'
  if (html || xml) {
    for (const label of html ? declaredInDocument(body) : [xmlDeclaredEncoding(body)]) {
      let decoder = label === undefined ? undefined : decoderFor(label)
      // A page that says in its own ASCII markup that it is UTF-16 cannot be: browsers read UTF-8.
      if (decoder?.encoding.startsWith('utf-16')) decoder = new TextDecoder('utf-8')
      if (decoder) return decoded(decoder)
    }
  }
  return decoded(new TextDecoder('utf-8'))
}

/**
 * The encoding named by the XML declaration the body starts with (`<?xml version="1.0"
 * encoding="windows-1252"?>`), as written, or undefined when there is none.
 */
export function xmlDeclaredEncoding(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, 1024)).toString('latin1')
  return XML_DECLARATION.exec(head)?.[1]
}

const XML_DECLARATION = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([a-z0-9_.:+-]+)["']/i

function decodeWith(decoder: TextDecoder, body: Uint8Array): { text: string; encoding: string } {
  return { text: decode(decoder, body), encoding: decoder.encoding }
}

/** As decodeWith, but UTF-8 that is not valid UTF-8 is read as windows-1252 (see decodeBody). */
function xmlDecode(decoder: TextDecoder, body: Uint8Array): { text: string; encoding: string } {
  if (decoder.encoding !== 'utf-8') return decodeWith(decoder, body)
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' }
  } catch {
    return decodeWith(new TextDecoder('windows-1252'), body)
  }
}

// Bytes 0x80–0x9F of windows-1252, the encoding of every latin1 / iso-8859-1 / ascii label too
// (WHATWG Encoding standard): curly quotes, dashes, the euro sign… Node 20.18.3+ and 22.13+ decode
// them as the C1 controls U+0080–U+009F instead (nodejs/node#60888), so they are mapped here. The
// five bytes windows-1252 leaves undefined stay the C1 controls they are.
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

function decode(decoder: TextDecoder, body: Uint8Array): string {
  const text = decoder.decode(body)
  if (decoder.encoding !== 'windows-1252') return text
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!)
}

function decoderFor(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label)
  } catch {
    return undefined // RangeError: a label the WHATWG Encoding standard (or this Node) does not know
  }
}

function bomEncoding(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8'
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be'
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le'
  return undefined
}

function declaredInDocument(body: Uint8Array): string[] {
  // Latin-1 maps each byte to one character, so ASCII markup reads the same whatever the charset.
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, META_SCAN_BYTES)).toString('latin1')
  const found: string[] = []
  const meta = /<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:+-]+)/i.exec(head)
  if (meta) found.push(meta[1]!)
  const xml = XML_DECLARATION.exec(head)
  if (xml) found.push(xml[1]!)
  return found
}
