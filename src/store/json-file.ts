import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { writeAtomically } from './article-file.js'

/** Writes `value` as JSON to `path` atomically (see `writeAtomically`), making its folder if need be. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeAtomically(path, `${JSON.stringify(value, null, 1)}\n`)
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
