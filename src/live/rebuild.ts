import { type LoadWarning, loadArticles } from '../ingest/load.js'
import { Newsdesk, type NewsdeskOptions } from '../newsdesk.js'
import type { EngineSnapshot } from '../store/snapshot.js'
import type { Logger } from '../types.js'

/** What a rebuild needs that can cross to a worker thread (no logger, no callbacks). */
export interface RebuildRequest {
  dir: string
  options: Omit<Partial<NewsdeskOptions>, 'logger' | 'onProgress'>
}

/** A rebuilt corpus, ready for `Newsdesk.fromSnapshot`, with what the load skipped. */
export interface RebuildResult {
  snapshot: EngineSnapshot
  warnings: LoadWarning[]
}

/**
 * Reads the data folder again and indexes it from scratch. Runs in a worker thread when the
 * service has one (so answers go on meanwhile), inline otherwise.
 */
export async function rebuild(request: RebuildRequest, logger?: Logger): Promise<RebuildResult> {
  const loaded = await loadArticles(request.dir, logger)
  const engine = Newsdesk.build(loaded.articles, request.options, loaded.warnings)
  return { snapshot: engine.snapshot(), warnings: loaded.warnings }
}
