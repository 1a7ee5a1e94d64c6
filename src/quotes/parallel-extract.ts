import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Article } from '../types.js'
import { extractQuotations, type RawQuotation } from './extract.js'

/** One batch of articles for the worker: their paragraphs and their lengths. */
export interface ExtractBatch {
  /** Number of the batch's first article. */
  first: number
  /** The articles' paragraphs, one after the other, as UTF-16 (exact for any string). */
  bytes: ArrayBuffer
  paragraphCounts: Int32Array
  paragraphLengths: Int32Array
}

/** The worker's answer for one batch: each article's quotations. */
export interface ExtractResult {
  first: number
  quotes: RawQuotation[][]
}

// Compiled only: under TypeScript sources (the tests' own imports) everything runs on the main thread.
const WORKER = fileURLToPath(new URL('./extract-worker.js', import.meta.url))
const BATCH = 2000
// Articles sent to the worker and not yet done, at most: memory in flight stays a few batches.
const IN_FLIGHT = 4 * BATCH

/**
 * Quotation extraction on a second core while the main thread indexes. Extraction takes as long
 * as indexing (a million articles: about six minutes each), so a first start takes about half
 * as long. The worker is fed a few batches ahead (`pump`, called while indexing, checks a shared
 * counter: no message can be read while the main thread is busy); once indexing is done the
 * main thread extracts the batches not yet sent itself, and `finish` gathers the rest.
 */
export class ParallelExtraction {
  private readonly worker: Worker | null
  private readonly done: Int32Array
  private readonly results: Array<RawQuotation[][] | undefined>
  private readonly replies = new Map<number, RawQuotation[][]>()
  private next = 0
  private sent = 0
  private failed = false
  private finished: Promise<void>

  /** Starts a worker for `articles` when the compiled worker is there and they are at least `minArticles`. */
  constructor(
    private readonly articles: readonly Article[],
    minArticles = 20_000,
  ) {
    const progress = new SharedArrayBuffer(4)
    this.done = new Int32Array(progress)
    this.results = new Array(Math.ceil(articles.length / BATCH))
    this.worker = articles.length >= minArticles && existsSync(WORKER) ? startWorker(progress) : null
    this.finished = Promise.resolve()
    const worker = this.worker
    if (worker === null) return
    this.finished = new Promise<void>((resolve) => {
      worker.on('message', (m: ExtractResult) => {
        this.replies.set(m.first, m.quotes)
      })
      // A worker that fails leaves its batches to the main thread (see `finish`).
      worker.once('error', () => {
        this.failed = true
      })
      worker.once('exit', () => resolve())
    })
  }

  /** Articles whose quotations are found so far (the worker's and the main thread's). */
  get progress(): number {
    return Atomics.load(this.done, 0) + this.ownDone
  }

  private ownDone = 0

  /** Stops the worker, its work unfinished (when indexing failed). */
  stop(): void {
    void this.worker?.terminate()
  }

  /** Sends the worker more batches while it has few in hand; cheap enough to call often. */
  pump(): void {
    if (this.worker === null || this.failed) return
    while (this.next < this.articles.length && this.sent - Atomics.load(this.done, 0) < IN_FLIGHT) {
      const first = this.next
      const batch = this.articles.slice(first, first + BATCH)
      this.next += batch.length
      this.sent += batch.length
      const message = encode(first, batch)
      this.worker.postMessage(message, [message.bytes])
    }
  }

  /**
   * Every article's quotations, in order: the main thread extracts what was never sent (calling
   * `onBatch` after each batch), then waits for the worker's.
   */
  async finish(onBatch?: () => void): Promise<RawQuotation[][]> {
    while (this.next < this.articles.length) {
      this.pump()
      if (this.next >= this.articles.length) break
      const first = this.next
      const batch = this.articles.slice(first, first + BATCH)
      this.next += batch.length
      this.results[first / BATCH] = batch.map((a) => extractQuotations(a))
      this.ownDone += batch.length
      onBatch?.()
    }
    if (this.worker !== null) {
      this.worker.postMessage(null)
      await this.finished
    }
    const out: RawQuotation[][] = []
    for (let first = 0; first < this.articles.length; first += BATCH) {
      const quotes =
        this.results[first / BATCH] ??
        this.replies.get(first) ??
        this.articles.slice(first, first + BATCH).map((a) => extractQuotations(a))
      for (const list of quotes) out.push(list)
    }
    return out
  }
}

// A worker that cannot be started (thread limits) leaves all the work to the main thread.
function startWorker(progress: SharedArrayBuffer): Worker | null {
  try {
    return new Worker(WORKER, { workerData: { progress } })
  } catch {
    return null
  }
}

function encode(first: number, batch: readonly Article[]): ExtractBatch {
  let chars = 0
  let paragraphs = 0
  for (const a of batch) {
    for (const para of a.paragraphs) chars += para.length
    paragraphs += a.paragraphs.length
  }
  const buffer = new ArrayBuffer(chars * 2)
  const bytes = Buffer.from(buffer)
  const paragraphCounts = new Int32Array(batch.length)
  const paragraphLengths = new Int32Array(paragraphs)
  let at = 0
  let p = 0
  batch.forEach((a, i) => {
    // The paragraphs themselves, one after the other: extraction reads nothing else.
    paragraphCounts[i] = a.paragraphs.length
    for (const para of a.paragraphs) {
      at += bytes.write(para, at, 'utf16le')
      paragraphLengths[p++] = para.length
    }
  })
  return {
    first,
    bytes: buffer,
    paragraphCounts,
    paragraphLengths,
  }
}
