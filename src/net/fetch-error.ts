import { NewsdeskError } from '../errors.js'

/** Why a page was not fetched: a stable code for callers, beside the message for people. */
export type FetchFailure =
  /** The text is no URL, or a redirect points to no URL. */
  | 'invalid-url'
  /** Not http or https (ftp:, file:, data:, javascript:…), first or after a redirect. */
  | 'scheme'
  /** Loopback, private, link-local, CGNAT or another non-public address: allowed by `allowPrivate`. */
  | 'private-address'
  /** Unspecified, multicast, broadcast or cloud metadata address: never fetched, whatever the options. */
  | 'forbidden-address'
  | 'too-many-redirects'
  | 'redirect-loop'
  | 'timeout'
  | 'too-large'
  /** Not HTML, XHTML or plain text (an image, a PDF, JSON…), or no Content-Type at all. */
  | 'content-type'
  /** A Content-Encoding Newsdesk cannot decode, or a body that does not decode. */
  | 'content-encoding'
  /** The server answered with an error status (or a redirect without a Location). */
  | 'http-status'
  /** The host name could not be resolved. */
  | 'dns'
  /** Connection refused or cut off, TLS failure, an answer that is not HTTP. */
  | 'network'

/**
 * A page that was refused or could not be fetched. The message says why, for people; it never
 * holds the user name or password of the URL (they are credentials).
 */
export class FetchError extends NewsdeskError {
  readonly reason: FetchFailure
  /** The URL (or host) concerned, without credentials. */
  readonly target: string
  /** The HTTP status, when the reason is 'http-status'. */
  readonly status?: number

  constructor(reason: FetchFailure, target: string, why: string, options: { cause?: unknown; status?: number } = {}) {
    super(`Newsdesk: cannot fetch ${target}: ${why}`, { cause: options.cause })
    this.reason = reason
    this.target = target
    if (options.status !== undefined) this.status = options.status
  }
}

/** The URL without its user name and password, which are credentials and must not be shown or stored. */
export function withoutCredentials(url: URL): string {
  if (url.username === '' && url.password === '') return url.href
  const copy = new URL(url.href)
  copy.username = ''
  copy.password = ''
  return copy.href
}

// The WHATWG URL parser splits user name and password out of these schemes only.
const AUTHORITY_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'ftp:', 'ws:', 'wss:', 'file:'])

/**
 * The scheme of `url` if it can be shown: `alice:s3cret@news.example` parses as scheme `alice:`,
 * which is a user name, so the scheme of a URL holding an `@` is shown only when it is a real one.
 */
export function shownScheme(url: URL): string | undefined {
  return AUTHORITY_SCHEMES.has(url.protocol) || !url.href.includes('@') ? url.protocol : undefined
}

// Long enough to recognise the page, short enough for a chat message.
const SHOWN_URL_CHARS = 200

/** The URL as shown in a message: no credentials, control characters escaped, long ones cut. */
export function displayUrl(url: URL | string): string {
  let text: string
  if (typeof url !== 'string' && AUTHORITY_SCHEMES.has(url.protocol)) {
    text = withoutCredentials(url)
  } else {
    // Text that is no URL (or of a scheme without a user name part) loses everything up to its
    // last `@`, keeping a `scheme://`: which part holds the password cannot be known once parsing
    // failed (`http://u:p/ss@host`), and showing less is safe.
    text = String(url)
    text = /^[a-z][a-z0-9+.-]*:\/\//i.test(text)
      ? text.replace(/^([a-z][a-z0-9+.-]*:\/\/)\S*@/i, '$1')
      : text.replace(/^\S*@/, '')
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  const safe = text.replace(/[\u0000-\u001f\u007f]/g, (c) => encodeURIComponent(c))
  return safe.length > SHOWN_URL_CHARS ? `${safe.slice(0, SHOWN_URL_CHARS - 1)}…` : safe
}
