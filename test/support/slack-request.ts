import { createHmac } from 'node:crypto'

/** Signs a request body exactly as Slack does: v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + body). */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}

export interface SignedRequestOptions {
  /** Request timestamp in seconds; now by default. */
  at?: number
  /** The secret the signature is made with, when it should differ from the app's (a forged request). */
  signWith?: string
  /** The body that is signed, when it should differ from the one sent (a tampered request). */
  signedBody?: string
  headers?: Record<string, string>
}

/**
 * POSTs a body to a Slack HTTP-mode endpoint as Slack would: signed with the app's secret and
 * timestamped. A JSON body (an Events API envelope) or a form body (a slash command, an action).
 */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  options: SignedRequestOptions = {},
): Promise<Response> {
  const at = options.at ?? Math.floor(Date.now() / 1000)
  const type = body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded'
  return await fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': type,
      'x-slack-request-timestamp': String(at),
      'x-slack-signature': sign(options.signWith ?? secret, at, options.signedBody ?? body),
      ...options.headers,
    },
  })
}
