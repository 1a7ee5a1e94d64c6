// The worker thread of `hashOffThread`: the size and SHA-1 of each file it is given, read in
// pieces, sent back as one message.
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import type { FileHash } from './hash-files.js'

const PIECE = 16 * 1024 * 1024

async function hash(path: string): Promise<FileHash> {
  const file = await open(path)
  try {
    const sha1 = createHash('sha1')
    const piece = Buffer.allocUnsafe(PIECE)
    let bytes = 0
    for (;;) {
      const { bytesRead } = await file.read(piece, 0, PIECE, bytes)
      if (bytesRead === 0) break
      sha1.update(piece.subarray(0, bytesRead))
      bytes += bytesRead
    }
    return { bytes, sha1: sha1.digest('hex') }
  } finally {
    await file.close()
  }
}

const hashes: Record<string, FileHash | { error: string }> = {}
for (const path of workerData.paths as string[]) {
  try {
    hashes[path] = await hash(path)
  } catch (err) {
    hashes[path] = { error: (err as Error).message }
  }
}
parentPort?.postMessage(hashes)
