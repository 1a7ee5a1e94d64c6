import { createHash } from 'node:crypto'
import { type FileHandle, open, stat } from 'node:fs/promises'
import { dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { walk } from '../ingest/load.js'

// The engine's own files decide how text is indexed; the evaluation and benchmark tools beside
// them do not, and must not invalidate users' saved indexes.
const ENGINE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const NOT_ENGINE = ['eval', 'bench', 'datasets'].map((d) => `${d}${sep}`)

// Bytes read from each end of a file for its fingerprint: an edit that keeps the size and the
// modification time (`cp -p`, `touch -r`) still changes the inode change time or these bytes.
const SAMPLE = 4096

/**
 * Names the exact state of a data folder (every file's path, size, modification and inode change
 * times, and a hash of its first and last bytes) and of this engine build, so a saved index is
 * reused only for the very same input and code.
 */
export async function corpusFingerprint(dir: string): Promise<string> {
  const root = resolve(dir)
  const hash = createHash('sha1')
  for (const path of (await walk(ENGINE_ROOT)).sort()) {
    const rel = relative(ENGINE_ROOT, path)
    if (NOT_ENGINE.some((d) => rel.startsWith(d))) continue
    const s = await stat(path)
    hash.update(`engine ${rel} ${s.size} ${s.mtimeMs}\n`)
  }
  for (const path of (await walk(root)).sort()) {
    const s = await stat(path)
    hash.update(`${relative(root, path)}\t${s.size}\t${s.mtimeMs}\t${s.ctimeMs}\t${s.ino}\t`)
    hash.update(await ends(path, s.size))
    hash.update('\n')
  }
  return hash.digest('hex')
}

/** The first and last SAMPLE bytes of a file (all of it when it is small); none when it cannot be read. */
async function ends(path: string, size: number): Promise<Buffer> {
  let file: FileHandle | null = null
  try {
    file = await open(path, 'r')
    const head = Buffer.alloc(Math.min(size, SAMPLE))
    await file.read(head, 0, head.length, 0)
    if (size <= 2 * SAMPLE) {
      const rest = Buffer.alloc(size - head.length)
      await file.read(rest, 0, rest.length, head.length)
      return Buffer.concat([head, rest])
    }
    const tail = Buffer.alloc(SAMPLE)
    await file.read(tail, 0, SAMPLE, size - SAMPLE)
    return Buffer.concat([head, tail])
  } catch {
    return Buffer.alloc(0)
  } finally {
    await file?.close()
  }
}
