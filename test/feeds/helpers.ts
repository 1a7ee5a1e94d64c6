// Shared by the feed tests: a local HTTP server whose answers a test changes as it goes, and
// builders for invented feeds and article pages. Every server listens on 127.0.0.1 only.
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'

export const FIXTURES = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url))

/** A fixture's bytes (`fixture('rss-content.xml')`). */
export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name))
}

/** An answer: status, headers, body (a string, bytes, or a function writing the response itself). */
export interface Reply {
  status?: number
  headers?: http.OutgoingHttpHeaders
  body?: string | Buffer
  /** Writes the response itself (streams, slow answers). */
  write?: (res: http.ServerResponse) => void
}

export interface Seen {
  path: string
  headers: http.IncomingHttpHeaders
}

/** A local site: `routes` maps a path (with its query, else without) to its answer, fixed or per request. */
export interface Site {
  origin: string
  routes: Map<string, Reply | ((req: http.IncomingMessage) => Reply)>
  /** Every request received, in order. */
  seen: Seen[]
  /** The requests to one path. */
  hits(path: string): Seen[]
}

const servers: http.Server[] = []

// Each test's servers are closed after it, open connections (a body that never ends) first.
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

export async function site(): Promise<Site> {
  const routes: Site['routes'] = new Map()
  const seen: Seen[] = []
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/'
    seen.push({ path, headers: req.headers })
    const route = routes.get(path) ?? routes.get(path.replace(/\?.*$/, ''))
    const reply: Reply =
      route === undefined
        ? { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not here' }
        : typeof route === 'function'
          ? route(req)
          : route
    if (reply.write) {
      reply.write(res)
      return
    }
    res.writeHead(reply.status ?? 200, reply.headers ?? {})
    res.end(reply.body)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    routes,
    seen,
    hits: (path) => seen.filter((s) => s.path === path),
  }
}

export const RSS_TYPE = { 'content-type': 'application/rss+xml; charset=utf-8' }
export const HTML_TYPE = { 'content-type': 'text/html; charset=utf-8' }

/** An invented feed item. */
export interface TestItem {
  guid?: string
  link?: string
  title: string
  /** A date, written as RFC 822 in the feed. */
  date?: Date
  content?: string
  description?: string
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** An RSS 2.0 feed of these items, in this order. */
export function rss(title: string, items: TestItem[]): string {
  const body = items
    .map((i) =>
      [
        '<item>',
        `<title>${esc(i.title)}</title>`,
        i.link === undefined ? '' : `<link>${esc(i.link)}</link>`,
        i.guid === undefined ? '' : `<guid isPermaLink="false">${esc(i.guid)}</guid>`,
        i.date === undefined ? '' : `<pubDate>${i.date.toUTCString()}</pubDate>`,
        i.description === undefined ? '' : `<description>${esc(i.description)}</description>`,
        i.content === undefined ? '' : `<content:encoded><![CDATA[${i.content}]]></content:encoded>`,
        '</item>',
      ].join(''),
    )
    .join('\n')
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n' +
    `<channel><title>${esc(title)}</title><link>https://invented.example/</link>` +
    `<description>Invented</description>\n${body}\n</channel></rss>\n`
  )
}

/** An article page with its own title and outlet (Open Graph), and no date. */
export function articlePage(title: string, outlet: string, paragraphs: string[]): string {
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8">' +
    `<title>${esc(title)} | ${esc(outlet)}</title>` +
    `<meta property="og:site_name" content="${esc(outlet)}">` +
    `<meta property="og:title" content="${esc(title)}">` +
    '<meta property="og:type" content="article">' +
    `</head><body><nav><a href="/">Home</a></nav><article><h1>${esc(title)}</h1>` +
    paragraphs.map((p) => `<p>${esc(p)}</p>`).join('') +
    '</article></body></html>'
  )
}

/** An invented paragraph about a numbered story. */
export function storyText(n: number, extra = ''): string[] {
  return [
    `The harbour board met on day ${n} and agreed a new timetable for the island ferry.${extra}`,
    `Board member Elin Rosser said the change for story ${n} had been asked for by commuters.`,
  ]
}
