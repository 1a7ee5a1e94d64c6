import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'

/** A Web API call as it reached the stand-in. */
export interface ApiCall {
  method: string
  body: Record<string, unknown>
  headers: IncomingMessage['headers']
  /** When it arrived (`performance.now()`). */
  at: number
}

export interface Fault {
  /** The HTTP status; 0 never answers (a Slack that hangs), -1 drops the connection. */
  status: number
  headers?: Record<string, string>
  body?: unknown
}

/**
 * A small local Slack on 127.0.0.1: the Web API methods Newsdesk uses, a `response_url`
 * target, and a Socket Mode WebSocket. It records what reaches it and can fail on request.
 */
export class SlackStandIn {
  readonly calls: ApiCall[] = []
  /** Bodies posted to response URLs, with the id from the URL. */
  readonly responses: Array<{ id: string; body: Record<string, unknown>; at: number }> = []
  readonly acks: Array<{ envelope_id: string }> = []
  private readonly faults = new Map<string, Fault[]>()
  private readonly responseFaults: Fault[] = []
  /** Files downloaded from `url_private`, with the Authorization header they came with. */
  readonly downloads: Array<{ name: string; authorization: string | undefined }> = []
  private readonly files = new Map<string, { type: string; body: string }>()
  /** The token a file download must carry. */
  botToken = 'xoxb-5-test'
  private server: Server | null = null
  private wss: WebSocketServer | null = null
  private readonly sockets = new Set<WebSocket>()
  private port = 0
  private ts = 1_700_000_000
  private turn = 0
  private readonly hanging = new Set<import('node:http').ServerResponse>()

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = ''
      req.setEncoding('utf8')
      req.on('data', (c: string) => {
        raw += c
      })
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        const body = parseBody(raw, req.headers['content-type'] ?? '')
        const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers })
          res.end(JSON.stringify(payload))
        }
        // Files shared in Slack, downloaded from `url_private` with the bot token, as Slack
        // serves them; without the token Slack answers with its sign-in page.
        const file = /^\/files-pri\/([\w.-]+)$/.exec(url.pathname)
        if (file !== null) {
          this.downloads.push({ name: file[1], authorization: req.headers.authorization })
          const stored = this.files.get(file[1])
          if (req.headers.authorization !== `Bearer ${this.botToken}` || stored === undefined) {
            res.writeHead(302, { location: `http://127.0.0.1:${this.port}/signin` })
            res.end()
            return
          }
          res.writeHead(200, { 'content-type': stored.type })
          res.end(stored.body)
          return
        }
        if (url.pathname === '/signin') {
          res.writeHead(200, { 'content-type': 'text/html' })
          res.end(
            '<html><head><title>Sign in | Slack</title></head><body><p>Sign in to your workspace.</p></body></html>',
          )
          return
        }
        const response = /^\/response\/([\w-]+)$/.exec(url.pathname)
        if (response !== null) {
          const fault = this.responseFaults.shift()
          if (fault !== undefined) {
            reply(fault.status, fault.body ?? { ok: false }, fault.headers)
            return
          }
          this.responses.push({ id: response[1], body, at: performance.now() })
          reply(200, { ok: true })
          return
        }
        const api = /^\/api\/([\w.]+)$/.exec(url.pathname)
        if (api === null) {
          reply(404, { ok: false, error: 'unknown_path' })
          return
        }
        const method = api[1]
        this.calls.push({ method, body, headers: req.headers, at: performance.now() })
        const fault = this.faults.get(method)?.shift()
        if (fault?.status === 0) {
          this.hanging.add(res)
          return
        }
        if (fault?.status === -1) {
          req.socket.destroy()
          return
        }
        if (fault !== undefined) {
          reply(fault.status, fault.body ?? { ok: false, error: 'fault' }, fault.headers)
          return
        }
        reply(200, this.answer(method, body))
      })
    })
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' })
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws)
      ws.on('close', () => this.sockets.delete(ws))
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string }
        if (typeof msg.envelope_id === 'string') this.acks.push(msg as { envelope_id: string })
      })
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'stand-in' },
          connection_info: { app_id: 'A0STANDIN' },
        }),
      )
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  /** The Web API base to give Bolt (`clientOptions.slackApiUrl`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`
  }

  /** A file shared in Slack: its `url_private`. */
  shareFile(name: string, type: string, body: string): string {
    this.files.set(name, { type, body })
    return `http://127.0.0.1:${this.port}/files-pri/${name}`
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`
  }

  /** Forgets what reached it and any fault still pending: each test starts from a quiet Slack. */
  reset(): void {
    this.calls.length = 0
    this.responses.length = 0
    this.acks.length = 0
    this.downloads.length = 0
    this.faults.clear()
    this.responseFaults.length = 0
  }

  /** Makes the next posts to any response URL fail as given, in order. */
  failNextResponses(...faults: Fault[]): void {
    this.responseFaults.push(...faults)
  }

  /** Makes the next calls of `method` fail as given, in order. */
  failNext(method: string, ...faults: Fault[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults])
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method)
  }

  get socketCount(): number {
    return this.sockets.size
  }

  /**
   * Sends a Socket Mode envelope as Slack does: to one of the app's open connections, taking
   * them in turn.
   */
  sendEnvelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown, envelopeId: string): void {
    const msg = JSON.stringify({
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: 0,
      retry_reason: '',
    })
    const open = [...this.sockets].filter((ws) => ws.readyState === ws.OPEN)
    if (open.length === 0) throw new Error('Slack stand-in: no Socket Mode connection is open')
    open[this.turn++ % open.length].send(msg)
  }

  /**
   * Asks the oldest open connection to reconnect, as Slack does when it refreshes one
   * (`warning`, then `refresh_requested`; or `link_disabled`, `too_many_websockets`).
   */
  refreshConnection(reason: string): void {
    const ws = [...this.sockets].find((w) => w.readyState === w.OPEN)
    ws?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'stand-in' } }))
  }

  /** Open Socket Mode connections. */
  get openSockets(): number {
    return [...this.sockets].filter((ws) => ws.readyState === ws.OPEN).length
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy()
    for (const ws of this.sockets) ws.terminate()
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()) ?? resolve())
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve())
  }

  private answer(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://standin.slack.com/',
          team: 'Stand-in',
          user: 'newsdesk',
          team_id: 'T0STANDIN',
          user_id: 'U0NEWSDESK',
          bot_id: 'B0NEWSDESK',
        }
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` }
      case 'chat.postMessage':
        return { ok: true, channel: body.channel, ts: String(++this.ts), message: { text: body.text } }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: String(++this.ts) }
      default:
        return { ok: true }
    }
  }
}

function parseBody(raw: string, type: string): Record<string, unknown> {
  if (raw === '') return {}
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client sends arrays and objects (blocks) as JSON inside form fields.
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v === 'true' ? true : v === 'false' ? false : v
    } catch {
      out[k] = v
    }
  }
  return out
}

export { eventually } from '../support/eventually.js'
export { sign } from '../support/slack-request.js'
