import { SingleBar } from 'cli-progress'
import type { Logger } from '../../src/index.js'

// Below this many articles indexing takes a second or two: no bar, no log lines.
const WORTH_SHOWING = 5000
// Without a terminal (a service's log), a line this often.
const LOG_EVERY_MS = 5000

/**
 * How long indexing is going: a progress bar on a terminal (standard error, so piped output
 * stays clean), a log line every few seconds otherwise. Returns the `onProgress` callback and
 * `done()` to close the bar.
 */
export function indexingProgress(logger: Logger, stream: NodeJS.WriteStream = process.stderr) {
  let bar: SingleBar | null = null
  let lastLog = 0
  const onProgress = (done: number, total: number): void => {
    if (total < WORTH_SHOWING) return
    if (stream.isTTY === true) {
      if (bar === null) {
        bar = new SingleBar({
          stream,
          format: 'Indexing {bar} {percentage}% | {value}/{total} articles | {eta_formatted} left',
          hideCursor: true,
        })
        bar.start(total, 0)
      }
      bar.update(done)
      if (done >= total) stop()
      return
    }
    const now = Date.now()
    if (now - lastLog >= LOG_EVERY_MS || done >= total) {
      lastLog = now
      logger.info(`Newsdesk: indexing ${done} of ${total} articles`)
    }
  }
  const stop = (): void => {
    bar?.stop()
    bar = null
  }
  return { onProgress, done: stop }
}
