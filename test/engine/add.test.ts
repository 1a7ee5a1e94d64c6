import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addArticle, FetchError, loadArticles } from '../../src/index.js'
import { folderWith, tempDir } from '../support/temp-dir.js'

const PAGE = `<!doctype html><html><head><title>Kessel harbour reopens | Coast Gazette</title>
<meta property="og:site_name" content="Coast Gazette">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Kessel harbour reopens",
"datePublished":"2025-03-04","author":{"name":"Ann Lee"},"publisher":{"name":"Coast Gazette"}}</script>
</head><body><nav>Home | News | Sport</nav><article><h1>Kessel harbour reopens</h1>
<p>The Kessel harbour reopened on Monday after repairs costing 4 million crowns.</p>
<p>Ferries to the islands will run twice a day from next week, the port authority said.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>`

describe('adding an article by link or file', () => {
  let server: Server
  let base = ''
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/kessel') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(PAGE)
      } else if (req.url === '/photo') {
        res.writeHead(200, { 'content-type': 'image/jpeg' })
        res.end(Buffer.alloc(100))
      } else {
        res.writeHead(404)
        res.end()
      }
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((r) => server.close(r))
  })

  it('fetches a page, writes it under a name made from its title, and reports the same page twice', async () => {
    const dir = tempDir()
    const first = await addArticle(`${base}/kessel`, { dataDir: dir, existing: [], fetch: { allowPrivate: true } })
    expect(first.kind).toBe('added')
    if (first.kind !== 'added') return
    expect(first.file).toBe('kessel-harbour-reopens.md')
    expect(first.article).toMatchObject({
      title: 'Kessel harbour reopens',
      outlet: 'Coast Gazette',
      published: '2025-03-04',
    })
    const { articles } = await loadArticles(dir)
    expect(articles.map((a) => a.title)).toEqual(['Kessel harbour reopens'])
    expect(articles[0].text).not.toMatch(/Subscribe|Home \| News/)
    const again = await addArticle(`${base}/kessel`, {
      dataDir: dir,
      existing: articles,
      fetch: { allowPrivate: true },
    })
    expect(again.kind).toBe('duplicate')
    expect(readdirSync(dir)).toEqual(['kessel-harbour-reopens.md'])
  })

  it('refuses a private address unless allowed, and a page that is not HTML or text', async () => {
    const dir = tempDir()
    await expect(addArticle(`${base}/kessel`, { dataDir: dir, existing: [] })).rejects.toThrow(FetchError)
    await expect(
      addArticle(`${base}/photo`, { dataDir: dir, existing: [], fetch: { allowPrivate: true } }),
    ).rejects.toThrow(/content type|image/i)
    expect(readdirSync(dir)).toEqual([])
  })

  it('never lets a title choose where the file goes', async () => {
    const source = folderWith({ 'page.md': '---\ntitle: ../../etc/passwd\n---\nThe Kessel ferry sailed on time.\n' })
    const dir = tempDir()
    const r = await addArticle(join(source, 'page.md'), { dataDir: dir, existing: [] })
    expect(r.kind).toBe('added')
    if (r.kind === 'added') expect(r.file).toBe('etc-passwd.md')
    expect(existsSync(join(dir, 'etc-passwd.md'))).toBe(true)
  })

  it('newsdesk add prints what it understood, and a clear reason for what it could not add', () => {
    const dir = folderWith({ 'harbour.md': '---\ntitle: Harbour\n---\nThe Velt harbour reopened on Monday.\n' })
    const page = join(tempDir(), 'kessel.html')
    writeFileSync(page, PAGE)
    const cli = resolve('dist/adapters/cli/main.js')
    const r = spawnSync(process.execPath, [cli, 'add', page, join(dir, 'missing.html'), '--data', dir, '--no-cache'], {
      encoding: 'utf8',
    })
    expect(r.stdout).toMatch(
      new RegExp(
        String.raw`Added .*kessel-harbour-reopens\.md: "Kessel harbour reopens" — Coast Gazette, ` + '2025-03-04',
      ),
    )
    expect(r.stderr).toMatch(/missing\.html is not a file/)
    expect(r.status).toBe(1)
    expect(readFileSync(join(dir, 'kessel-harbour-reopens.md'), 'utf8')).toMatch(
      /^---\ntitle: Kessel harbour reopens\n/,
    )
  })
})
