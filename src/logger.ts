import type { Logger } from './types.js'

/**
 * Logs to stderr, never stdout: `newsdesk batch` keeps stdout for JSON results only.
 * `level` drops anything below it.
 */
export function consoleLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error']
  const min = order.indexOf(level)
  const write =
    (lvl: string) =>
    (message: string, ...args: unknown[]): void => {
      if (order.indexOf(lvl) < min) return
      const extra = args.map((a) =>
        a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : JSON.stringify(a),
      )
      process.stderr.write(`[${lvl}] ${[message, ...extra].join(' ')}\n`)
    }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
}
