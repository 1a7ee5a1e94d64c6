import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

/** A file's size and SHA-1, as a save's manifest holds them. */
export interface FileHash {
  bytes: number
  sha1: string
}

// Compiled only: under TypeScript sources the caller hashes as it reads.
const WORKER = fileURLToPath(new URL('./hash-worker.js', import.meta.url))

/**
 * Hashes files on a second core while the main thread reads and parses them: checking a saved
 * index of a million articles (5 GB) took 4 s of a restart on the main thread. `null` when the
 * worker cannot run here (the caller then hashes as it reads). `stop` ends it early.
 */
export function hashOffThread(
  paths: readonly string[],
): { result: Promise<Record<string, FileHash | { error: string }>>; stop: () => void } | null {
  if (!existsSync(WORKER)) return null
  let worker: Worker
  try {
    worker = new Worker(WORKER, { workerData: { paths } })
  } catch {
    // No thread to be had (limits): the caller hashes as it reads.
    return null
  }
  const result = new Promise<Record<string, FileHash | { error: string }>>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the checksum worker stopped (exit ${code})`)))
  })
  // Awaited later, or never when the restore fails first: no unhandled rejection either way.
  result.catch(() => {})
  return { result, stop: () => void worker.terminate() }
}
