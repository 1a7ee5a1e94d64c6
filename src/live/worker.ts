// The worker thread of the live data folder: reads files, rebuilds or saves the index, so that
// the main thread keeps answering meanwhile. One request (`workerData`), one reply: the result,
// or the error's message.
import { parentPort, workerData } from 'node:worker_threads'
import { serve, type WorkerRequest } from './rebuild.js'

try {
  parentPort?.postMessage({ ok: true, result: await serve(workerData as WorkerRequest) })
} catch (err) {
  parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) })
}
