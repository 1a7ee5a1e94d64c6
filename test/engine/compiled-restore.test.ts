import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Newsdesk as NewsdeskClass } from '../../src/index.js'
import { SEEDS } from './helpers.js'

// From the compiled code (npm test builds it first), a restore has a worker thread check each
// saved file's checksum while the main thread reads it: a file damaged in any byte must still be
// refused, never served.
const compiled = '../../dist/src/index.js'
const { Newsdesk } = (await import(compiled)) as { Newsdesk: typeof NewsdeskClass }

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const built = await Newsdesk.fromDirectory(SEEDS)

async function saved(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-compiled-'))
  dirs.push(dir)
  await built.save(dir)
  return dir
}

describe('a saved index read by the compiled code', () => {
  it('is served as it was saved', async () => {
    const dir = await saved()
    const restored = await Newsdesk.restore(dir)
    const question = 'Who is the U.S. special envoy?'
    expect(built.ask(question).kind).toBe('answer')
    expect(restored?.ask(question)).toEqual(built.ask(question))
  })

  it.each(['meta.jsonl', 'arrays.bin', 'texts.txt'])('is refused when one byte of %s is changed', async (name) => {
    const dir = await saved()
    const path = join(dir, name)
    const bytes = readFileSync(path)
    // The middle byte, changed to another printable one: sizes and JSON stay well-formed.
    const at = Math.floor(bytes.length / 2)
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41
    writeFileSync(path, bytes)
    await expect(Newsdesk.restore(dir)).rejects.toThrow(/damaged/)
  })
})
