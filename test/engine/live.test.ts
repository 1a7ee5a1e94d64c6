import { spawn } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { keepLive, type LiveCorpus, Newsdesk } from '../../src/index.js'
import { recordingLogger } from '../support/logger.js'
import { folderWith } from '../support/temp-dir.js'

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

  it('keeps the last good index when the folder is emptied', async () => {
    const dir = folderWith({ 'harbour.md': HARBOUR })
    const engine = await Newsdesk.fromDirectory(dir)
    const logger = recordingLogger()
    await watch(engine, dir, logger)
    const warned = new Promise<void>((r) => {
      const warn = logger.warn
      logger.warn = (m: string, ...a: unknown[]) => {
        warn(m, ...a)
        if (/still serving the last good index/.test(m)) r()
      }
    })
    rmSync(join(dir, 'harbour.md'))
    await warned
    expect(engine.size).toBe(1)
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
