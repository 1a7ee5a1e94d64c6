import type { Logger } from '../../src/index.js'

/** A logger that keeps what it is told, by level, so a test can check what an operator would read. */
export interface RecordingLogger extends Logger {
  readonly errors: string[]
  readonly warnings: string[]
  readonly infos: string[]
  /** Every line at every level, in order, prefixed with its level. */
  readonly lines: string[]
  /** Forgets everything recorded so far. */
  clear(): void
}

export function recordingLogger(): RecordingLogger {
  const errors: string[] = []
  const warnings: string[] = []
  const infos: string[] = []
  const lines: string[] = []
  const record =
    (level: string, into: string[] | null) =>
    (message: string, ...args: unknown[]): void => {
      const line = [message, ...args.map(describe)].join(' ')
      into?.push(line)
      lines.push(`${level} ${line}`)
    }
  return {
    errors,
    warnings,
    infos,
    lines,
    debug: record('debug', null),
    info: record('info', infos),
    warn: record('warn', warnings),
    error: record('error', errors),
    clear() {
      for (const list of [errors, warnings, infos, lines]) list.length = 0
    },
  }
}

function describe(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value)
}
