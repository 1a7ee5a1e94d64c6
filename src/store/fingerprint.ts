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

/** A data folder's state as a saved index is named after it, with each file's part of it. */
export interface FolderState {
  /** The folder (an absolute path). */
  root: string
  /** The name of this state (a SHA-1): of the engine build and of every file. */
  fingerprint: string
  /** A digest of the engine build's own files: another build reads text differently. */
  engine: string
  /** A digest of each file's size, times and end bytes, by its path relative to the folder. */
  files: Map<string, string>
}

/**
 * Names the exact state of a data folder (every file's path, size, modification and inode change
 * times, and a hash of its first and last bytes) and of this engine build, so a saved index is
 * reused only for the very same input and code.
 */
export async function corpusFingerprint(dir: string): Promise<string> {
  return (await folderState(dir)).fingerprint
}

/**
 * The fingerprint of a data folder and each file's digest in it: a save can tell which files
 * changed since an earlier one. Taken before the files are read, never after: a file changed
 * meanwhile then makes the name older than what was read, which is only ever a wasted save.
 */
export async function folderState(dir: string): Promise<FolderState> {
  const root = resolve(dir)
  const engine = createHash('sha1')
  for (const path of (await walk(ENGINE_ROOT)).sort()) {
    const rel = relative(ENGINE_ROOT, path)
    if (NOT_ENGINE.some((d) => rel.startsWith(d))) continue
    const s = await stat(path)
    engine.update(`engine ${rel} ${s.size} ${s.mtimeMs}\n`)
  }
  const files = new Map<string, string>()
  // A sub-folder that cannot be read is part of the state (reading the folder skips it), and a
  // file removed while this runs is not: loading the folder would not find it either.
  const unreadable = (folder: string): void => {
    files.set(`${relative(root, folder)}${sep}`, 'unreadable')
  }
  for (const path of (await walk(root, undefined, unreadable)).sort()) {
    const s = await stat(path).catch(() => null)
    if (s === null) continue
    const file = createHash('sha1')
    file.update(`${s.size}\t${s.mtimeMs}\t${s.ctimeMs}\t${s.ino}\t`)
    file.update(await ends(path, s.size))
    files.set(relative(root, path), file.digest('hex'))
  }
  const digest = engine.digest('hex')
  return { root, fingerprint: fingerprintOf(digest, files), engine: digest, files }
}

/** The fingerprint of a folder state made of these digests. */
function fingerprintOf(engine: string, files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha1')
  hash.update(`engine ${engine}\n`)
  for (const [file, digest] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(`${file}\t${digest}\n`)
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
