import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Newsdesk } from '../../src/index.js'
import { serve } from '../../src/live/rebuild.js'
import { recordingLogger } from '../support/logger.js'
import { folderWith, tempDir } from '../support/temp-dir.js'

const md = (title: string, body: string): string => `---\ntitle: ${title}\n---\n${body}\n`
const HARBOUR = md('Harbour news', 'The Velt harbour reopened on Monday after a storm.')
const BRIDGE = md('Bridge news', 'The Brill bridge opened on Friday after two years of work.')
const TUNNEL = md('Tunnel news', 'The Orm tunnel was closed on Sunday for repairs to its lights.')
const FERRY = md('Ferry news', 'The Sund ferry sails at dawn again, its owners said on Tuesday.')

/** What a corpus serves, in a form two engines can be compared by. */
function served(engine: Newsdesk) {
  const articles = engine.articles.map((a) => `${a.source} ${a.id} ${a.title} ${a.text}`).sort()
  const warnings = engine.warnings.map((w) => `${w.file}: ${w.reason}`).sort()
  return { articles, warnings }
}

describe('the saved index of a changed folder', () => {
  it('is brought up to date from the earlier save and the changed files, as a first start reads them', async () => {
    const dir = folderWith({
      'harbour.md': HARBOUR,
      'bridge.md': BRIDGE,
      'more/ferry.md': FERRY,
      'wire.jsonl': `${JSON.stringify({ title: 'Wire one', text: 'Grain prices rose in the port of Velt.' })}\n`,
    })
    const cacheDir = tempDir()
    const options = { minCoverage: 0.3 }
    await Newsdesk.fromDirectory(dir, options, { cacheDir })

    // Edited, removed, added, a copy of an article served, a file that is not an article.
    writeFileSync(join(dir, 'harbour.md'), HARBOUR.replace('on Monday', 'on Tuesday'))
    rmSync(join(dir, 'bridge.md'))
    writeFileSync(join(dir, 'tunnel.md'), TUNNEL)
    writeFileSync(join(dir, 'more', 'ferry2.md'), FERRY)
    writeFileSync(join(dir, 'broken.json'), '{ "title": ')
    const reply = await serve({ kind: 'save', dir, options, cacheDir })
    expect(reply.filesRead).toBe(4)

    const logger = recordingLogger()
    const restarted = await Newsdesk.fromDirectory(dir, { ...options, logger }, { cacheDir })
    expect(logger.infos.join('\n')).toMatch(/restored 4 articles/)
    expect(restarted.ask('When did the Velt harbour reopen?').excerpts[0].text).toContain('on Tuesday')
    expect(restarted.ask('When was the Orm tunnel closed?').excerpts[0].text).toContain('on Sunday')
    expect(restarted.ask('When did the Brill bridge open?').answered).toBe(false)
    // The same articles and the same skipped files as reading the folder afresh.
    expect(served(restarted)).toEqual(served(await Newsdesk.fromDirectory(dir, options)))
    expect(served(restarted).warnings.join('\n')).toMatch(/ferry2\.md: same article as more\/ferry\.md/)
    // The original goes: its copy is served, as reading the folder afresh serves it.
    rmSync(join(dir, 'more', 'ferry.md'))
    expect((await serve({ kind: 'save', dir, options, cacheDir })).filesRead).toBe(0)
    const again = await Newsdesk.fromDirectory(dir, options, { cacheDir })
    expect(again.articles.map((a) => a.source)).toContain('more/ferry2.md')
    expect(served(again)).toEqual(served(await Newsdesk.fromDirectory(dir, options)))
    // Only the latest save is kept.
    expect(readdirSync(cacheDir).filter((e) => /^[0-9a-f]{40}$/.test(e))).toHaveLength(1)
  })

  it('reads every file when there is no earlier save to start from, and none when nothing changed', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const cacheDir = tempDir()
    expect((await serve({ kind: 'save', dir, options: {}, cacheDir })).filesRead).toBe(null)
    expect((await serve({ kind: 'save', dir, options: {}, cacheDir })).filesRead).toBe(0)
    writeFileSync(join(dir, 'bridge.md'), BRIDGE)
    expect((await serve({ kind: 'save', dir, options: {}, cacheDir })).filesRead).toBe(1)
    const restarted = await Newsdesk.fromDirectory(dir, {}, { cacheDir })
    expect(restarted.ask('When did the Brill bridge open?').excerpts[0].text).toContain('on Friday')
  })

  it('reads every file when the earlier save is damaged, and saves a sound one', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const cacheDir = tempDir()
    await Newsdesk.fromDirectory(dir, {}, { cacheDir })
    const [slot] = readdirSync(cacheDir)
    writeFileSync(join(cacheDir, slot, 'texts.txt'), 'not the texts')
    // Its record of the folder damaged too: entries that are not [file, digest] pairs.
    const record = JSON.parse(readFileSync(join(cacheDir, slot, 'folder.json'), 'utf8'))
    writeFileSync(join(cacheDir, slot, 'folder.json'), JSON.stringify({ ...record, files: [1, 2] }))
    writeFileSync(join(dir, 'bridge.md'), BRIDGE)
    expect((await serve({ kind: 'save', dir, options: {}, cacheDir })).filesRead).toBe(null)
    const logger = recordingLogger()
    const restarted = await Newsdesk.fromDirectory(dir, { logger }, { cacheDir })
    expect(logger.infos.join('\n')).toMatch(/restored 2 articles/)
    expect(restarted.ask('When did the Velt harbour reopen?').excerpts[0].text).toContain('on Monday')
  })
})

describe('a start after the folder changed while the service was down', () => {
  it('reads every file again when most of the articles are in the changed ones', async () => {
    // One JSON lines file of 1,200 articles, appended to: reading it is all the work either way.
    const line = (i: number) => JSON.stringify({ id: `n${i}`, title: `Note ${i}`, text: `Depot ${i} opened.` })
    const dir = folderWith({ 'news.jsonl': Array.from({ length: 1200 }, (_, i) => line(i)).join('\n') })
    const cacheDir = tempDir()
    await Newsdesk.fromDirectory(dir, {}, { cacheDir })
    writeFileSync(join(dir, 'news.jsonl'), `\n${line(1200)}`, { flag: 'a' })
    const logger = recordingLogger()
    const engine = await Newsdesk.fromDirectory(dir, { logger }, { cacheDir })
    expect(logger.infos.join('\n')).toMatch(/indexed 1201 articles/)
    expect(logger.infos.join('\n')).not.toMatch(/earlier state/)
    expect(engine.discarded).toBe(0)
  })

  it('reads only the changed files into the saved index, and still says so when no article is left', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR, 'bridge.md': BRIDGE })
    const cacheDir = tempDir()
    await Newsdesk.fromDirectory(dir, {}, { cacheDir })
    writeFileSync(join(dir, 'tunnel.md'), TUNNEL)
    const logger = recordingLogger()
    const engine = await Newsdesk.fromDirectory(dir, { logger }, { cacheDir })
    expect(logger.infos.join('\n')).toMatch(/read the 1 files changed since \(0 gone\)/)
    expect(engine.ask('When was the Orm tunnel closed?').excerpts[0].text).toContain('on Sunday')
    for (const file of ['harbour.md', 'bridge.md', 'tunnel.md']) rmSync(join(dir, file))
    await expect(Newsdesk.fromDirectory(dir, {}, { cacheDir })).rejects.toThrow(/the folder has no files/)
  })
})

describe('one cache folder for two data folders', () => {
  it('never starts one folder from the other one’s save', async () => {
    const first = folderWith({ 'harbour.md': HARBOUR })
    const second = folderWith({ 'bridge.md': BRIDGE })
    const cacheDir = tempDir()
    await Newsdesk.fromDirectory(first, {}, { cacheDir })
    const logger = recordingLogger()
    const engine = await Newsdesk.fromDirectory(second, { logger }, { cacheDir })
    expect(logger.infos.join('\n')).not.toMatch(/earlier state/)
    expect(logger.infos.join('\n')).toMatch(/indexed 1 article/)
    expect(engine.articles.map((a) => a.source)).toEqual(['bridge.md'])
    // Each keeps its own save: the first folder starts warm again.
    const again = recordingLogger()
    await Newsdesk.fromDirectory(first, { logger: again }, { cacheDir })
    expect(again.infos.join('\n')).toMatch(/restored 1 article/)
  })
})
