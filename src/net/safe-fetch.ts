/**
 * Fetches one web page a person named (`newsdesk add <url>`, chat `/add <url>`) without letting
 * that URL reach what the person could not: the machine itself, the intranet or a cloud metadata
 * service (server-side request forgery), nor tie Newsdesk up with an endless or huge answer.
 */
import { promises as dnsPromises, type LookupAddress } from 'node:dns'
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { ConfigError } from '../errors.js'
import { type HostLookup, vetHost } from './addresses.js'
import { decodeBody, parseContentType, TEXT_CONTENT_TYPES } from './decode.js'
import { displayUrl, FetchError, shownScheme, withoutCredentials } from './fetch-error.js'

declare module './fetch-error.js' {
  interface FetchError {
    /**
     * For a 429 or 503 answer that carries `Retry-After` (seconds or an HTTP date): how many
     * seconds the server asks to wait before the next request (0 when the date has passed).
     */
    readonly retryAfterSeconds?: number
  }
}

export { type AddressCheck, type AddressKind, checkAddress, type HostLookup, resolveAndCheck } from './addresses.js'
export { FetchError, type FetchFailure } from './fetch-error.js'

/** How `safeFetch` fetches; see DEFAULT_FETCH_OPTIONS for the defaults. */
export interface FetchOptions {
  /** The whole fetch, redirects, DNS and body included, must be done within this many ms. */
  timeoutMs: number
  /** The body may not be larger (in bytes, both as sent and once decompressed). */
  maxBytes: number
  /** Redirects followed at most (0: none). */
  maxRedirects: number
  /**
   * Allow loopback, private (RFC 1918, RFC 4193), link-local, CGNAT and other non-public
   * addresses: for intranets and tests. Unspecified, multicast, broadcast and cloud metadata
   * addresses stay refused. The CLI sets it from NEWSDESK_ALLOW_PRIVATE_URLS=1.
   */
  allowPrivate: boolean
  /** The User-Agent header sent. */
  userAgent: string
  /**
   * Extra request headers (such as Authorization for Slack's `url_private`). Sent only to the
   * origin (scheme, host, port) of the URL given: dropped for good at a redirect to another one,
   * so a token never leaks to a third party.
   */
  headers?: Record<string, string>
  /** How host names are resolved; `dns.promises.lookup` by default. Every address is still checked. */
  lookup?: HostLookup
  /**
   * The media types read (lower case, without parameters), most wanted first: they make the
   * Accept header, in that order, and a body of another type is refused ('content-type'). By
   * default HTML, XHTML and plain text (TEXT_CONTENT_TYPES); a feed reader adds the feed types.
   */
  accept?: ReadonlySet<string>
  /**
   * A conditional request: the ETag sent as If-None-Match, the Last-Modified date as
   * If-Modified-Since (on every request of the redirect chain: they are no credentials). When
   * given, a 304 Not Modified answer is a FetchedPage with `status: 304` and no text instead of an
   * error.
   */
  conditional?: { etag?: string; lastModified?: string }
}

/** A fetched page. */
export interface FetchedPage {
  /** The final URL, after redirects, without user name and password. */
  url: string
  /**
   * The HTTP status: 2xx, or 304 for a conditional request whose page has not changed (then
   * `text` is empty, `bytes` 0 and `contentType` what the server said, often nothing).
   */
  status: number
  /**
   * The media type, lower case without parameters: `text/html`, `application/xhtml+xml` or
   * `text/plain`, or one of the `accept` option's types.
   */
  contentType: string
  /** The body decoded from its charset. */
  text: string
  /** The size of the body in bytes (once decompressed, before decoding). */
  bytes: number
  /** The validators of the answer, for the next conditional request (`conditional`). */
  headers: { etag?: string; lastModified?: string }
}

/** The shipped options. */
export const DEFAULT_FETCH_OPTIONS: Readonly<FetchOptions> = Object.freeze({
  timeoutMs: 10_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivate: false,
  userAgent: 'Newsdesk/0.1 (article fetcher)',
})

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'timeoutMs',
  'maxBytes',
  'maxRedirects',
  'allowPrivate',
  'userAgent',
  'headers',
  'lookup',
  'accept',
  'conditional',
])

// Headers that Newsdesk sets itself: Host names the checked host, and the others frame the
// request, which a caller's value would corrupt.
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'upgrade',
  'te',
])

// setTimeout cannot wait longer (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * The options with the defaults filled in, checked up front: a value that cannot work gets a
 * ConfigError naming the option, not a surprise in the middle of a fetch.
 */
export function resolveFetchOptions(partial: Partial<FetchOptions> = {}): FetchOptions {
  if (partial === null || typeof partial !== 'object') {
    throw new ConfigError('Newsdesk: the fetch options must be an object, such as { timeoutMs: 5000 }')
  }
  for (const name of Object.keys(partial)) {
    if (!OPTION_NAMES.has(name)) {
      throw new ConfigError(`Newsdesk: unknown fetch option "${name}" (known: ${[...OPTION_NAMES].join(', ')})`)
    }
  }
  const o: Partial<FetchOptions> = { ...partial }
  o.timeoutMs ??= DEFAULT_FETCH_OPTIONS.timeoutMs
  o.maxBytes ??= DEFAULT_FETCH_OPTIONS.maxBytes
  o.maxRedirects ??= DEFAULT_FETCH_OPTIONS.maxRedirects
  o.allowPrivate ??= DEFAULT_FETCH_OPTIONS.allowPrivate
  o.userAgent ??= DEFAULT_FETCH_OPTIONS.userAgent
  const whole = (name: keyof FetchOptions, value: unknown, min: number, max: number): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(
        `Newsdesk: the option ${name} must be a whole number from ${min} to ${max} (got ${String(value)})`,
      )
    }
  }
  whole('timeoutMs', o.timeoutMs, 1, MAX_TIMER_MS)
  whole('maxBytes', o.maxBytes, 1, Number.MAX_SAFE_INTEGER)
  whole('maxRedirects', o.maxRedirects, 0, 20)
  if (typeof o.allowPrivate !== 'boolean') {
    throw new ConfigError(`Newsdesk: the option allowPrivate must be true or false (got ${String(o.allowPrivate)})`)
  }
  if (typeof o.userAgent !== 'string' || o.userAgent.trim() === '' || !validHeaderValue(o.userAgent)) {
    throw new ConfigError('Newsdesk: the option userAgent must be a non-empty string without line breaks')
  }
  if (o.headers !== undefined) o.headers = checkHeaders(o.headers)
  if (o.lookup !== undefined && typeof o.lookup !== 'function') {
    throw new ConfigError('Newsdesk: the option lookup must be a function (hostname, { all: true }) => addresses')
  }
  if (o.accept !== undefined) o.accept = checkAccept(o.accept)
  if (o.conditional !== undefined) o.conditional = checkConditional(o.conditional)
  return o as FetchOptions
}

/** The accepted media types, lower case, or a ConfigError naming the bad one. */
function checkAccept(accept: unknown): ReadonlySet<string> {
  if (!(accept instanceof Set) || accept.size === 0) {
    throw new ConfigError('Newsdesk: the option accept must be a non-empty Set of media types, such as text/html')
  }
  const out = new Set<string>()
  for (const type of accept as Set<unknown>) {
    if (typeof type !== 'string' || !/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i.test(type)) {
      throw new ConfigError(
        `Newsdesk: the option accept holds "${String(type)}", which is no media type (type/subtype)`,
      )
    }
    out.add(type.toLowerCase())
  }
  return out
}

/** The conditional request validators, or a ConfigError naming the bad one. */
function checkConditional(conditional: unknown): { etag?: string; lastModified?: string } {
  if (conditional === null || typeof conditional !== 'object' || Array.isArray(conditional)) {
    throw new ConfigError('Newsdesk: the option conditional must be an object { etag?, lastModified? }')
  }
  const out: { etag?: string; lastModified?: string } = {}
  for (const [name, value] of Object.entries(conditional)) {
    if (name !== 'etag' && name !== 'lastModified') {
      throw new ConfigError(
        `Newsdesk: the option conditional has an unknown field "${name}" (known: etag, lastModified)`,
      )
    }
    if (value === undefined) continue
    if (typeof value !== 'string' || value.trim() === '' || !validHeaderValue(value)) {
      throw new ConfigError(`Newsdesk: the option conditional must give ${name} a non-empty string without line breaks`)
    }
    out[name] = value
  }
  return out
}

/** The headers, names in lower case, or a ConfigError naming the bad one. */
function checkHeaders(headers: unknown): Record<string, string> {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    throw new ConfigError('Newsdesk: the option headers must be an object of header names to strings')
  }
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    try {
      http.validateHeaderName(name)
    } catch {
      throw new ConfigError(`Newsdesk: the option headers has an invalid header name "${name}"`)
    }
    const lower = name.toLowerCase()
    if (RESERVED_HEADERS.has(lower)) {
      throw new ConfigError(`Newsdesk: the option headers cannot set ${name}: Newsdesk sets it itself`)
    }
    if (typeof value !== 'string' || !validHeaderValue(value)) {
      throw new ConfigError(`Newsdesk: the option headers must give ${name} a string without line breaks`)
    }
    out[lower] = value
  }
  return out
}

function validHeaderValue(value: string): boolean {
  try {
    http.validateHeaderValue('x', value)
    return true
  } catch {
    return false
  }
}

// What the body may be; servers that pick by Accept send the HTML rather than JSON or a PDF.
const ACCEPT = 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8'

/** The Accept header for the `accept` option: its types in order, each a little less wanted than the one before. */
function acceptHeader(accept: ReadonlySet<string> | undefined): string {
  if (accept === undefined) return ACCEPT
  return [...accept].map((type, i) => (i === 0 ? type : `${type};q=${Math.max(0.1, 1 - i * 0.1).toFixed(1)}`)).join(',')
}

// Answers whose Retry-After says when to come back.
const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 503])
// A Retry-After further away than this is read as this: a server's typo must not silence a feed for years.
const MAX_RETRY_AFTER_SECONDS = 7 * 24 * 3600

/** Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), or undefined if it is neither. */
function retryAfterSeconds(header: string | undefined): number | undefined {
  const value = header?.trim() ?? ''
  if (value === '') return undefined
  let seconds: number
  if (/^\d+$/.test(value)) seconds = Number(value)
  else {
    const at = Date.parse(value)
    if (Number.isNaN(at)) return undefined
    seconds = Math.ceil((at - Date.now()) / 1000)
  }
  return Math.min(Math.max(0, seconds), MAX_RETRY_AFTER_SECONDS)
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])

type Decompress = (body: Buffer, options: zlib.ZlibOptions & zlib.BrotliOptions) => Promise<Buffer>
const DECOMPRESS: Readonly<Record<string, Decompress>> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  // HTTP "deflate" is zlib-wrapped, but some servers send it raw.
  deflate: (body, options) =>
    promisify(zlib.inflate)(body, options).catch(() => promisify(zlib.inflateRaw)(body, options)),
  br: promisify(zlib.brotliDecompress),
}

/**
 * Fetches the page at `url` (http or https only), following at most `maxRedirects` redirects,
 * each re-checked like the first URL. Before each connection the host is resolved and every one
 * of its addresses checked (no loopback, private, link-local… unless `allowPrivate`; never a
 * metadata service), then the connection goes to a checked address, so DNS cannot switch it in
 * between. Only HTML, XHTML and plain text are read (or the `accept` option's types), within
 * `timeoutMs` and `maxBytes`. With `conditional` validators, a 304 answer is returned as a page
 * of `status: 304` and no text. Throws a FetchError with a `reason` and a message for people (a
 * 429 or 503 with Retry-After carries `retryAfterSeconds`); ConfigError for bad options.
 */
export async function safeFetch(url: string, options: Partial<FetchOptions> = {}): Promise<FetchedPage> {
  const o = resolveFetchOptions(options)
  const lookup = o.lookup ?? dnsPromises.lookup
  const first = parseFetchUrl(url)
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), o.timeoutMs)
  const { signal } = controller
  const open: http.ClientRequest[] = []
  const seen = new Set<string>()
  let current = first
  // Once a redirect leaves the first origin, the caller's headers stay behind, even if a later
  // redirect comes back: that URL was chosen by the other server.
  let ownHeaders = true
  try {
    for (let redirects = 0; ; redirects++) {
      seen.add(current.href)
      ownHeaders &&= current.origin === first.origin
      const addresses = await untilAborted(
        vetHost(current.hostname, o.allowPrivate, lookup, displayUrl(current)),
        signal,
      )
      const req = send(current, addresses, requestHeaders(first, o, ownHeaders), signal)
      open.push(req)
      const res = await untilAborted(responseOf(req), signal)
      const status = res.statusCode ?? 0
      if (REDIRECT_STATUSES.has(status)) {
        res.destroy() // its body is of no use
        current = redirectTarget(current, res, redirects, o.maxRedirects, seen)
        continue
      }
      if (status === 304 && o.conditional !== undefined) {
        res.destroy() // a 304 has no body
        const validators = validatorsOf(res)
        // A server may leave the validators out of a 304: the ones sent still hold.
        const headers = {
          ...(o.conditional.etag === undefined ? {} : { etag: o.conditional.etag }),
          ...(o.conditional.lastModified === undefined ? {} : { lastModified: o.conditional.lastModified }),
          ...validators,
        }
        const contentType = parseContentType(res.headers['content-type']).essence
        return { url: withoutCredentials(current), status, contentType, text: '', bytes: 0, headers }
      }
      if (status < 200 || status > 299) {
        res.destroy()
        // The reason phrase is the server's text: kept short.
        const words = `${status}${res.statusMessage ? ` ${res.statusMessage.slice(0, 80)}` : ''}`
        const err = new FetchError('http-status', displayUrl(current), `the server answered ${words}`, { status })
        const wait = RETRY_STATUSES.has(status) ? retryAfterSeconds(res.headers['retry-after']) : undefined
        if (wait !== undefined) Object.defineProperty(err, 'retryAfterSeconds', { value: wait, enumerable: true })
        throw err
      }
      return await readPage(current, res, o, signal)
    }
  } catch (err) {
    if (err instanceof FetchError) throw err
    const target = displayUrl(current)
    if (signal.aborted) {
      throw new FetchError('timeout', target, `it took longer than ${duration(o.timeoutMs)} (timeoutMs)`, {
        cause: err,
      })
    }
    throw new FetchError('network', target, networkWords(err), { cause: err })
  } finally {
    clearTimeout(timer)
    // Nothing is left open: a refused or failed fetch closes its connection at once.
    for (const req of open) req.destroy()
  }
}

function parseFetchUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch (err) {
    throw new FetchError('invalid-url', displayUrl(String(text)), 'it is not a URL (type it as https://…)', {
      cause: err,
    })
  }
  if (!isHttp(url)) throw new FetchError('scheme', displayUrl(url), `${schemeWords('it', url)}; ${ONLY_HTTP}`)
  return url
}

const ONLY_HTTP = 'only http: and https: pages can be fetched'

function schemeWords(subject: string, url: URL): string {
  const scheme = shownScheme(url)
  return scheme ? `${subject} uses ${scheme}` : `${subject} is not a web address`
}

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:'
}

function redirectTarget(from: URL, res: IncomingMessage, redirects: number, max: number, seen: Set<string>): URL {
  const status = res.statusCode
  const location = res.headers.location
  if (location === undefined || location.trim() === '') {
    throw new FetchError('http-status', displayUrl(from), `the server answered ${status} without a Location to go to`, {
      status,
    })
  }
  let next: URL
  try {
    next = new URL(location, from)
  } catch (err) {
    throw new FetchError('invalid-url', displayUrl(from), `it redirects to ${displayUrl(location)}, which is no URL`, {
      cause: err,
    })
  }
  if (!isHttp(next)) {
    throw new FetchError('scheme', displayUrl(from), `${schemeWords('it redirects to a URL that', next)}; ${ONLY_HTTP}`)
  }
  if (seen.has(next.href)) {
    throw new FetchError('redirect-loop', displayUrl(from), `it redirects in a loop (back to ${displayUrl(next)})`)
  }
  if (redirects >= max) {
    throw new FetchError(
      'too-many-redirects',
      displayUrl(from),
      `it redirects more than ${max} time${max === 1 ? '' : 's'} (maxRedirects); ` +
        `the last one goes to ${displayUrl(next)}`,
    )
  }
  return next
}

/** The request headers; `first` is the URL given, whose credentials go with the caller's headers. */
function requestHeaders(first: URL, o: FetchOptions, ownHeaders: boolean): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'user-agent': o.userAgent,
    accept: acceptHeader(o.accept),
    'accept-encoding': Object.keys(DECOMPRESS).join(', '),
  }
  if (o.conditional?.etag !== undefined) headers['if-none-match'] = o.conditional.etag
  if (o.conditional?.lastModified !== undefined) headers['if-modified-since'] = o.conditional.lastModified
  if (!ownHeaders) return headers
  // A user name and password in the URL are sent as Basic authentication, like the caller's
  // headers only to the first origin.
  if (first.username !== '' || first.password !== '') {
    const pair = `${percentDecoded(first.username)}:${percentDecoded(first.password)}`
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`
  }
  return { ...headers, ...o.headers }
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text // a stray `%` the URL parser let through: sent as typed
  }
}

/** Starts the GET request, connecting only to the checked addresses. */
function send(url: URL, addresses: LookupAddress[], headers: OutgoingHttpHeaders, signal: AbortSignal) {
  const client = url.protocol === 'https:' ? https : http
  // The host name stays in the request (Host header, TLS server name and certificate check); only
  // the resolution is replaced, by the addresses checked a moment ago.
  return client.request({
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers,
    lookup: pinnedLookup(addresses),
    // A connection of its own, closed after: no pooled socket outlives the fetch.
    agent: false,
    signal,
  })
}

function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0)
    const fitting = family === 0 ? addresses : addresses.filter((a) => a.family === family)
    const [chosen] = fitting
    if (chosen === undefined) {
      const err: NodeJS.ErrnoException = new Error(`no checked IPv${family} address`)
      err.code = 'ENOTFOUND'
      callback(err, '')
    } else if (options.all) {
      callback(null, fitting)
    } else {
      callback(null, chosen.address, chosen.family)
    }
  }
}

function responseOf(req: http.ClientRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    req.on('response', resolve)
    // Stays attached once the response came: a later error must not go unhandled.
    req.on('error', reject)
    req.end()
  })
}

/** `promise`, or a rejection as soon as `signal` aborts (a DNS lookup cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** The ETag and Last-Modified of an answer, those it has. */
function validatorsOf(res: IncomingMessage): { etag?: string; lastModified?: string } {
  const out: { etag?: string; lastModified?: string } = {}
  const etag = res.headers.etag?.trim()
  const lastModified = res.headers['last-modified']?.trim()
  if (etag) out.etag = etag
  if (lastModified) out.lastModified = lastModified
  return out
}

async function readPage(url: URL, res: IncomingMessage, o: FetchOptions, signal: AbortSignal): Promise<FetchedPage> {
  const { maxBytes } = o
  const target = displayUrl(url)
  const header = res.headers['content-type']
  const { essence, charset } = parseContentType(header)
  if (!(o.accept ?? TEXT_CONTENT_TYPES).has(essence)) {
    res.destroy()
    const what = essence === '' ? 'the server did not say what it is (no Content-Type)' : `it is ${essence}`
    const readable = o.accept === undefined ? 'HTML and plain text pages' : [...o.accept].join(', ')
    throw new FetchError('content-type', target, `${what}; only ${readable} can be read`)
  }
  const encoding = res.headers['content-encoding']?.trim().toLowerCase() || 'identity'
  if (encoding !== 'identity' && DECOMPRESS[encoding] === undefined) {
    res.destroy()
    throw new FetchError('content-encoding', target, `it is compressed as "${encoding}", which Newsdesk cannot decode`)
  }
  const declared = Number(res.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy()
    throw new FetchError('too-large', target, `it is ${bytesWords(declared)}, more than ${limitWords(maxBytes)}`)
  }
  const raw = await readLimited(res, maxBytes, signal)
  if (raw === undefined) {
    throw new FetchError('too-large', target, `it is more than ${limitWords(maxBytes)}; reading stopped there`)
  }
  let body = raw
  if (encoding !== 'identity') {
    try {
      body = await untilAborted(DECOMPRESS[encoding]!(raw, { maxOutputLength: maxBytes }), signal)
    } catch (err) {
      if (signal.aborted) throw err
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new FetchError('too-large', target, `once decompressed it is more than ${limitWords(maxBytes)}`)
      }
      throw new FetchError('content-encoding', target, `its ${encoding} compression is broken`, { cause: err })
    }
  }
  const { text } = decodeBody(body, essence, charset)
  const status = res.statusCode ?? 200
  return {
    url: withoutCredentials(url),
    status,
    contentType: essence,
    text,
    bytes: body.length,
    headers: validatorsOf(res),
  }
}

/** The body, or undefined as soon as it grows past `maxBytes` (the rest is not read). */
async function readLimited(res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer | undefined> {
  const onAbort = () => res.destroy(signal.reason)
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    if (signal.aborted) throw signal.reason
    const chunks: Buffer[] = []
    let total = 0
    for await (const chunk of res as AsyncIterable<Buffer>) {
      total += chunk.length
      if (total > maxBytes) return undefined // leaving the loop destroys the response
      chunks.push(chunk)
    }
    return Buffer.concat(chunks, total)
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

function networkWords(err: unknown): string {
  const e = err as NodeJS.ErrnoException | null
  const code = e?.code ?? ''
  if (code === 'ECONNREFUSED') return 'the server refused the connection'
  if (code === 'ECONNRESET' || e?.message === 'aborted') return 'the connection was cut off'
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `the server cannot be reached (${code})`
  if (code.startsWith('HPE_')) return `the server's answer is not valid HTTP (${code})`
  if (/CERT|SSL|TLS|SELF_SIGNED/.test(code)) return `its TLS certificate was refused (${code})`
  return `the connection failed (${code || e?.message || String(err)})`
}

function duration(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`
}

function bytesWords(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`
  return `${n} bytes`
}

function limitWords(maxBytes: number): string {
  return `the limit of ${bytesWords(maxBytes)} (maxBytes)`
}
