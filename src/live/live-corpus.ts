import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { setPriority } from 'node:os'
import { basename, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import chokidar, { type FSWatcher } from 'chokidar'
import { append } from '../append.js'
import { ConfigError } from '../errors.js'
import { copiesOf, fileChange, KnownFiles } from '../ingest/file-changes.js'
import { Newsdesk } from '../newsdesk.js'
import type { Article, Logger } from '../types.js'
import { type PlainOptions, serve, type WorkerReply, type WorkerRequest } from './rebuild.js'

/** How the data folder is kept live. */
export interface LiveOptions {
  logger: Logger
  /** Where the saved index is brought up to date after each change; none when unset. */
  cacheDir?: string
  /** Quiet time after the last change before the changed files are read, in ms (default 300). */
  debounceMs: number
  /** A file must keep its size this long before it is read, in ms (default 250): never half a file. */
  stableMs: number
  /** Quiet time after the last change before the saved index is brought up to date, in ms (default 2000). */
  saveDelayMs: number
  /** How often to look for the data folder once it was removed, to serve it again when it is back. */
  returnPollMs: number
  /**
   * Called after each update with the number of articles served now and the articles indexed by
   * it (new ones, and new versions of changed ones), as the engine serves them.
   */
  onUpdate?: (update: { articles: number; before: number; added: readonly Article[] }) => void
  /** Called when the saved index has been brought up to date (or could not be). */
  onSave?: (saved: boolean) => void
}

export const DEFAULT_LIVE_OPTIONS: Readonly<Omit<LiveOptions, 'logger'>> = Object.freeze({
  debounceMs: 300,
  stableMs: 250,
  saveDelayMs: 2000,
  returnPollMs: 1000,
})

/** A data folder being watched; `close()` stops watching. */
export interface LiveCorpus {
  close(): Promise<void>
  /** Resolves when the watcher is ready to see changes. */
  ready: Promise<void>
  /**
   * Resolves when changes can be applied at once: which file gave which article is known, and
   * the index has room to grow (made in the background at start; a change before waits for it).
   */
  prepared: Promise<void>
}

// Editors and browsers write these while a file is being saved or downloaded.
const TEMPORARY = /(?:^\.|~$|\.sw[a-p]$|\.tmp$|\.part$|\.crdownload$|^#.*#$|\.newsdesk-tmp)/i

// The worker that reads and rebuilds off the main thread; absent when running from TypeScript sources.
const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url))

// Files read per trip to the worker, and articles indexed per turn of the event loop: an update
// never holds the main thread long enough to delay an answer much.
const FILES_PER_READ = 500
const ARTICLES_PER_TURN = 10

type Change = 'change' | 'unlink' | 'unlinkDir'

/**
 * Keeps `engine` serving what `dir` holds: an added, changed or removed file (in any sub-folder)
 * is read off the main thread and its articles added, replaced or discarded in place, a few at a
 * time, so answers never wait long and never see half an article. Files are read only once their
 * size has settled; editor temporary files are ignored. A file that fails to parse is logged and
 * skipped; the rest keeps serving. A removed file's articles stop being cited at once. The saved
 * index is brought up to date in the background: from the earlier save and the changed files.
 */
export function keepLive(
  engine: Newsdesk,
  dir: string,
  options: Partial<LiveOptions> & { logger: Logger },
): LiveCorpus {
  const o: LiveOptions = { ...DEFAULT_LIVE_OPTIONS, ...options }
  for (const name of ['debounceMs', 'stableMs', 'saveDelayMs', 'returnPollMs'] as const) {
    if (!Number.isFinite(o[name]) || o[name] < 0) {
      throw new ConfigError(`Newsdesk: the option ${name} must be a number of milliseconds, 0 or more`)
    }
  }
  const { logger } = o
  const root = resolve(dir)
  const pending = new Map<string, Change>()
  let timer: NodeJS.Timeout | null = null
  let saveTimer: NodeJS.Timeout | null = null
  let running = false
  let saving = false
  let saveAgain = false
  let closed = false
  // Which file gave which article, and room for more: made now, in the background, a slice per
  // turn of the event loop, so that the first change is quick and never holds answers up.
  const started = performance.now()
  let known: Promise<KnownFiles> = KnownFiles.of(engine.articles)
  let room: Promise<void> = makeRoom(engine)
  const prepared = Promise.all([known, room]).then(() =>
    logger.debug(`Newsdesk: ready to apply changes in place after ${Math.round(performance.now() - started)} ms`),
  )
  const { logger: _logger, onProgress: _progress, ...plain } = engine.options
  const plainOptions: PlainOptions = { ...plain, tuning: { ...engine.tuning } }

  const update = async (): Promise<void> => {
    if (running) return
    running = true
    try {
      while (pending.size > 0 && !closed) {
        const changes = new Map(pending)
        pending.clear()
        const before = engine.size
        await room
        const added = await applyChanges(await known, changes)
        if (engine.roomLeft < ROOM_LOW) room = makeRoom(engine)
        if (closed) return
        logger.info(`Newsdesk: the data folder changed; now ${engine.size} articles (was ${before})`)
        if (engine.size === 0) logger.warn(`Newsdesk: the data folder ${root} holds no articles now`)
        o.onUpdate?.({ articles: engine.size, before, added })
        saveSoon()
      }
    } catch (err) {
      logger.warn(
        `Newsdesk: could not read the changed files; still serving the last good index (${(err as Error).message})`,
      )
    } finally {
      running = false
    }
  }

  // Reads the changed files off the main thread and applies them, a few articles per turn.
  const applyChanges = async (files: KnownFiles, changes: Map<string, Change>): Promise<Article[]> => {
    const indexed: Article[] = []
    const gone: string[] = []
    const toRead: string[] = []
    for (const [path, change] of changes) {
      const file = relative(root, path)
      if (change === 'unlinkDir') append(gone, files.under(file))
      else if (change === 'unlink') gone.push(file)
      else toRead.push(path)
    }
    // A copy left out for an article of a changed or removed file may be the one to serve now;
    // files are read in the order a first start reads them, so that the same copy is served.
    const leaving = new Set([...gone, ...toRead.map((path) => relative(root, path))])
    append(
      toRead,
      copiesOf(engine.warnings, leaving).map((file) => join(root, file)),
    )
    toRead.sort()
    if (gone.length > 0) engine.update(fileChange(engine.warnings, files, [], gone, logger))
    for (let i = 0; i < toRead.length && !closed; i += FILES_PER_READ) {
      const reads = await offThread({ kind: 'read', root, paths: toRead.slice(i, i + FILES_PER_READ) })
      if (closed) return indexed
      // A changed file's old articles go in the same step as the first of its new ones come.
      const { add, ...rest } = fileChange(engine.warnings, files, reads, [], logger)
      for (let k = 0; k === 0 || (k < add.length && !closed); k += ARTICLES_PER_TURN) {
        if (k > 0) await new Promise((r) => setImmediate(r))
        const chunk = add.slice(k, k + ARTICLES_PER_TURN)
        const now = engine.update(k === 0 ? { ...rest, add: chunk } : { add: chunk })
        files.record(now)
        append(indexed, now)
      }
    }
    // Discarded articles keep their place until a rebuild: when they outnumber those served.
    if (engine.discarded > Math.max(1000, engine.size)) await compact()
    return indexed
  }

  // Too many articles discarded in place: the folder is indexed again, off the main thread.
  const compact = async (): Promise<void> => {
    const result = await offThread({ kind: 'rebuild', dir: root, options: plainOptions })
    if (closed) return
    engine.adopt(Newsdesk.fromSnapshot(result.snapshot, { ...engine.options, logger: silent }))
    known = KnownFiles.of(engine.articles)
    room = makeRoom(engine)
    logger.info(`Newsdesk: the index was rebuilt to let go of replaced articles; ${engine.size} articles`)
  }

  // The saved index follows the folder once the changes have settled, brought up to date in a
  // child process (from the earlier save and the changed files, or from every file); one at a time.
  const saveSoon = (): void => {
    const { cacheDir } = o
    if (cacheDir === undefined || closed) return
    if (saveTimer !== null) clearTimeout(saveTimer)
    saveTimer = setTimeout(async () => {
      saveTimer = null
      if (saving) {
        saveAgain = true
        return
      }
      saving = true
      let saved = false
      try {
        const { filesRead } = await offProcess({ kind: 'save', dir: root, options: plainOptions, cacheDir })
        saved = true
        const how = filesRead === null ? 'rebuilt from every file' : `${filesRead} changed files read`
        logger.debug(`Newsdesk: the saved index is up to date with ${root} (${how})`)
      } catch (err) {
        if (!closed) logger.warn(`Newsdesk: could not bring the saved index up to date (${(err as Error).message})`)
      } finally {
        saving = false
        if (!closed) o.onSave?.(saved)
        if (saveAgain && !closed) {
          saveAgain = false
          saveSoon()
        }
      }
    }, o.saveDelayMs)
  }

  const changed =
    (change: Change) =>
    (path: string): void => {
      if (TEMPORARY.test(basename(path)) || closed) return
      if (change === 'unlinkDir' && resolve(path) === root) awaitReturn()
      pending.set(path, change)
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        // While an update runs, it takes the changes that come meanwhile too.
        void update()
      }, o.debounceMs)
    }

  // `initial`: the files already there count as added (the folder came back after removal).
  const watch = (initial: boolean): FSWatcher => {
    const w = chokidar.watch(root, {
      ignoreInitial: !initial,
      awaitWriteFinish: { stabilityThreshold: o.stableMs, pollInterval: Math.max(20, Math.floor(o.stableMs / 5)) },
      ignored: (path: string) => path !== root && TEMPORARY.test(basename(path)),
    })
    w.on('add', changed('change'))
      .on('change', changed('change'))
      .on('unlink', changed('unlink'))
      .on('unlinkDir', changed('unlinkDir'))
    w.on('error', (err) => logger.warn(`Newsdesk: watching ${root} failed: ${(err as Error).message}`))
    return w
  }
  let watcher = watch(false)
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()))

  // The data folder itself was removed: a watcher cannot see it come back, so look for it now
  // and then, and serve what it holds when it does.
  let returnTimer: NodeJS.Timeout | null = null
  const awaitReturn = (): void => {
    if (returnTimer !== null) return
    logger.warn(`Newsdesk: the data folder ${root} was removed; its articles will be served again when it is back`)
    const old = watcher
    void old.close()
    returnTimer = setInterval(() => {
      if (closed || !existsSync(root)) return
      if (returnTimer !== null) clearInterval(returnTimer)
      returnTimer = null
      logger.info(`Newsdesk: the data folder ${root} is back`)
      watcher = watch(true)
    }, o.returnPollMs)
  }

  return {
    ready,
    prepared,
    async close() {
      closed = true
      if (timer !== null) clearTimeout(timer)
      if (saveTimer !== null) clearTimeout(saveTimer)
      if (returnTimer !== null) clearInterval(returnTimer)
      await watcher.close()
    },
  }
}

// Room is made again when fewer articles than this would fit.
const ROOM_LOW = 200

/** Runs `engine.prepare` a step per turn of the event loop. */
async function makeRoom(engine: Newsdesk): Promise<void> {
  for (const _ of engine.prepare(Math.max(2000, engine.size / 10))) await new Promise((r) => setImmediate(r))
}

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/**
 * Runs a request in a child process at the lowest CPU priority when the compiled worker is
 * there, inline otherwise: rebuilding a large corpus to save it takes a core for a while, and
 * answers must keep theirs.
 */
function offProcess<R extends WorkerRequest>(request: R): Promise<WorkerReply<R>> {
  if (!existsSync(WORKER)) return serve(request)
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    try {
      if (child.pid !== undefined) setPriority(child.pid, 19)
    } catch {
      // Not allowed here (or not supported): it runs at the normal priority.
    }
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000)
    })
    let settled = false
    child.once('message', (m: { ok: true; result: WorkerReply<R> } | { ok: false; message: string }) => {
      settled = true
      if (m.ok) resolve(m.result)
      else reject(new Error(m.message))
    })
    child.once('error', (err) => {
      settled = true
      reject(err)
    })
    child.once('exit', (code, signal) => {
      if (!settled) reject(new Error(`the save stopped (${signal ?? `exit ${code}`}) ${stderr.trim()}`.trim()))
    })
    child.send(request)
  })
}

/** Runs a request in a worker thread when the compiled worker is there, inline otherwise. */
function offThread<R extends WorkerRequest>(request: R): Promise<WorkerReply<R>> {
  if (!existsSync(WORKER)) return serve(request)
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: request })
    worker.once('message', (m: { ok: true; result: WorkerReply<R> } | { ok: false; message: string }) => {
      if (m.ok) resolve(m.result)
      else reject(new Error(m.message))
      void worker.terminate()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the worker stopped (exit ${code})`))
    })
  })
}
