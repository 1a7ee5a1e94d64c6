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
}

/** A fetched page. */
export interface FetchedPage {
  /** The final URL, after redirects, without user name and password. */
  url: string
  /** The media type, lower case without parameters: `text/html`, `application/xhtml+xml` or `text/plain`. */
  contentType: string
  /** The body decoded from its charset. */
  text: string
  /** The size of the body in bytes (once decompressed, before decoding). */
  bytes: number
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
  return o as FetchOptions
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
 * between. Only HTML, XHTML and plain text are read, within `timeoutMs` and `maxBytes`.
 * Throws a FetchError with a `reason` and a message for people; ConfigError for bad options.
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
      if (status < 200 || status > 299) {
        res.destroy()
        // The reason phrase is the server's text: kept short.
        const words = `${status}${res.statusMessage ? ` ${res.statusMessage.slice(0, 80)}` : ''}`
        throw new FetchError('http-status', displayUrl(current), `the server answered ${words}`, { status })
      }
      return await readPage(current, res, o.maxBytes, signal)
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
      `it redirects more than ${max} time${max === 1 ? '' : 's'} (maxRedirects); the last one goes to ${displayUrl(next)}`,
    )
  }
  return next
}

/** The request headers; `first` is the URL given, whose credentials go with the caller's headers. */
function requestHeaders(first: URL, o: FetchOptions, ownHeaders: boolean): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'user-agent': o.userAgent,
    accept: ACCEPT,
    'accept-encoding': Object.keys(DECOMPRESS).join(', '),
  }
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

async function readPage(url: URL, res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<FetchedPage> {
  const target = displayUrl(url)
  const header = res.headers['content-type']
  const { essence, charset } = parseContentType(header)
  if (!TEXT_CONTENT_TYPES.has(essence)) {
    res.destroy()
    const what = essence === '' ? 'the server did not say what it is (no Content-Type)' : `it is ${essence}`
    throw new FetchError('content-type', target, `${what}; only HTML and plain text pages can be read`)
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
  return { url: withoutCredentials(url), contentType: essence, text, bytes: body.length }
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
