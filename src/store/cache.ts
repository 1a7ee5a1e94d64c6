import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Logger } from '../types.js'
import { corpusFingerprint } from './fingerprint.js'

/** What the cache needs from an engine: to be saved into a folder. */
export interface Saveable {
  save(dir: string): Promise<void>
}

/**
 * The saved-index slot of a data folder: read the engine saved for the folder's exact state,
 * else build it, save it there, and remove the slots of earlier states. A cache that cannot be
 * read or written is reported and bypassed: the engine is built either way.
 */
export async function cachedEngine<E extends Saveable>(
  dir: string,
  cacheDir: string,
  logger: Logger,
  steps: { restore: (slot: string) => Promise<E | null>; build: () => Promise<E> },
): Promise<E> {
  let slot: string | null = null
  try {
    slot = join(cacheDir, await corpusFingerprint(dir))
    const engine = await steps.restore(slot)
    if (engine !== null) return engine
  } catch (err) {
    logger.warn(`Newsdesk: could not read the saved index in ${cacheDir}; rebuilding (${(err as Error).message})`)
  }
  const engine = await steps.build()
  if (slot !== null) {
    try {
      await engine.save(slot)
      await pruneCache(cacheDir, slot)
    } catch (err) {
      logger.warn(
        `Newsdesk: could not save the index to ${cacheDir} (${(err as Error).message}); it will be rebuilt next time`,
      )
    }
  }
  return engine
}

/**
 * Removes saved indexes of earlier versions of the corpus (only the current one is kept), and the
 * temporary folders of saves that never finished (`<slot>.tmp-<pid>`) whose process is gone.
 */
async function pruneCache(cacheDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(cacheDir)) {
    const unfinished = /^[0-9a-f]{40}\.tmp-(\d+)$/.exec(entry)
    const stale =
      (entry !== basename(keep) && /^[0-9a-f]{40}$/.test(entry)) ||
      (unfinished !== null && !isRunning(Number(unfinished[1])))
    if (stale) await rm(join(cacheDir, entry), { recursive: true, force: true })
  }
}

/** Whether a process is alive (this one is). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Saves an engine rebuilt while running into the slot of `fingerprint` (the folder's state taken
 * before it was read, so a change made meanwhile is never hidden under an older state's name),
 * and removes older slots. Written to a temporary folder first and renamed: a restart never
 * reads half a save. A failure is reported, never thrown: the service goes on.
 */
export async function saveToCache(
  engine: Saveable,
  fingerprint: string,
  cacheDir: string,
  logger: Logger,
): Promise<void> {
  const slot = join(cacheDir, fingerprint)
  try {
    await engine.save(slot)
    await pruneCache(cacheDir, slot)
  } catch (err) {
    logger.warn(`Newsdesk: could not save the index to ${cacheDir} (${(err as Error).message})`)
  }
}

/**
 * Makes sure `cacheDir` is a folder this process can write, creating it if needed; throws an
 * `Error` that says why not. Folders are made one level at a time: Node's recursive `mkdir` never
 * returns under some file systems (`/proc`), which would hang the start.
 */
export async function prepareCacheDir(cacheDir: string): Promise<void> {
  const missing: string[] = []
  let at = cacheDir
  for (;;) {
    const info = await stat(at).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null
      throw new Error(`${at} cannot be read (${err.code ?? err.message})`)
    })
    if (info !== null) {
      if (!info.isDirectory()) throw new Error(`${at} is not a folder`)
      break
    }
    missing.unshift(at)
    if (dirname(at) === at) break
    at = dirname(at)
  }
  for (const dir of missing) {
    await mkdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw new Error(`${dir} cannot be created (${err.code ?? err.message})`)
    })
  }
  const probe = join(cacheDir, `.probe-${process.pid}`)
  try {
    await writeFile(probe, '')
  } catch (err) {
    throw new Error(`${cacheDir} cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  await rm(probe, { force: true })
}

export { corpusFingerprint }
