// What safeFetch gained for feeds: the `accept` and `conditional` options, the status and
// validators of a page, Retry-After on 429/503, and XML decoded from its declaration.
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { FEED_CONTENT_TYPES } from '../../src/feeds/index.js'
import { FetchError, type FetchOptions, safeFetch } from '../../src/net/safe-fetch.js'
import { fixture, RSS_TYPE, site } from './helpers.js'

const local: Partial<FetchOptions> = { allowPrivate: true }
const feedFetch: Partial<FetchOptions> = { ...local, accept: FEED_CONTENT_TYPES }

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(FetchError)
  return err as FetchError
}

describe('accept', () => {
  it('reads the feed types when asked, in the order of the Accept header, and refuses them by default', async () => {
    const s = await site()
    s.routes.set('/feed', { headers: RSS_TYPE, body: fixture('rss-content.xml') })
    const page = await safeFetch(`${s.origin}/feed`, feedFetch)
    expect(page).toMatchObject({ status: 200, contentType: 'application/rss+xml' })
    expect(page.text).toContain('<title>The Harbour Gazette &#8211; Local</title>')
    expect(s.seen[0]!.headers.accept).toMatch(/^application\/rss\+xml,application\/atom\+xml;q=0\.9,/)
    const refused = await failure(safeFetch(`${s.origin}/feed`, local))
    expect(refused.reason).toBe('content-type')
    expect(refused.message).toMatch(/it is application\/rss\+xml; only HTML and plain text pages can be read$/)
    expect(s.seen[1]!.headers.accept).toBe('text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8')
  })

  it('names what it reads when it refuses another type', async () => {
    const s = await site()
    s.routes.set('/logo', { headers: { 'content-type': 'image/png' }, body: 'png' })
    const err = await failure(safeFetch(`${s.origin}/logo`, { ...local, accept: new Set(['application/atom+xml']) }))
    expect(err.message).toMatch(/it is image\/png; only application\/atom\+xml can be read$/)
  })

  it('decodes an XML feed from the encoding its declaration names, else as UTF-8', async () => {
    const s = await site()
    s.routes.set('/cp1252', { headers: { 'content-type': 'application/rss+xml' }, body: fixture('windows-1252.xml') })
    // A server that says UTF-8 for a file that is not: read as windows-1252, as feed readers do.
    s.routes.set('/liar', { headers: { 'content-type': 'text/xml; charset=utf-8' }, body: fixture('windows-1252.xml') })
    s.routes.set('/utf8', {
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0"?><a>Zürich</a>',
    })
    expect((await safeFetch(`${s.origin}/cp1252`, feedFetch)).text).toContain(
      '“Best café” prize goes to the Rue Verte – again',
    )
    expect((await safeFetch(`${s.origin}/liar`, feedFetch)).text).toContain('costs €2')
    expect((await safeFetch(`${s.origin}/utf8`, feedFetch)).text).toContain('Zürich')
  })
})

describe('conditional', () => {
  const validators = { etag: '"v7"', lastModified: 'Tue, 14 May 2024 07:00:00 GMT' }

  it('sends If-None-Match and If-Modified-Since, and returns a 304 as a page of status 304', async () => {
    const s = await site()
    s.routes.set('/feed', (req) =>
      req.headers['if-none-match'] === '"v7"'
        ? { status: 304, headers: { etag: '"v7"' } }
        : { headers: { ...RSS_TYPE, etag: '"v7"', 'last-modified': validators.lastModified }, body: '<rss/>' },
    )
    const full = await safeFetch(`${s.origin}/feed`, feedFetch)
    expect(full).toMatchObject({ status: 200, headers: validators })
    const same = await safeFetch(`${s.origin}/feed`, { ...feedFetch, conditional: validators })
    expect(same).toEqual({
      url: `${s.origin}/feed`,
      status: 304,
      contentType: '',
      text: '',
      bytes: 0,
      // Validators the 304 leaves out still hold.
      headers: validators,
    })
    expect(s.seen[1]!.headers['if-none-match']).toBe('"v7"')
    expect(s.seen[1]!.headers['if-modified-since']).toBe(validators.lastModified)
    expect(s.seen[0]!.headers['if-none-match']).toBeUndefined()
  })

  it('still refuses a 304 it did not ask for', async () => {
    const s = await site()
    s.routes.set('/odd', { status: 304 })
    const err = await failure(safeFetch(`${s.origin}/odd`, local))
    expect(err).toMatchObject({ reason: 'http-status', status: 304 })
  })
})

describe('Retry-After', () => {
  it('is read on 429 and 503, in seconds or as an HTTP date', async () => {
    const s = await site()
    s.routes.set('/busy', { status: 429, headers: { 'retry-after': '120' } })
    s.routes.set('/down', { status: 503, headers: { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() } })
    s.routes.set('/gone', { status: 500, headers: { 'retry-after': '60' } })
    s.routes.set('/junk', { status: 503, headers: { 'retry-after': 'later' } })
    expect((await failure(safeFetch(`${s.origin}/busy`, local))).retryAfterSeconds).toBe(120)
    const down = (await failure(safeFetch(`${s.origin}/down`, local))).retryAfterSeconds
    expect(down).toBeGreaterThan(3590)
    expect(down).toBeLessThanOrEqual(3600)
    expect((await failure(safeFetch(`${s.origin}/gone`, local))).retryAfterSeconds).toBeUndefined()
    expect((await failure(safeFetch(`${s.origin}/junk`, local))).retryAfterSeconds).toBeUndefined()
  })
})

describe('the new options are checked up front', () => {
  it.each([
    [{ accept: ['text/html'] }, /the option accept must be a non-empty Set/],
    [{ accept: new Set() }, /the option accept must be a non-empty Set/],
    [{ accept: new Set(['html']) }, /the option accept holds "html", which is no media type/],
    [{ conditional: 'abc' }, /the option conditional must be an object/],
    [{ conditional: { etag: 'a\r\nX: y' } }, /conditional must give etag a non-empty string without line breaks/],
    [{ conditional: { since: 'x' } }, /unknown field "since"/],
  ])('refuses %o', async (options, message) => {
    const err = await safeFetch('https://x.example/', options as Partial<FetchOptions>).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toMatch(message)
  })
})
