// The worker of the live data folder: reads files, rebuilds or saves the index, so that the main
// thread keeps answering meanwhile. As a worker thread it takes one request (`workerData`); as a
// child process (the save, run at a low priority) one message. One reply: the result, or the
// error's message.
import { parentPort, workerData } from 'node:worker_threads'
import { serve, type WorkerRequest } from './rebuild.js'

async function answer(request: WorkerRequest, reply: (message: unknown) => void): Promise<void> {
  try {
    reply({ ok: true, result: await serve(request) })
  } catch (err) {
    reply({ ok: false, message: err instanceof Error ? err.message : String(err) })
  }
}

if (parentPort !== null) {
  const port = parentPort
  await answer(workerData as WorkerRequest, (m) => port.postMessage(m))
} else if (process.send !== undefined) {
  process.once('message', (request: WorkerRequest) => {
    void answer(request, (m) => process.send?.(m, () => process.disconnect()))
  })
}
