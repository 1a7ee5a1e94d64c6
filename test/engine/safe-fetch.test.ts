// The page fetcher against real HTTP servers on 127.0.0.1 (never any other address: the
// happy paths set allowPrivate, since loopback is refused otherwise), and its address checks
// through checkAddress / resolveAndCheck with a stand-in DNS.
import { execFileSync, spawnSync } from 'node:child_process'
import type { LookupAddress } from 'node:dns'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, NewsdeskError } from '../../src/errors.js'
import {
  type AddressKind,
  checkAddress,
  DEFAULT_FETCH_OPTIONS,
  FetchError,
  type FetchOptions,
  resolveAndCheck,
  safeFetch,
} from '../../src/net/safe-fetch.js'
import { tempDir } from './helpers.js'

interface Seen {
  url: string
  headers: http.IncomingHttpHeaders
}

interface TestServer {
  origin: string
  port: number
  /** The requests the server received, in order. */
  seen: Seen[]
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void

const servers: Array<http.Server | https.Server> = []

// Every server is closed after each test, its open connections (a page that never ends) first.
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        }),
    ),
  )
})

async function serve(handler: Handler): Promise<TestServer> {
  const seen: Seen[] = []
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers })
    handler(req, res)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, port, seen }
}

/** A server answering each path from a table: [status, headers, body]. */
function routes(table: Record<string, [number, http.OutgoingHttpHeaders, (string | Buffer)?]>): Handler {
  return (req, res) => {
    const [status, headers, body] = table[req.url ?? ''] ?? [404, { 'content-type': 'text/plain' }, 'not here']
    res.writeHead(status, headers)
    res.end(body)
  }
}

const html = (body: string) => `<!doctype html><html><head><title>T</title></head><body>${body}</body></html>`
const HTML = { 'content-type': 'text/html; charset=utf-8' }
const local: Partial<FetchOptions> = { allowPrivate: true }

/** Resolves when `emitter` emits `event`: a test waits for what happened, never for a fixed time. */
function once(emitter: { once(event: string, f: () => void): unknown }, event: string): Promise<void> {
  return new Promise((resolve) => emitter.once(event, () => resolve()))
}

async function refusal(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError)
    expect(err).toBeInstanceOf(NewsdeskError)
    return err as FetchError
  }
  throw new Error('expected a FetchError')
}

/** A stand-in DNS: names to addresses; it records the names asked. */
function fakeDns(table: Record<string, string[]>) {
  const asked: string[] = []
  const lookup = async (hostname: string): Promise<LookupAddress[]> => {
    asked.push(hostname)
    const addresses = table[hostname]
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
  return { lookup, asked }
}

describe('safeFetch reads a page', () => {
  it('fetches an HTML page in UTF-8', async () => {
    const s = await serve(routes({ '/story': [200, HTML, html('<p>Zürich votes — “yes”</p>')] }))
    const page = await safeFetch(`${s.origin}/story`, local)
    expect(page.url).toBe(`${s.origin}/story`)
    expect(page.contentType).toBe('text/html')
    expect(page.text).toContain('<p>Zürich votes — “yes”</p>')
    expect(page.bytes).toBe(Buffer.byteLength(html('<p>Zürich votes — “yes”</p>')))
    expect(s.seen[0]!.headers['user-agent']).toBe(DEFAULT_FETCH_OPTIONS.userAgent)
  })

  it('reads UTF-8 when nothing names a charset, and plain text and XHTML too', async () => {
    const s = await serve(
      routes({
        '/bare': [200, { 'content-type': 'text/html' }, html('Zürich')],
        '/notes.txt': [200, { 'content-type': 'text/plain' }, 'Zürich'],
        '/x': [200, { 'content-type': 'application/xhtml+xml' }, '<?xml version="1.0"?><html>Zürich</html>'],
      }),
    )
    expect((await safeFetch(`${s.origin}/bare`, local)).text).toContain('Zürich')
    expect(await safeFetch(`${s.origin}/notes.txt`, local)).toMatchObject({ contentType: 'text/plain', text: 'Zürich' })
    expect((await safeFetch(`${s.origin}/x`, local)).contentType).toBe('application/xhtml+xml')
  })

  // “Café” – €5 in windows-1252: curly quotes, an en dash and the euro sign sit in 0x80–0x9F.
  const cp1252 = Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35])
  const wrap = (head: string) =>
    Buffer.concat([Buffer.from(`<html><head>${head}</head><body><p>`), cp1252, Buffer.from('</p></body></html>')])

  it('decodes a windows-1252 page from the Content-Type charset', async () => {
    const s = await serve(
      routes({
        '/win': [200, { 'content-type': 'text/html; charset=windows-1252' }, wrap('')],
        // iso-8859-1 means windows-1252 on the web, as in browsers.
        '/latin': [200, { 'content-type': 'text/html; charset="ISO-8859-1"' }, wrap('')],
      }),
    )
    expect((await safeFetch(`${s.origin}/win`, local)).text).toContain('<p>“Café” – €5</p>')
    expect((await safeFetch(`${s.origin}/latin`, local)).text).toContain('<p>“Café” – €5</p>')
  })

  it('decodes a windows-1252 page from its meta charset when the header has none', async () => {
    const s = await serve(
      routes({
        '/meta': [200, { 'content-type': 'text/html' }, wrap('<meta charset="windows-1252">')],
        '/equiv': [
          200,
          { 'content-type': 'text/html' },
          wrap('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'),
        ],
      }),
    )
    const page = await safeFetch(`${s.origin}/meta`, local)
    expect(page.text).toContain('<p>“Café” – €5</p>')
    expect(page.bytes).toBe(wrap('<meta charset="windows-1252">').length)
    expect((await safeFetch(`${s.origin}/equiv`, local)).text).toContain('<p>“Café” – €5</p>')
  })

  it('decompresses a gzip page', async () => {
    const body = html('<p>Compressed news</p>')
    const s = await serve(routes({ '/gz': [200, { ...HTML, 'content-encoding': 'gzip' }, gzipSync(body)] }))
    const page = await safeFetch(`${s.origin}/gz`, local)
    expect(page.text).toBe(body)
    expect(page.bytes).toBe(Buffer.byteLength(body))
    expect(s.seen[0]!.headers['accept-encoding']).toContain('gzip')
  })

  it('connects to the address it checked, keeping the host name in the Host header', async () => {
    const s = await serve(routes({ '/': [200, HTML, html('pinned')] }))
    // The first answer is checked; a second, rebound one must never be used.
    let calls = 0
    const lookup = async (): Promise<LookupAddress[]> =>
      ++calls === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }]
    const page = await safeFetch(`http://news.example:${s.port}/`, { ...local, lookup })
    expect(page.url).toBe(`http://news.example:${s.port}/`)
    expect(page.text).toContain('pinned')
    expect(s.seen[0]!.headers.host).toBe(`news.example:${s.port}`)
    expect(calls).toBe(1)
  })
})

// A certificate is made for the test, when openssl is there (it is on Debian machines).
const hasOpenssl = spawnSync('openssl', ['version']).status === 0

describe('safeFetch over https', () => {
  it.skipIf(!hasOpenssl)('names the host, not the checked address, in TLS (SNI and certificate check)', async () => {
    const dir = tempDir()
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')]
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key]
        .concat(['-out', cert, '-days', '2', '-subj', '/CN=news.example'])
        .concat(['-addext', 'subjectAltName=DNS:news.example']),
      { stdio: 'ignore' },
    )
    const serverNames: string[] = []
    const requests: string[] = []
    const server = https.createServer(
      {
        key: readFileSync(key),
        cert: readFileSync(cert),
        SNICallback: (name, done) => {
          serverNames.push(name)
          done(null)
        },
      },
      (req, res) => {
        requests.push(req.url ?? '')
        res.end()
      },
    )
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const lookup = fakeDns({ 'news.example': ['127.0.0.1'] }).lookup
    // The certificate is self-signed, so the connection is refused, but only once the server
    // was told which host is wanted.
    const err = await refusal(safeFetch(`https://news.example:${port}/`, { ...local, lookup }))
    expect(err.reason).toBe('network')
    expect(err.message).toMatch(/its TLS certificate was refused \(DEPTH_ZERO_SELF_SIGNED_CERT\)/)
    expect(serverNames).toEqual(['news.example'])
    expect(requests).toEqual([])
  })
})

describe('safeFetch refuses what it must not fetch', () => {
  it('refuses loopback unless allowPrivate, before any request is sent', async () => {
    const s = await serve(routes({ '/': [200, HTML, html('secret admin page')] }))
    const err = await refusal(safeFetch(`${s.origin}/`))
    expect(err.reason).toBe('private-address')
    expect(err.message).toBe(
      `Newsdesk: cannot fetch ${s.origin}/: it points to a loopback address (127.0.0.1); ` +
        'set NEWSDESK_ALLOW_PRIVATE_URLS=1 to allow intranet pages',
    )
    const byName = await refusal(safeFetch(`http://localhost:${s.port}/`))
    expect(byName.reason).toBe('private-address')
    expect(byName.message).toMatch(/localhost resolves to a loopback address/)
    const mapped = await refusal(safeFetch(`http://[::ffff:127.0.0.1]:${s.port}/`))
    expect(mapped.reason).toBe('private-address')
    expect(s.seen).toEqual([])
  })

  it.each([
    ['ftp://files.example/report.html', 'ftp:'],
    ['file:///etc/passwd', 'file:'],
    ['javascript:alert(1)', 'javascript:'],
    ['data:text/html,<p>hi</p>', 'data:'],
  ])('refuses %s', async (url, scheme) => {
    const err = await refusal(safeFetch(url))
    expect(err.reason).toBe('scheme')
    expect(err.message).toContain(`it uses ${scheme}; only http: and https: pages can be fetched`)
  })

  it('refuses text that is no URL', async () => {
    const err = await refusal(safeFetch('news.example/story'))
    expect(err.reason).toBe('invalid-url')
  })

  it.each([
    ['image/png', 'image/png'],
    ['application/pdf', 'application/pdf'],
    ['application/octet-stream', 'application/octet-stream'],
    ['application/json; charset=utf-8', 'application/json'],
  ])('refuses content of type %s', async (type, essence) => {
    const s = await serve(routes({ '/file': [200, { 'content-type': type }, Buffer.from([0x89, 0x50, 0x4e, 0x47])] }))
    const err = await refusal(safeFetch(`${s.origin}/file`, local))
    expect(err.reason).toBe('content-type')
    expect(err.message).toBe(
      `Newsdesk: cannot fetch ${s.origin}/file: it is ${essence}; only HTML and plain text pages can be read`,
    )
  })

  it('refuses a body with no Content-Type', async () => {
    const s = await serve((_req, res) => {
      res.removeHeader('content-type')
      res.end('<p>what am I?</p>')
    })
    const err = await refusal(safeFetch(`${s.origin}/`, local))
    expect(err.reason).toBe('content-type')
    expect(err.message).toMatch(/no Content-Type/)
  })

  it('reports an error status with its code', async () => {
    const s = await serve(routes({}))
    const err = await refusal(safeFetch(`${s.origin}/gone`, local))
    expect(err.reason).toBe('http-status')
    expect(err.status).toBe(404)
    expect(err.message).toBe(`Newsdesk: cannot fetch ${s.origin}/gone: the server answered 404 Not Found`)
  })

  it('reports a refused connection as a network failure', async () => {
    const s = await serve(routes({}))
    const url = `${s.origin}/`
    const server = servers.pop()!
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const err = await refusal(safeFetch(url, local))
    expect(err.reason).toBe('network')
    expect(err.message).toMatch(/the server refused the connection/)
  })
})

describe('safeFetch limits time and size', () => {
  it('gives up on a page that never finishes, and closes the connection', async () => {
    let closed: Promise<void> | undefined
    const s = await serve((_req, res) => {
      closed = once(res, 'close')
      res.writeHead(200, HTML)
      res.write('<html><body><p>Loading for ever')
    })
    const started = Date.now()
    const err = await refusal(safeFetch(`${s.origin}/slow`, { ...local, timeoutMs: 300 }))
    expect(err.reason).toBe('timeout')
    expect(err.message).toBe(`Newsdesk: cannot fetch ${s.origin}/slow: it took longer than 300 ms (timeoutMs)`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(closed).toBeDefined()
    await closed
  })

  it('gives up on a server that never answers', async () => {
    const s = await serve(() => {})
    const err = await refusal(safeFetch(`${s.origin}/silent`, { ...local, timeoutMs: 300 }))
    expect(err.reason).toBe('timeout')
  })

  it('stops reading a streamed page past maxBytes', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const cap = 64 * 1024 * 1024 // the server stops by itself, at worst
    let written = 0
    let closed: Promise<void> | undefined
    const s = await serve((_req, res) => {
      closed = once(res, 'close')
      res.writeHead(200, { 'content-type': 'text/plain' }) // no Content-Length: chunked
      const pump = () => {
        while (written < cap && !res.destroyed) {
          written += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      pump()
    })
    const err = await refusal(safeFetch(`${s.origin}/huge`, { ...local, maxBytes: 200_000 }))
    expect(err.reason).toBe('too-large')
    expect(err.message).toBe(
      `Newsdesk: cannot fetch ${s.origin}/huge: it is more than the limit of 195.3 KB (maxBytes); reading stopped there`,
    )
    expect(closed).toBeDefined()
    await closed
    expect(written).toBeLessThan(cap)
  })

  it('refuses a page whose Content-Length is over the limit before reading it', async () => {
    let closed: Promise<void> | undefined
    const s = await serve((_req, res) => {
      closed = once(res, 'close')
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(6 * 1024 * 1024) })
      res.write('<html>') // and nothing more: the fetcher must not wait for the rest
    })
    const err = await refusal(safeFetch(`${s.origin}/big`, local))
    expect(err.reason).toBe('too-large')
    expect(err.message).toBe(
      `Newsdesk: cannot fetch ${s.origin}/big: it is 6 MB, more than the limit of 5 MB (maxBytes)`,
    )
    expect(closed).toBeDefined()
    await closed
  })

  it('refuses a compressed page that inflates past maxBytes', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, ' '))
    const s = await serve(routes({ '/bomb': [200, { ...HTML, 'content-encoding': 'gzip' }, bomb] }))
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const err = await refusal(safeFetch(`${s.origin}/bomb`, { ...local, maxBytes: 1024 * 1024 }))
    expect(err.reason).toBe('too-large')
    expect(err.message).toMatch(/once decompressed it is more than the limit of 1 MB/)
  })
})

describe('safeFetch follows redirects, checking each', () => {
  const to = (location: string): [number, http.OutgoingHttpHeaders] => [302, { location }]

  it('follows up to 5 redirects and reports the final URL', async () => {
    const table: Parameters<typeof routes>[0] = { '/hop/0': [200, HTML, html('arrived')] }
    for (let n = 1; n <= 6; n++) table[`/hop/${n}`] = to(`/hop/${n - 1}`)
    const s = await serve(routes(table))
    const page = await safeFetch(`${s.origin}/hop/5`, local)
    expect(page.url).toBe(`${s.origin}/hop/0`)
    expect(page.text).toContain('arrived')
  })

  it('refuses a chain of 6 redirects without requesting the 7th page', async () => {
    const table: Parameters<typeof routes>[0] = { '/hop/0': [200, HTML, html('arrived')] }
    for (let n = 1; n <= 6; n++) table[`/hop/${n}`] = to(`/hop/${n - 1}`)
    const s = await serve(routes(table))
    const err = await refusal(safeFetch(`${s.origin}/hop/6`, local))
    expect(err.reason).toBe('too-many-redirects')
    expect(err.message).toMatch(/it redirects more than 5 times \(maxRedirects\)/)
    expect(s.seen.map((r) => r.url)).toEqual(['/hop/6', '/hop/5', '/hop/4', '/hop/3', '/hop/2', '/hop/1'])
    const none = await refusal(safeFetch(`${s.origin}/hop/1`, { ...local, maxRedirects: 0 }))
    expect(none.reason).toBe('too-many-redirects')
  })

  it('refuses a redirect loop', async () => {
    const s = await serve(routes({ '/a': to('/b'), '/b': to('/a'), '/self': to('/self') }))
    const err = await refusal(safeFetch(`${s.origin}/a`, local))
    expect(err.reason).toBe('redirect-loop')
    expect(err.message).toBe(`Newsdesk: cannot fetch ${s.origin}/b: it redirects in a loop (back to ${s.origin}/a)`)
    expect((await refusal(safeFetch(`${s.origin}/self`, local))).reason).toBe('redirect-loop')
  })

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'a cloud metadata service address (169.254.169.254)'],
    ['http://[fd00:ec2::254]/latest/meta-data/', 'a cloud metadata service address (fd00:ec2::254)'],
    [
      'http://[::ffff:169.254.169.254]/',
      'a cloud metadata service address (::ffff:a9fe:a9fe, that is 169.254.169.254)',
    ],
    ['http://0.0.0.0/', 'the unspecified address (0.0.0.0)'],
  ])('refuses a redirect to %s even with allowPrivate', async (target, words) => {
    const s = await serve(routes({ '/go': to(target) }))
    const err = await refusal(safeFetch(`${s.origin}/go`, local))
    expect(err.reason).toBe('forbidden-address')
    expect(err.message).toContain(`it points to ${words}, which Newsdesk never fetches`)
  })

  it('resolves and checks the host of a redirect target', async () => {
    const s = await serve(routes({ '/go': to('http://rebound.example/') }))
    const dns = fakeDns({ 'start.example': ['127.0.0.1'], 'rebound.example': ['0.0.0.0'] })
    const err = await refusal(safeFetch(`http://start.example:${s.port}/go`, { ...local, lookup: dns.lookup }))
    expect(err.reason).toBe('forbidden-address')
    expect(err.message).toBe(
      'Newsdesk: cannot fetch http://rebound.example/: rebound.example resolves to the unspecified address (0.0.0.0), which Newsdesk never fetches',
    )
    expect(dns.asked).toEqual(['start.example', 'rebound.example'])
  })

  it('refuses a redirect to another scheme', async () => {
    const s = await serve(routes({ '/go': to('file:///etc/passwd') }))
    const err = await refusal(safeFetch(`${s.origin}/go`, local))
    expect(err.reason).toBe('scheme')
    expect(err.message).toBe(
      `Newsdesk: cannot fetch ${s.origin}/go: it redirects to a URL that uses file:; only http: and https: pages can be fetched`,
    )
  })
})

describe('safeFetch keeps credentials to their origin', () => {
  const token = 'Bearer xoxb-secret-token'

  it('does not forward the caller’s headers to another origin on a redirect', async () => {
    const other = await serve(routes({ '/landing': [200, HTML, html('elsewhere')] }))
    const s = await serve(
      routes({
        '/away': [302, { location: `${other.origin}/landing` }],
        '/home': [302, { location: '/page' }],
        '/page': [200, HTML, html('home')],
      }),
    )
    const headers = { Authorization: token, 'X-Team': 'desk' }
    await safeFetch(`${s.origin}/away`, { ...local, headers })
    expect(s.seen[0]!.headers.authorization).toBe(token)
    expect(other.seen[0]!.headers.authorization).toBeUndefined()
    expect(other.seen[0]!.headers['x-team']).toBeUndefined()
    // A redirect within the same origin keeps them.
    await safeFetch(`${s.origin}/home`, { ...local, headers })
    expect(s.seen.slice(1).map((r) => r.headers.authorization)).toEqual([token, token])
  })

  it('does not send them again when a redirect comes back to the first origin', async () => {
    const other = await serve((_req, res) => {
      res.writeHead(302, { location: `${s.origin}/page` })
      res.end()
    })
    const s = await serve(
      routes({ '/start': [302, { location: `${other.origin}/bounce` }], '/page': [200, HTML, html('back')] }),
    )
    // s → other → s: the second visit to s was chosen by `other`, so the headers stay behind.
    await safeFetch(`${s.origin}/start`, { ...local, headers: { Authorization: token } })
    expect(s.seen.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/start', token],
      ['/page', undefined],
    ])
    expect(other.seen[0]!.headers.authorization).toBeUndefined()
  })

  it('sends URL credentials as Basic authentication to the first origin only, and never shows them', async () => {
    const other = await serve(routes({ '/landing': [200, HTML, html('elsewhere')] }))
    const s = await serve(routes({ '/away': [302, { location: `${other.origin}/landing` }] }))
    const page = await safeFetch(`http://alice:s3cret@127.0.0.1:${s.port}/away`, local)
    expect(s.seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`)
    expect(other.seen[0]!.headers.authorization).toBeUndefined()
    expect(page.url).toBe(`${other.origin}/landing`)
  })

  it('strips user name and password from every message', async () => {
    const s = await serve(routes({}))
    const failures = [
      await refusal(safeFetch(`http://alice:s3cret@127.0.0.1:${s.port}/missing`, local)),
      await refusal(safeFetch(`http://alice:s3cret@127.0.0.1:${s.port}/`)),
      await refusal(safeFetch('ftp://alice:s3cret@files.example/x')),
      await refusal(safeFetch('http://alice:s3cret@[oops/')),
      await refusal(safeFetch('alice:s3cret@news.example')),
    ]
    expect(failures.map((e) => e.reason)).toEqual(['http-status', 'private-address', 'scheme', 'invalid-url', 'scheme'])
    for (const err of failures) {
      expect(err.message).not.toMatch(/alice|s3cret/)
      expect(err.target).not.toMatch(/alice|s3cret/)
    }
    expect(failures[0]!.message).toBe(
      `Newsdesk: cannot fetch http://127.0.0.1:${s.port}/missing: the server answered 404 Not Found`,
    )
  })
})

describe('options are checked up front', () => {
  it.each([
    [{ timeoutMs: 0 }, /the option timeoutMs must be a whole number from 1 to \d+ \(got 0\)/],
    [{ maxBytes: -1 }, /the option maxBytes must be a whole number from 1/],
    [{ maxRedirects: 1.5 }, /the option maxRedirects must be a whole number from 0 to 20 \(got 1.5\)/],
    [{ allowPrivate: 'yes' }, /the option allowPrivate must be true or false \(got yes\)/],
    [{ userAgent: '' }, /the option userAgent must be a non-empty string/],
    [{ headers: { Host: 'evil.example' } }, /the option headers cannot set Host/],
    [{ headers: { 'X-A': 'a\r\nInjected: yes' } }, /the option headers must give X-A a string without line breaks/],
    [{ headers: { 'bad name': 'x' } }, /the option headers has an invalid header name "bad name"/],
    [{ headers: 'Authorization: x' }, /the option headers must be an object/],
    [{ timeout: 5000 }, /unknown fetch option "timeout"/],
  ])('refuses %o', async (options, message) => {
    // Checked before the URL is even read.
    const err = await safeFetch('not a url', options as Partial<FetchOptions>).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toMatch(message)
  })

  it('documents its defaults', () => {
    expect(DEFAULT_FETCH_OPTIONS).toMatchObject({
      timeoutMs: 10_000,
      maxBytes: 5 * 1024 * 1024,
      maxRedirects: 5,
      allowPrivate: false,
    })
    expect(Object.isFrozen(DEFAULT_FETCH_OPTIONS)).toBe(true)
  })
})

describe('checkAddress', () => {
  it.each<[string, AddressKind, boolean, boolean]>([
    // address, kind, allowed by default, allowed with allowPrivate
    ['93.184.216.34', 'public', true, true],
    ['2606:4700:4700::1111', 'public', true, true],
    ['127.0.0.1', 'loopback', false, true],
    ['127.8.8.8', 'loopback', false, true],
    ['::1', 'loopback', false, true],
    ['10.0.0.5', 'private', false, true],
    ['172.16.0.1', 'private', false, true],
    ['172.31.255.255', 'private', false, true],
    ['172.32.0.1', 'public', true, true],
    ['192.168.1.1', 'private', false, true],
    ['fc00::1', 'unique-local', false, true],
    ['fd12:3456::1', 'unique-local', false, true],
    ['169.254.1.1', 'link-local', false, true],
    ['fe80::1', 'link-local', false, true],
    ['100.64.0.1', 'carrier-grade-nat', false, true],
    ['100.127.255.254', 'carrier-grade-nat', false, true],
    ['100.128.0.1', 'public', true, true],
    ['192.0.2.1', 'special', false, true],
    ['2001:db8::1', 'special', false, true],
    ['0.0.0.0', 'unspecified', false, false],
    ['::', 'unspecified', false, false],
    ['224.0.0.1', 'multicast', false, false],
    ['ff02::1', 'multicast', false, false],
    ['255.255.255.255', 'broadcast', false, false],
    ['169.254.169.254', 'cloud-metadata', false, false],
    ['fd00:ec2::254', 'cloud-metadata', false, false],
    ['100.100.100.200', 'cloud-metadata', false, false],
    // IPv6 addresses carrying an IPv4 one are judged by it.
    ['::ffff:10.0.0.5', 'private', false, true],
    ['::ffff:7f00:1', 'loopback', false, true],
    ['::ffff:169.254.169.254', 'cloud-metadata', false, false],
    ['::ffff:8.8.8.8', 'public', true, true],
    ['::a00:5', 'private', false, true],
    ['64:ff9b::a00:5', 'private', false, true],
    ['2002:a00:5::1', 'private', false, true],
    ['[::1]', 'loopback', false, true],
    ['news.example', 'invalid', false, false],
  ])('%s is %s', (ip, kind, byDefault, withPrivate) => {
    expect(checkAddress(ip, false)).toMatchObject({ address: ip, kind, allowed: byDefault })
    expect(checkAddress(ip, true).allowed).toBe(withPrivate)
  })

  it('names the IPv4 address an IPv6 one carries', () => {
    expect(checkAddress('::ffff:10.0.0.5', false).embedded).toBe('10.0.0.5')
    expect(checkAddress('10.0.0.5', false).embedded).toBeUndefined()
  })
})

describe('resolveAndCheck', () => {
  it('refuses a name that resolves to a private address', async () => {
    const dns = fakeDns({ 'news.example': ['10.0.0.1'] })
    const err = await refusal(resolveAndCheck('news.example', false, dns.lookup))
    expect(err.reason).toBe('private-address')
    expect(err.message).toBe(
      'Newsdesk: cannot fetch news.example: news.example resolves to a private address (10.0.0.1); ' +
        'set NEWSDESK_ALLOW_PRIVATE_URLS=1 to allow intranet pages',
    )
    expect(await resolveAndCheck('news.example', true, dns.lookup)).toEqual([{ address: '10.0.0.1', family: 4 }])
  })

  it('refuses a name if ANY of its addresses is refused', async () => {
    const dns = fakeDns({ 'mixed.example': ['93.184.216.34', '2606:4700::1', 'fd00::5'] })
    const err = await refusal(resolveAndCheck('mixed.example', false, dns.lookup))
    expect(err.reason).toBe('private-address')
    expect(err.message).toMatch(/a private \(unique local\) address \(fd00::5\)/)
  })

  it('never allows a metadata address, even with allowPrivate', async () => {
    const dns = fakeDns({ 'metadata.google.internal': ['169.254.169.254'] })
    const err = await refusal(resolveAndCheck('metadata.google.internal', true, dns.lookup))
    expect(err.reason).toBe('forbidden-address')
  })

  it('returns the checked addresses of a public name, and takes IP literals as they are', async () => {
    const dns = fakeDns({ 'news.example': ['93.184.216.34', '2606:2800:220:1::'] })
    expect(await resolveAndCheck('news.example', false, dns.lookup)).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::', family: 6 },
    ])
    expect(await resolveAndCheck('[2606:4700::1111]', false, dns.lookup)).toEqual([
      { address: '2606:4700::1111', family: 6 },
    ])
    expect(dns.asked).toEqual(['news.example'])
  })

  it('reports a name that does not resolve', async () => {
    const err = await refusal(resolveAndCheck('nowhere.example', false, fakeDns({}).lookup))
    expect(err.reason).toBe('dns')
    expect(err.message).toBe('Newsdesk: cannot fetch nowhere.example: the name nowhere.example was not found')
  })
})
