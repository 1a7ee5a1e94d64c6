// The worker thread that rebuilds the index of a changed data folder, so that the main thread
// keeps answering meanwhile. One request, one reply (a snapshot, or the error's message).
import { parentPort, workerData } from 'node:worker_threads'
import { type RebuildRequest, rebuild } from './rebuild.js'

try {
  const result = await rebuild(workerData as RebuildRequest)
  parentPort?.postMessage({ ok: true, result })
} catch (err) {
  parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) })
}
