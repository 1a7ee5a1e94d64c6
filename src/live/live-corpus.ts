import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import chokidar, { type FSWatcher } from 'chokidar'
import { ConfigError } from '../errors.js'
import { Newsdesk } from '../newsdesk.js'
import { corpusFingerprint, saveToCache } from '../store/cache.js'
import type { Logger } from '../types.js'
import { type RebuildRequest, type RebuildResult, rebuild } from './rebuild.js'

/** How the data folder is kept live. */
export interface LiveOptions {
  logger: Logger
  /** Where the saved index is brought up to date after each change; none when unset. */
  cacheDir?: string
  /** Quiet time after the last change before the folder is read again, in ms (default 300). */
  debounceMs: number
  /** A file must keep its size this long before it is read, in ms (default 250): never half a file. */
  stableMs: number
  /** Called after each update with the number of articles served now. */
  onUpdate?: (update: { articles: number; before: number }) => void
}

export const DEFAULT_LIVE_OPTIONS: Readonly<Omit<LiveOptions, 'logger'>> = Object.freeze({
  debounceMs: 300,
  stableMs: 250,
})

/** A data folder being watched; `close()` stops watching. */
export interface LiveCorpus {
  close(): Promise<void>
  /** Resolves when the watcher is ready to see changes. */
  ready: Promise<void>
}

// Editors and browsers write these while a file is being saved or downloaded.
const TEMPORARY = /(?:^\.|~$|\.sw[a-p]$|\.tmp$|\.part$|\.crdownload$|^#.*#$|\.newsdesk-tmp)/i

// The worker that rebuilds off the main thread; absent when running from TypeScript sources.
const WORKER = fileURLToPath(new URL('./rebuild-worker.js', import.meta.url))

/**
 * Keeps `engine` serving what `dir` holds: an added, changed or removed file (in any sub-folder)
 * makes the folder be read and indexed again off the main thread, and the engine switch to the
 * new index in one step, so answers never wait and never mix the two. Files are read only once
 * their size has settled; editor temporary files are ignored. A file that fails to parse is
 * logged and skipped; the rest keeps serving. The saved index follows, in the background.
 */
export function keepLive(
  engine: Newsdesk,
  dir: string,
  options: Partial<LiveOptions> & { logger: Logger },
): LiveCorpus {
  const o: LiveOptions = { ...DEFAULT_LIVE_OPTIONS, ...options }
  for (const name of ['debounceMs', 'stableMs'] as const) {
    if (!Number.isFinite(o[name]) || o[name] < 0) {
      throw new ConfigError(`Newsdesk: the option ${name} must be a number of milliseconds, 0 or more`)
    }
  }
  const { logger } = o
  let timer: NodeJS.Timeout | null = null
  let running = false
  let again = false
  let closed = false

  const update = async (): Promise<void> => {
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        const fingerprint = o.cacheDir === undefined ? null : await corpusFingerprint(dir).catch(() => null)
        const before = engine.size
        const { logger: _logger, onProgress: _progress, ...plain } = engine.options
        const result = await rebuildOffThread({ dir, options: { ...plain, tuning: { ...engine.tuning } } })
        if (closed) return
        for (const w of result.warnings) {
          logger.warn(`Newsdesk: ${w.loaded === true ? '' : 'skipped '}${w.file}: ${w.reason}`)
        }
        engine.adopt(Newsdesk.fromSnapshot(result.snapshot, { ...engine.options, logger: silent }))
        logger.info(`Newsdesk: the data folder changed; now ${engine.size} articles (was ${before})`)
        o.onUpdate?.({ articles: engine.size, before })
        if (o.cacheDir !== undefined && fingerprint !== null) await saveToCache(engine, fingerprint, o.cacheDir, logger)
      } while (again && !closed)
    } catch (err) {
      // An empty folder or an unreadable one: keep serving what was there.
      logger.warn(
        `Newsdesk: could not read the data folder again; still serving the last good index (${(err as Error).message})`,
      )
    } finally {
      running = false
    }
  }

  const changed = (path: string): void => {
    if (TEMPORARY.test(basename(path)) || closed) return
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void update()
    }, o.debounceMs)
  }

  const watcher: FSWatcher = chokidar.watch(dir, {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: o.stableMs, pollInterval: Math.max(20, Math.floor(o.stableMs / 5)) },
    ignored: (path: string) => path !== dir && TEMPORARY.test(basename(path)),
  })
  watcher.on('add', changed).on('change', changed).on('unlink', changed).on('unlinkDir', changed)
  watcher.on('error', (err) => logger.warn(`Newsdesk: watching ${dir} failed: ${(err as Error).message}`))
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()))

  return {
    ready,
    async close() {
      closed = true
      if (timer !== null) clearTimeout(timer)
      await watcher.close()
    },
  }
}

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/** Rebuilds in a worker thread when the compiled worker is there, inline otherwise. */
function rebuildOffThread(request: RebuildRequest): Promise<RebuildResult> {
  if (!existsSync(WORKER)) return rebuild(request)
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: request })
    worker.once('message', (m: { ok: true; result: RebuildResult } | { ok: false; message: string }) => {
      if (m.ok) resolve(m.result)
      else reject(new Error(m.message))
      void worker.terminate()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the rebuild stopped (exit ${code})`))
    })
  })
}
