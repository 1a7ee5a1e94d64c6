import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type FileRead, type LoadWarning, loadArticles, readArticleFile } from '../ingest/load.js'
import { Newsdesk, type NewsdeskOptions } from '../newsdesk.js'
import { earlierSave, saveToCache } from '../store/cache.js'
import { folderState } from '../store/fingerprint.js'
import type { EngineSnapshot } from '../store/snapshot.js'
import type { Logger } from '../types.js'

/** What the worker thread is asked: everything crosses threads as data (no logger, no callbacks). */
export type WorkerRequest =
  | { kind: 'rebuild'; dir: string; options: PlainOptions }
  | { kind: 'save'; dir: string; options: PlainOptions; cacheDir: string }
  | { kind: 'read'; root: string; paths: string[] }

export type PlainOptions = Omit<Partial<NewsdeskOptions>, 'logger' | 'onProgress'>

/** A rebuilt corpus, ready for `Newsdesk.fromSnapshot`, with what the load skipped. */
export interface RebuildResult {
  snapshot: EngineSnapshot
  warnings: LoadWarning[]
}

/** The answer to each kind of request. */
export type WorkerReply<R extends WorkerRequest> = R extends { kind: 'rebuild' }
  ? RebuildResult
  : R extends { kind: 'read' }
    ? FileRead[]
    : SaveReply

/** A save done: how many changed files it read (`null`: it read every file, as a first start does). */
export interface SaveReply {
  saved: true
  filesRead: number | null
}

/**
 * Does what the worker thread is asked: read the data folder again and index it from scratch
 * (`rebuild`, for a change too large to apply in place), bring the saved index up to date
 * (`save`: the earlier save with the files changed since applied, else every file), or read some
 * files (`read`). Runs off the main thread when the service has a compiled worker, so that answers
 * go on meanwhile, inline otherwise.
 */
export async function serve<R extends WorkerRequest>(request: R, logger?: Logger): Promise<WorkerReply<R>> {
  switch (request.kind) {
    case 'read': {
      const reads: FileRead[] = []
      for (const path of request.paths) reads.push(await readArticleFile(request.root, path, logger))
      return reads as WorkerReply<R>
    }
    case 'rebuild': {
      const loaded = await loadArticles(request.dir, logger)
      const engine = await Newsdesk.buildAsync(loaded.articles, request.options, loaded.warnings)
      return { snapshot: engine.snapshot(), warnings: loaded.warnings } as WorkerReply<R>
    }
    case 'save': {
      // The folder's state before anything is read: what is saved is never older than its name.
      const state = await folderState(request.dir)
      if (existsSync(join(request.cacheDir, state.fingerprint))) return { saved: true, filesRead: 0 } as WorkerReply<R>
      const earlier = await earlierSave(request.cacheDir, state)
      // An earlier save that cannot be read (damaged, say) is passed over: every file is read.
      const updated =
        earlier === null
          ? null
          : await Newsdesk.fromEarlierSave(request.dir, earlier, request.options).catch(() => null)
      let engine = updated
      if (engine === null) {
        const loaded = await loadArticles(request.dir, logger)
        engine = await Newsdesk.buildAsync(loaded.articles, request.options, loaded.warnings)
      }
      const failed: string[] = []
      const collect = (m: string): void => {
        failed.push(m)
      }
      const quiet = { debug: () => {}, info: () => {}, warn: collect, error: collect }
      await saveToCache(engine, state, request.cacheDir, quiet)
      if (failed.length > 0) throw new Error(failed.join('; '))
      const filesRead = updated === null ? null : (earlier?.changed.length ?? null)
      return { saved: true, filesRead } as WorkerReply<R>
    }
  }
}
