import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt'

// What the receiver reads of a request at most (Bolt's own default limit).
const BODY_LIMIT = 10 * 1024 * 1024

/**
 * Bolt's HTTP receiver, with a request body that cannot be a Slack payload (`null`, `payload=null`,
 * a JSON array, a number) turned away with a 400 before Bolt reads it: Bolt would throw on it
 * outside any handler, leaving the request unanswered and the error unhandled. Everything else
 * reaches Bolt unchanged, signature check included.
 */
export class GuardedHTTPReceiver extends HTTPReceiver {
  constructor(options: HTTPReceiverOptions) {
    super(options)
    const bolt = this.requestListener
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== 'POST') {
        bolt(req, res)
        return
      }
      const chunks: Buffer[] = []
      let size = 0
      req.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size <= BODY_LIMIT) chunks.push(chunk)
      })
      req.on('error', () => res.destroy())
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        if (size <= BODY_LIMIT && !isPayload(body, req.headers['content-type'])) {
          res.writeHead(400).end()
          return
        }
        // Bolt reads the same bytes, from a stream that looks like the request.
        const replay = Object.assign(Readable.from([body]), {
          headers: req.headers,
          method: req.method,
          url: req.url,
          httpVersion: req.httpVersion,
          socket: req.socket,
          connection: req.socket,
        }) as unknown as IncomingMessage
        bolt(replay, res)
      })
    }
  }
}

/** Whether a body can be a Slack request: a JSON object, a form, or a form whose payload is a JSON object. */
function isPayload(body: Buffer, contentType: string | undefined): boolean {
  const text = body.toString('utf8')
  try {
    if (contentType?.includes('application/json')) return isObject(JSON.parse(text))
    const payload = new URLSearchParams(text).get('payload')
    return payload === null || isObject(JSON.parse(payload))
  } catch {
    // Not JSON where JSON belongs: Bolt says so itself (a 400, or a 401 when unsigned).
    return true
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
