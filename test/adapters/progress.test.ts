import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { indexingProgress } from '../../adapters/cli/progress.js'
import { recordingLogger } from '../support/logger.js'

function stream(tty: boolean): NodeJS.WriteStream & { text: () => string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string }
  let written = ''
  s.on('data', (d: Buffer) => {
    written += d.toString()
  })
  Object.assign(s, { isTTY: tty, columns: 100, cursorTo: () => true, clearLine: () => true, text: () => written })
  return s
}

describe('indexing progress', () => {
  it('logs a line now and then without a terminal, and the end', () => {
    const logger = recordingLogger()
    const p = indexingProgress(logger, stream(false))
    for (let done = 1000; done <= 20_000; done += 1000) p.onProgress(done, 20_000)
    p.done()
    expect(logger.infos[0]).toBe('Newsdesk: indexing 1000 of 20000 articles')
    expect(logger.infos.at(-1)).toBe('Newsdesk: indexing 20000 of 20000 articles')
    expect(logger.infos.length).toBeLessThan(20)
  })

  it('draws a bar on a terminal, and says nothing for a small corpus', () => {
    const tty = stream(true)
    const logger = recordingLogger()
    const p = indexingProgress(logger, tty)
    p.onProgress(500, 1000)
    expect(tty.text()).toBe('')
    p.onProgress(10_000, 20_000)
    p.onProgress(20_000, 20_000)
    p.done()
    expect(tty.text()).toMatch(/Indexing .*20000\/20000 articles/)
    expect(logger.infos).toEqual([])
  })
})
