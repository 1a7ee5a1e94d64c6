import { AsyncLocalStorage } from 'node:async_hooks'
import { pino } from 'pino'
import pretty from 'pino-pretty'
import type { Logger, Result } from '../../src/index.js'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/**
 * Token shapes that must never reach a log, whatever carried them there (a library's error
 * message, a URL): Slack bot, user and app tokens, and Discord bot tokens.
 */
const SECRETS = /\bxox[a-z]-[\w-]+|\bxapp-[\w-]+|\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}\b/g

/** `text` with every token shape replaced. */
export function scrubSecrets(text: string): string {
  return text.replace(SECRETS, '[secret]')
}

/**
 * The service's logger: one JSON object a line on stderr (pino), pretty on a terminal. Fields
 * passed as a plain object land as fields; an `Error` lands as `error` with its stack. Anything
 * that looks like a token is replaced, in messages and in error texts.
 */
export function serviceLogger(level: LogLevel, options: { pretty?: boolean } = {}): Logger {
  const prettyOutput = options.pretty ?? process.stderr.isTTY === true
  const settings = {
    level,
    base: { pid: process.pid },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'secret', '*.secret'],
      censor: '[secret]',
    },
  }
  const out = prettyOutput
    ? pino(settings, pretty({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }))
    : pino(settings, pino.destination({ dest: 2, sync: true }))
  const at =
    (lvl: LogLevel) =>
    (message: string, ...args: unknown[]): void => {
      if (!out.isLevelEnabled(lvl)) return
      const fields: Record<string, unknown> = {}
      const words = [message]
      for (const arg of args) {
        if (arg instanceof Error) fields.error = scrubbedError(arg)
        else if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) Object.assign(fields, arg)
        else words.push(typeof arg === 'string' ? arg : JSON.stringify(arg))
      }
      out[lvl](fields, scrubSecrets(words.join(' ')))
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

function scrubbedError(err: Error): { type: string; message: string; stack?: string; code?: unknown } {
  const code = (err as { code?: unknown }).code
  return {
    type: err.name,
    message: scrubSecrets(err.message),
    ...(err.stack === undefined ? {} : { stack: scrubSecrets(err.stack) }),
    ...(code === undefined ? {} : { code }),
  }
}

/** What one request did, filled in while it is handled. */
interface RequestRecord {
  platform: string
  command: string
  started: number
  answered?: boolean
  excerpts?: number
}

const current = new AsyncLocalStorage<RequestRecord>()

/**
 * Handles one platform request and logs it once done: platform, command, latency from arrival to
 * the end of the reply, whether it was answered and with how many excerpts. Never the text asked.
 */
export async function loggedRequest<T>(
  logger: Logger,
  request: { platform: string; command: string; quietUnlessAnswered?: boolean },
  work: () => Promise<T>,
): Promise<T> {
  const { platform, command } = request
  const record: RequestRecord = { platform, command, started: performance.now() }
  let failed = false
  try {
    return await current.run(record, work)
  } catch (err) {
    failed = true
    throw err
  } finally {
    const latencyMs = Math.round((performance.now() - record.started) * 10) / 10
    // Messages the bot only looks at (channel chatter it ignores) are logged at debug level.
    const quiet = request.quietUnlessAnswered === true && record.answered === undefined && !failed
    ;(quiet ? logger.debug : logger.info)('request', {
      platform: record.platform,
      command: record.command,
      latencyMs,
      ...(record.answered === undefined ? {} : { answered: record.answered, excerpts: record.excerpts ?? 0 }),
      ...(failed ? { failed: true } : {}),
    })
  }
}

/** Notes the engine's result for the request being handled (if any); returns it unchanged. */
export function noteResult<R extends Result>(result: R, command?: string): R {
  const record = current.getStore()
  if (record !== undefined) {
    if (command !== undefined) record.command = command
    record.answered = result.answered
    record.excerpts = result.excerpts.length
  }
  return result
}
