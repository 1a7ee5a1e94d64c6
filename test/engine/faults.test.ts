import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { keepLive, type LiveCorpus, Newsdesk } from '../../src/index.js'
import { recordingLogger } from '../support/logger.js'
import { folderWith, tempDir } from '../support/temp-dir.js'

const HARBOUR = '---\ntitle: Harbour news\n---\nThe Velt harbour reopened on Monday after a storm.\n'
const BRIDGE = '---\ntitle: Bridge news\n---\nThe Brill bridge opened on Friday after two years of work.\n'
const MAIN = resolve('dist/adapters/cli/main.js')

// Faults while running: the service keeps serving what it can, says what happened, and never
// answers from something damaged.
describe('faults under a running service', () => {
  let live: LiveCorpus | null = null
  afterEach(async () => {
    await live?.close()
    live = null
  })

  it('serves nothing while its data folder is gone, says so, and serves it again once it is back', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const engine = await Newsdesk.fromDirectory(dir)
    const logger = recordingLogger()
    let next: (() => void) | null = null
    live = keepLive(engine, dir, { logger, debounceMs: 50, stableMs: 50, returnPollMs: 50, onUpdate: () => next?.() })
    await live.ready
    let update = new Promise<void>((r) => (next = r))
    rmSync(dir, { recursive: true })
    await update
    expect(engine.size).toBe(0)
    expect(engine.ask('When did the Velt harbour reopen?').kind).toBe('none')
    expect(logger.warnings.join('\n')).toMatch(/holds no articles now/)
    mkdirSync(dir)
    writeFileSync(join(dir, 'bridge.md'), BRIDGE)
    // Updates come as the watcher reports; the folder's return is one of them.
    for (;;) {
      update = new Promise<void>((r) => (next = r))
      if (engine.size > 0) break
      await update
    }
    expect(engine.ask('When did the Brill bridge open?').excerpts[0].text).toContain('opened on Friday')
  })

  it('keeps answering new articles when its cache folder becomes unusable, and logs the failed save', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const cacheDir = tempDir('newsdesk-cache-')
    const engine = await Newsdesk.fromDirectory(dir, {}, { cacheDir })
    const logger = recordingLogger()
    let next: (() => void) | null = null
    let saved: (ok: boolean) => void = () => {}
    const save = new Promise<boolean>((r) => (saved = r))
    live = keepLive(engine, dir, {
      logger,
      cacheDir,
      debounceMs: 50,
      stableMs: 50,
      saveDelayMs: 50,
      onUpdate: () => next?.(),
      onSave: (ok) => saved(ok),
    })
    await live.ready
    // The cache folder is replaced by a file: nothing can be written there any more.
    rmSync(cacheDir, { recursive: true })
    writeFileSync(cacheDir, 'not a folder')
    const update = new Promise<void>((r) => (next = r))
    writeFileSync(join(dir, 'bridge.md'), BRIDGE)
    await update
    expect(engine.ask('When did the Brill bridge open?').excerpts[0].text).toContain('opened on Friday')
    expect(await save).toBe(false)
    expect(logger.warnings.join('\n')).toMatch(/could not save the index/)
  })

  it('after kill -9 in the middle of a save, the next start answers the same and clears the half save', async () => {
    // Enough articles that the save takes a moment.
    const files: Record<string, string> = {}
    for (let i = 0; i < 1500; i++) {
      files[`a${i}.md`] =
        `---\ntitle: Port report ${i}\n---\nThe port of Kessel ${i} handled ${i * 7} ships in week ${i % 52}. ` +
        `Harbour master Ana Brill${i} said the quay number ${i} would reopen after repairs to crane ${i}.\n`
    }
    files['bridge.md'] = BRIDGE
    const data = folderWith(files)
    const cache = tempDir('newsdesk-cache-')
    const question = 'When did the Brill bridge open?'
    // Killed the moment the save's temporary folder appears.
    let killedMidSave = false
    const watcher = watch(cache, (_event, name) => {
      if (String(name).includes('.tmp-') && child.exitCode === null) {
        killedMidSave = child.kill('SIGKILL')
      }
    })
    const child = spawn(process.execPath, [MAIN, 'ask', question, '--data', data, '--cache', cache], {
      stdio: 'ignore',
    })
    await new Promise((done) => child.once('close', done))
    watcher.close()
    expect(killedMidSave).toBe(true)
    expect(readdirSync(cache).some((e) => e.includes('.tmp-'))).toBe(true)
    const fresh = spawnSync(process.execPath, [MAIN, 'ask', question, '--data', data, '--no-cache', '--json'], {
      encoding: 'utf8',
    })
    const again = spawnSync(process.execPath, [MAIN, 'ask', question, '--data', data, '--cache', cache, '--json'], {
      encoding: 'utf8',
    })
    expect(again.status).toBe(0)
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(fresh.stdout))
    expect(JSON.parse(again.stdout).excerpts[0].text).toContain('opened on Friday')
    expect(readdirSync(cache).filter((e) => e.includes('.tmp-'))).toEqual([])
    // And the save it made is sound: the start after it restores it.
    expect(readdirSync(cache)).toEqual([expect.stringMatching(/^[0-9a-f]{40}$/)])
    const restored = await Newsdesk.fromDirectory(data, { logger: recordingLogger() }, { cacheDir: cache })
    expect(restored.ask(question)).toEqual(JSON.parse(fresh.stdout))
  }, 120_000)
})
