import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { walk } from '../ingest/load.js'

// The engine's own files decide how text is indexed; the evaluation and benchmark tools beside
// them do not, and must not invalidate users' saved indexes.
const ENGINE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const NOT_ENGINE = ['eval', 'bench', 'datasets'].map((d) => `${d}${sep}`)

/**
 * Names the exact state of a data folder (every file's path, size and modification time) and of
 * this engine build, so a saved index is reused only for the very same input and code.
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
    hash.update(`${relative(root, path)}\t${s.size}\t${s.mtimeMs}\n`)
  }
  return hash.digest('hex')
}
