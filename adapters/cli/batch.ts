import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import type { BatchError, Command, Newsdesk, Result } from '../../src/index.js'

const COMMANDS = new Set(['ask', 'source', 'quote'])

/**
 * `newsdesk batch`: one JSON request per line in, one JSON result per line out, in order, each
 * written as soon as its line is read so the command works as a pipe. A bad line gets a result
 * with `answered: false` and an `error` saying what is wrong; the batch goes on.
 */
export async function runBatch(
  engine: Newsdesk,
  input: Readable,
  output: Writable,
): Promise<{ lines: number; errors: number }> {
  const rl = createInterface({ input, crlfDelay: Infinity })
  let lineNo = 0
  let lines = 0
  let errors = 0
  for await (const line of rl) {
    lineNo++
    if (line.trim() === '') continue
    lines++
    let result: Result | BatchError
    try {
      result = answerLine(engine, line, lineNo)
    } catch (err) {
      // An engine fault on one line must not end the pipe.
      result = failure(null, '', `Newsdesk: line ${lineNo}: ${(err as Error).message}`)
    }
    if (result.kind === 'error') errors++
    await write(output, `${JSON.stringify(result)}\n`)
  }
  return { lines, errors }
}

function answerLine(engine: Newsdesk, line: string, lineNo: number): Result | BatchError {
  let request: unknown
  try {
    request = JSON.parse(line)
  } catch {
    return failure(
      null,
      '',
      `Newsdesk: line ${lineNo} is not valid JSON; expected {"command":"ask"|"source"|"quote","text":"…"}`,
    )
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return failure(
      null,
      '',
      `Newsdesk: line ${lineNo} is not a JSON object; expected {"command":"ask"|"source"|"quote","text":"…"}`,
    )
  }
  const { command, text, context, limit, offset } = request as Record<string, unknown>
  const query = typeof text === 'string' ? text : ''
  if (typeof command !== 'string' || !COMMANDS.has(command)) {
    return failure(
      null,
      query,
      `Newsdesk: line ${lineNo} has command ${JSON.stringify(command ?? null)}; use "ask", "source" or "quote"`,
    )
  }
  if (text !== undefined && typeof text !== 'string') {
    return failure(command as Command, '', `Newsdesk: line ${lineNo}: "text" must be a string`)
  }
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100)) {
    return failure(command as Command, query, `Newsdesk: line ${lineNo}: "limit" must be a whole number from 1 to 100`)
  }
  if (offset !== undefined && (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0)) {
    return failure(command as Command, query, `Newsdesk: line ${lineNo}: "offset" must be a whole number of 0 or more`)
  }
  const ctx = Array.isArray(context) ? context.filter((c): c is string => typeof c === 'string') : []
  const paging = { ...(limit === undefined ? {} : { limit }), ...(offset === undefined ? {} : { offset }) }
  return engine.run(command as Command, query, { context: ctx, ...paging })
}

function failure(command: Command | null, query: string, error: string): BatchError {
  return { kind: 'error', command, query, answered: false, message: error, excerpts: [], articles: [], error }
}

function write(out: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(chunk, (err) => (err == null ? resolve() : reject(err)))
  })
}
