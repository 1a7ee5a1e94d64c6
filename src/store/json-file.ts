import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * Writes `value` as JSON to `path` atomically: into a temporary file beside it first (named so
 * that the data folder's watcher ignores it), then renamed over the old one, so a crash leaves
 * the old file or the new one, never half of one.
 */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = join(dirname(path), `.newsdesk-tmp-${randomBytes(6).toString('hex')}`)
  try {
    await writeFile(tmp, `${JSON.stringify(value, null, 1)}\n`, { flag: 'wx' })
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

/** The JSON in `path`; `null` when there is no such file; throws when it is not JSON. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  return JSON.parse(text) as unknown
}
