import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Logger } from '../types.js'
import { corpusFingerprint, type FolderState, folderState } from './fingerprint.js'

/** What the cache needs from an engine: to be saved into a folder. */
export interface Saveable {
  save(dir: string): Promise<void>
}

/**
 * The saved-index slot of a data folder: read the engine saved for the folder's exact state,
 * else bring an earlier state's up to date (or build it), save it there, and remove the slots of
 * earlier states. A cache that cannot be read or written is reported and bypassed: the engine is
 * built either way.
 */
export async function cachedEngine<E extends Saveable>(
  dir: string,
  cacheDir: string,
  logger: Logger,
  steps: {
    restore: (slot: string) => Promise<E | null>
    /** The engine of an earlier save with the files changed since applied; null when it cannot be. */
    update?: (earlier: EarlierSave) => Promise<E | null>
    build: () => Promise<E>
  },
): Promise<E> {
  let slot: string | null = null
  let state: FolderState | null = null
  try {
    state = await folderState(dir)
    slot = join(cacheDir, state.fingerprint)
    const engine = await steps.restore(slot)
    if (engine !== null) return engine
  } catch (err) {
    logger.warn(`Newsdesk: could not read the saved index in ${cacheDir}; rebuilding (${(err as Error).message})`)
  }
  // A folder changed since its last save: that save with the changed files read, else every file.
  const updated = state === null ? null : await fromEarlier(dir, cacheDir, state, logger, steps.update)
  const engine = updated ?? (await steps.build())
  if (slot !== null && state !== null) {
    try {
      await engine.save(slot)
      await recordFolder(slot, state)
      await pruneCache(cacheDir, slot, state)
    } catch (err) {
      logger.warn(
        `Newsdesk: could not save the index to ${cacheDir} (${(err as Error).message}); it will be rebuilt next time`,
      )
    }
  }
  return engine
}

/** An engine from the earlier save nearest to `state`, when there is one and it can be used. */
async function fromEarlier<E>(
  dir: string,
  cacheDir: string,
  state: FolderState,
  logger: Logger,
  update: ((earlier: EarlierSave) => Promise<E | null>) | undefined,
): Promise<E | null> {
  if (update === undefined) return null
  try {
    const earlier = await earlierSave(cacheDir, state)
    const engine = earlier === null ? null : await update(earlier)
    if (earlier !== null && engine !== null) {
      logger.info(
        `Newsdesk: the saved index was of an earlier state of ${dir}; read the ${earlier.changed.length} ` +
          `files changed since (${earlier.removed.length} gone)`,
      )
    }
    return engine
  } catch (err) {
    logger.warn(`Newsdesk: could not start from the earlier saved index; rebuilding (${(err as Error).message})`)
    return null
  }
}

/**
 * Removes the saved indexes of this folder's earlier states (only the current one is kept), those
 * of folders that are gone or of other engine builds, and the temporary folders of saves that
 * never finished (`<slot>.tmp-<pid>`) whose process is gone. Other folders' saves sharing the
 * cache folder are kept.
 */
async function pruneCache(cacheDir: string, keep: string, state: FolderState): Promise<void> {
  for (const entry of await readdir(cacheDir)) {
    const unfinished = /^[0-9a-f]{40}\.tmp-(\d+)$/.exec(entry)
    let stale = unfinished !== null && !isRunning(Number(unfinished[1]))
    if (entry !== basename(keep) && /^[0-9a-f]{40}$/.test(entry)) {
      const record = await readRecord(join(cacheDir, entry))
      stale =
        record === null ||
        record.root === state.root ||
        record.engine !== state.engine ||
        !(await stat(record.root)
          .then((s) => s.isDirectory())
          .catch(() => false))
    }
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
 * Saves an engine brought up to date while running into the slot of `state` (the folder's state
 * taken before it was read, so a change made meanwhile is never hidden under an older state's
 * name), and removes older slots. Written to a temporary folder first and renamed: a restart
 * never reads half a save. A failure is reported, never thrown: the service goes on.
 */
export async function saveToCache(
  engine: Saveable,
  state: FolderState,
  cacheDir: string,
  logger: Logger,
): Promise<void> {
  const slot = join(cacheDir, state.fingerprint)
  try {
    await engine.save(slot)
    await recordFolder(slot, state)
    await pruneCache(cacheDir, slot, state)
  } catch (err) {
    logger.warn(`Newsdesk: could not save the index to ${cacheDir} (${(err as Error).message})`)
  }
}

// Beside a saved index: the state of the folder it was made from, file by file.
const FOLDER_RECORD = 'folder.json'

interface FolderRecord {
  root: string
  engine: string
  files: Array<[string, string]>
}

/** The record of the folder a slot was saved from; null when there is none or it is not one. */
async function readRecord(slot: string): Promise<FolderRecord | null> {
  const record = await readFile(join(slot, FOLDER_RECORD), 'utf8')
    .then((text) => JSON.parse(text) as Partial<FolderRecord> | null)
    .catch(() => null)
  const pair = (entry: unknown): boolean =>
    Array.isArray(entry) && entry.length === 2 && entry.every((part) => typeof part === 'string')
  // A damaged record is no record (a throw here would fail every later save).
  const sound =
    typeof record?.root === 'string' &&
    typeof record.engine === 'string' &&
    Array.isArray(record.files) &&
    record.files.every(pair)
  return sound ? (record as FolderRecord) : null
}

async function recordFolder(slot: string, state: FolderState): Promise<void> {
  const record: FolderRecord = { root: state.root, engine: state.engine, files: [...state.files] }
  const tmp = join(slot, `${FOLDER_RECORD}.tmp`)
  await writeFile(tmp, JSON.stringify(record))
  await rename(tmp, join(slot, FOLDER_RECORD))
}

/** A saved index of an earlier state of the folder, and which files changed since. */
export interface EarlierSave {
  slot: string
  /** Files added or changed since (paths relative to the data folder). */
  changed: string[]
  /** Files gone since. */
  removed: string[]
}

/**
 * The saved index of the same folder that `state` is the fewest file changes away from, made by
 * this engine build; null when there is none (or its record of the folder cannot be read), or
 * when so many files changed that reading every file is about as quick.
 */
export async function earlierSave(cacheDir: string, state: FolderState): Promise<EarlierSave | null> {
  let best: EarlierSave | null = null
  for (const entry of await readdir(cacheDir).catch(() => [])) {
    // The slot of this very state was tried first, and could not be read.
    if (!/^[0-9a-f]{40}$/.test(entry) || entry === state.fingerprint) continue
    const slot = join(cacheDir, entry)
    const record = await readRecord(slot)
    // Of this folder (one cache folder may serve several) and this engine build.
    if (record?.root !== state.root || record.engine !== state.engine) continue
    const before = new Map(record.files)
    const changed = [...state.files].filter(([file, digest]) => before.get(file) !== digest).map(([file]) => file)
    const removed = [...before.keys()].filter((file) => !state.files.has(file))
    if (best === null || changed.length + removed.length < best.changed.length + best.removed.length) {
      best = { slot, changed, removed }
    }
  }
  // Past a quarter of the files changed, reading every file is about as quick.
  const changes = best === null ? 0 : best.changed.length + best.removed.length
  return changes > Math.max(10, MOSTLY_CHANGED * state.files.size) ? null : best
}

const MOSTLY_CHANGED = 0.25

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
