// The worker thread of `extractInParallel`: finds the quotations of the batches of articles it is
// sent (their paragraphs as UTF-16 bytes, with their lengths) and sends them back, counting the
// articles it has done in the shared counter so the main thread can keep it fed.
import { parentPort, workerData } from 'node:worker_threads'
import type { Article } from '../types.js'
import { extractQuotations } from './extract.js'
import type { ExtractBatch, ExtractResult } from './parallel-extract.js'

const done = new Int32Array(workerData.progress as SharedArrayBuffer)

parentPort?.on('message', (batch: ExtractBatch | null) => {
  if (batch === null) {
    parentPort?.close()
    return
  }
  const text = Buffer.from(batch.bytes).toString('utf16le')
  const quotes: ExtractResult['quotes'] = []
  let at = 0
  let p = 0
  for (const count of batch.paragraphCounts) {
    const paragraphs: string[] = []
    for (let k = 0; k < count; k++) {
      paragraphs.push(text.slice(at, at + batch.paragraphLengths[p]))
      at += batch.paragraphLengths[p++]
    }
    // Only the paragraphs are read by the extraction.
    quotes.push(extractQuotations({ paragraphs } as Article))
  }
  parentPort?.postMessage({ first: batch.first, quotes } satisfies ExtractResult)
  Atomics.add(done, 0, batch.paragraphCounts.length)
})
