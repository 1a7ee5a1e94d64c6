import { spawn } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { keepLive, type LiveCorpus, Newsdesk } from '../../src/index.js'
import { recordingLogger } from '../support/logger.js'
import { folderWith, tempDir } from '../support/temp-dir.js'

const HARBOUR = '---\ntitle: Harbour news\n---\nThe Velt harbour reopened on Monday after a storm.\n'
const BRIDGE = '---\ntitle: Bridge news\n---\nThe Brill bridge opened on Friday after two years of work.\n'
const QUESTION = 'When did the Brill bridge open?'

describe('a live data folder', () => {
  let live: LiveCorpus | null = null
  afterEach(async () => {
    await live?.close()
    live = null
  })

  /** Keeps `engine` live over `dir`, and a way to wait for its next update. */
  async function watch(engine: Newsdesk, dir: string, logger = recordingLogger()) {
    let next: (() => void) | null = null
    live = keepLive(engine, dir, {
      logger,
      debounceMs: 50,
      stableMs: 50,
      onUpdate: () => next?.(),
    })
    await live.ready
    return { logger, updated: () => new Promise<void>((r) => (next = r)) }
  }

  it('answers from an added file without a restart, and stops citing a removed one', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const engine = await Newsdesk.fromDirectory(dir)
    const { updated } = await watch(engine, dir)
    expect(engine.ask(QUESTION).kind).toBe('none')

    let update = updated()
    writeFileSync(join(dir, 'bridge.md'), BRIDGE)
    await update
    expect(engine.size).toBe(2)
    expect(engine.ask(QUESTION).excerpts[0].text).toContain('opened on Friday')

    update = updated()
    rmSync(join(dir, 'bridge.md'))
    await update
    expect(engine.size).toBe(1)
    expect(engine.ask(QUESTION).kind).toBe('none')
  })

  it('skips a file that cannot be read, logs it, and keeps serving the rest', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const engine = await Newsdesk.fromDirectory(dir)
    const { updated, logger } = await watch(engine, dir)
    const update = updated()
    writeFileSync(join(dir, 'broken.json'), '{"title": "half a')
    writeFileSync(join(dir, 'bridge.md'), BRIDGE)
    await update
    expect(engine.ask(QUESTION).kind).toBe('answer')
    expect(logger.warnings.join('\n')).toMatch(/skipped broken\.json/)
  })

  it('ignores editor temporary files', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const engine = await Newsdesk.fromDirectory(dir)
    const { updated } = await watch(engine, dir)
    const update = updated()
    writeFileSync(join(dir, '.bridge.md.swp'), BRIDGE)
    writeFileSync(join(dir, 'bridge.md~'), BRIDGE)
    writeFileSync(join(dir, 'bridge.md'), BRIDGE)
    await update
    expect(engine.size).toBe(2)
  })

  it('an edited file replaces its article: the new words are cited, the old ones never', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR, 'bridge.md': BRIDGE })
    const engine = await Newsdesk.fromDirectory(dir)
    const { updated } = await watch(engine, dir)
    expect(engine.ask(QUESTION).excerpts[0].text).toContain('Friday')
    const update = updated()
    writeFileSync(join(dir, 'bridge.md'), BRIDGE.replace('on Friday after two years', 'on Sunday after three years'))
    await update
    expect(engine.size).toBe(2)
    const answer = engine.ask(QUESTION)
    expect(answer.excerpts[0].text).toContain('on Sunday after three years')
    expect(JSON.stringify(engine.source('Brill bridge'))).not.toContain('Friday')
  })

  it('a removed sub-folder takes its articles along; a JSON lines file is read record by record', async () => {
    const lines = [
      JSON.stringify({ title: 'Ferry one', text: 'The Oberau ferry was cancelled on Monday because of fog.' }),
      JSON.stringify({ title: 'Ferry two', text: 'The Oberau ferry resumed on Wednesday with a new captain.' }),
    ].join('\n')
    const dir = folderWith({ 'harbour.md': HARBOUR, 'extra/bridge.md': BRIDGE })
    const engine = await Newsdesk.fromDirectory(dir)
    const { updated } = await watch(engine, dir)
    let update = updated()
    writeFileSync(join(dir, 'ferries.jsonl'), lines)
    await update
    expect(engine.size).toBe(4)
    expect(engine.ask('When did the Oberau ferry resume?').excerpts[0].text).toContain('Wednesday')
    update = updated()
    rmSync(join(dir, 'extra'), { recursive: true })
    await update
    expect(engine.size).toBe(3)
    expect(engine.ask(QUESTION).kind).toBe('none')
  })

  it('a copy of an article already served is reported, not added twice', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const engine = await Newsdesk.fromDirectory(dir)
    const { updated, logger } = await watch(engine, dir)
    const update = updated()
    writeFileSync(join(dir, 'harbour-copy.md'), HARBOUR)
    await update
    expect(engine.size).toBe(1)
    expect(logger.warnings.join('\n')).toMatch(/harbour-copy\.md: same article as harbour\.md/)
    expect(engine.warnings.map((w) => w.file)).toContain('harbour-copy.md')
    // The original goes: the copy is served in its place, as a restart would serve it.
    const removal = updated()
    rmSync(join(dir, 'harbour.md'))
    await removal
    expect(engine.articles.map((a) => a.source)).toEqual(['harbour-copy.md'])
    expect(engine.warnings).toEqual([])
    expect(engine.ask('When did the Velt harbour reopen?').excerpts[0].text).toContain('on Monday')
  })

  it('brings the saved index up to date, so that a restart serves the new article from it', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const cacheDir = tempDir()
    const engine = await Newsdesk.fromDirectory(dir, {}, { cacheDir })
    let saved: (ok: boolean) => void = () => {}
    const save = new Promise<boolean>((r) => (saved = r))
    let next: (() => void) | null = null
    const liveLogger = recordingLogger()
    live = keepLive(engine, dir, {
      logger: liveLogger,
      cacheDir,
      debounceMs: 50,
      stableMs: 50,
      saveDelayMs: 50,
      onUpdate: () => next?.(),
      onSave: (ok) => saved(ok),
    })
    await live.ready
    const update = new Promise<void>((r) => (next = r))
    writeFileSync(join(dir, 'bridge.md'), BRIDGE)
    await update
    expect(await save).toBe(true)
    const logger = recordingLogger()
    const restarted = await Newsdesk.fromDirectory(dir, { logger }, { cacheDir })
    expect(logger.infos.join('\n')).toMatch(/restored 2 articles/)
    expect(restarted.ask(QUESTION).excerpts[0].text).toContain('opened on Friday')
    // From the save made at the start and the one file added, not from every file again.
    expect(liveLogger.lines.join('\n')).toMatch(/saved index is up to date with .* \(1 changed files read\)/)
  })

  it('stops citing every article when the folder is emptied, and says so', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const engine = await Newsdesk.fromDirectory(dir)
    const { updated, logger } = await watch(engine, dir)
    const update = updated()
    rmSync(join(dir, 'harbour.md'))
    await update
    expect(engine.size).toBe(0)
    expect(engine.ask('When did the Velt harbour reopen?').kind).toBe('none')
    expect(engine.source('').articles).toEqual([])
    expect(logger.warnings.join('\n')).toMatch(/holds no articles now/)
  })
})

describe('newsdesk batch --watch', () => {
  it('answers from an article written while the pipe is open', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const child = spawn(
      process.execPath,
      [resolve('dist/adapters/cli/main.js'), 'batch', '--watch', '--data', dir, '--no-cache'],
      { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'debug' } },
    )
    const lines: string[] = []
    let onLine: (() => void) | null = null
    let buffer = ''
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString()
      const parts = buffer.split('\n')
      buffer = parts.pop() ?? ''
      lines.push(...parts)
      onLine?.()
    })
    let stderr = ''
    let onChange: (() => void) | null = null
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      if (/the data folder changed/.test(stderr)) onChange?.()
    })
    const ask = (): Promise<Record<string, unknown>> =>
      new Promise((r) => {
        const n = lines.length
        onLine = () => {
          if (lines.length > n) r(JSON.parse(lines[n]))
        }
        child.stdin.write(`${JSON.stringify({ command: 'ask', text: QUESTION })}\n`)
      })
    expect((await ask()).answered).toBe(false)
    const changed = new Promise<void>((r) => (onChange = r))
    writeFileSync(join(dir, 'bridge.md'), BRIDGE)
    await changed
    expect((await ask()).answered).toBe(true)
    child.stdin.end()
    await new Promise((r) => child.once('exit', r))
  }, 30_000)
})
