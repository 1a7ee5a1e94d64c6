import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'

export const APP = '100000000000000001'
export const BOT = '100000000000000002'
export const GUILD = '100000000000000003'
export const CHANNEL = '100000000000000004'
export const OTHER_CHANNEL = '100000000000000005'
export const THREAD = '100000000000000006'
export const USER = '100000000000000007'
export const DM = '100000000000000008'
/** A thread the bot answered in before it (re)started: its history is on "Discord" only. */
export const OLD_THREAD = '100000000000000009'

export const USER_OBJ = {
  id: USER,
  username: 'asker',
  discriminator: '0',
  global_name: 'Asker',
  avatar: null,
  bot: false,
}
const BOT_OBJ = { id: BOT, username: 'newsdesk', discriminator: '0', global_name: null, avatar: null, bot: true }

/** A REST call as it reached the stand-in. */
export interface RestCall {
  method: string
  path: string
  body: Record<string, unknown> | Array<Record<string, unknown>> | null
  /** When it arrived (`performance.now()`). */
  at: number
}

/** Where a user's message is posted, and by whom. */
interface MessageWhere {
  channel: string
  dm?: boolean
  mentionsBot?: boolean
  bot?: boolean
  attachments?: unknown[]
  /** The author's id (the usual test user when unset). */
  userId?: string
}

interface Fault {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * A small local Discord on 127.0.0.1: the REST routes Newsdesk uses and a gateway WebSocket
 * (HELLO, IDENTIFY, READY, GUILD_CREATE with channels and a thread, heartbeats and ACKs, RESUME).
 * It records what reaches it and can fail on request.
 */
export class DiscordStandIn {
  readonly calls: RestCall[] = []
  readonly gatewayOps: Array<{ op: number; d: unknown }> = []
  private readonly faults: Array<{ match: RegExp; fault: Fault }> = []
  /** Messages per channel, oldest first, as GET /channels/:id/messages serves them (newest first). */
  readonly history = new Map<string, Array<Record<string, unknown>>>()
  /** When set, IDENTIFY is answered by closing the gateway with this code (4014: disallowed intents). */
  closeOnIdentify: { code: number; reason: string } | null = null
  private server: Server | null = null
  private wss: WebSocketServer | null = null
  private socket: WebSocket | null = null
  private seq = 0
  private readonly dispatched: Array<{ op: 0; t: string; s: number; d: unknown }> = []
  private port = 0
  private nextId = 200000000000000000n

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = ''
      req.setEncoding('utf8')
      req.on('data', (c: string) => {
        raw += c
      })
      req.on('end', () => {
        const path = (req.url ?? '/').split('?')[0].replace(/^\/api\/v\d+/, '')
        const method = req.method ?? 'GET'
        let body: RestCall['body'] = null
        try {
          body = raw === '' ? null : (JSON.parse(raw) as RestCall['body'])
        } catch {
          body = null
        }
        const send = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers })
          res.end(payload === undefined ? undefined : JSON.stringify(payload))
        }
        if (path === '/gateway/bot') {
          send(200, {
            url: `ws://127.0.0.1:${this.port}/gateway`,
            shards: 1,
            session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
          })
          return
        }
        this.calls.push({ method, path, body, at: performance.now() })
        const i = this.faults.findIndex((f) => f.match.test(`${method} ${path}`))
        if (i >= 0) {
          const [{ fault }] = this.faults.splice(i, 1)
          send(fault.status, fault.body ?? { message: 'fault', code: 0 }, fault.headers)
          return
        }
        if (
          /^\/interactions\/\d+\/[^/]+\/callback$/.test(path) ||
          (method === 'DELETE' && path.startsWith('/webhooks/'))
        ) {
          res.writeHead(204)
          res.end()
          return
        }
        if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && method === 'PUT') {
          send(
            200,
            (body as Array<Record<string, unknown>>).map((c, n) => ({
              ...c,
              id: String(this.nextId++),
              application_id: APP,
              version: String(n + 1),
            })),
          )
          return
        }
        const channel = /^\/channels\/(\d+)\/messages$/.exec(path)?.[1] ?? CHANNEL
        if (method === 'GET' && /^\/channels\/\d+\/messages$/.test(path)) {
          const query = new URL(req.url ?? '/', 'http://x').searchParams
          const before = query.get('before')
          const list = (this.history.get(channel) ?? []).filter(
            (m) => before === null || BigInt(m.id as string) < BigInt(before),
          )
          send(200, list.reverse().slice(0, Number(query.get('limit') ?? 50)))
          return
        }
        const message = this.message(channel, body as Record<string, unknown> | null)
        if (method === 'POST' && /^\/channels\/\d+\/messages$/.test(path)) this.remember(channel, message)
        send(200, message)
      })
    })
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' })
    this.wss.on('connection', (ws) => {
      this.socket = ws
      ws.on('message', (data) => this.onGateway(ws, JSON.parse(String(data)) as { op: number; d: unknown }))
      ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 1000 }, s: null, t: null }))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  /** The REST base to give discord.js (`rest.api`). */
  get api(): string {
    return `http://127.0.0.1:${this.port}/api`
  }

  get connected(): boolean {
    return this.socket !== null && this.socket.readyState === 1
  }

  /** Forgets the REST calls it saw and any fault still pending: each test starts from a quiet Discord. */
  reset(): void {
    this.calls.length = 0
    this.faults.length = 0
  }

  /** Makes the next REST call matching `METHOD /path` fail as given. */
  failNext(match: RegExp, ...faults: Fault[]): void {
    for (const fault of faults) this.faults.push({ match, fault })
  }

  /**
   * Sends a gateway event to the connected client. Kept with its sequence number: a client that
   * resumes after a dropped connection gets the events it missed, as Discord replays them.
   */
  dispatch(t: string, d: unknown): void {
    const event = { op: 0 as const, t, s: ++this.seq, d }
    this.dispatched.push(event)
    if (this.dispatched.length > 10_000) this.dispatched.shift()
    if (this.connected) this.socket?.send(JSON.stringify(event))
  }

  /** Closes the gateway connection as Discord does when it wants a client to reconnect and resume. */
  dropConnection(): void {
    this.socket?.close(4000, 'Unknown error')
  }

  /** A user's message in a channel (guild) or DM, as MESSAGE_CREATE. */
  userMessage(content: string, where: MessageWhere): string {
    const message = this.userMessageObject(content, where)
    this.remember(where.channel, message)
    this.dispatch('MESSAGE_CREATE', message)
    return message.id
  }

  /**
   * Puts an exchange in a channel's history without the bot seeing it: a user's mention and the
   * bot's reply to it, as if they happened before the bot started.
   */
  pastExchange(channel: string, question: string): void {
    const asked = this.userMessageObject(question, { channel, mentionsBot: true })
    this.remember(channel, asked)
    this.remember(channel, {
      ...(this.message(channel, { content: '', embeds: [{ title: 'an earlier answer' }] }) as Record<string, unknown>),
      message_reference: { message_id: asked.id, channel_id: channel, guild_id: GUILD },
      type: 19,
    })
  }

  private remember(channel: string, message: unknown): void {
    this.history.set(channel, [...(this.history.get(channel) ?? []), message as Record<string, unknown>])
  }

  private userMessageObject(content: string, where: MessageWhere): Record<string, unknown> & { id: string } {
    const id = String(this.nextId++)
    return {
      id,
      channel_id: where.channel,
      ...(where.dm === true
        ? { channel_type: 1 }
        : {
            guild_id: GUILD,
            member: { roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
          }),
      author:
        where.bot === true
          ? { ...BOT_OBJ, id: '100000000000000099', username: 'otherbot' }
          : { ...USER_OBJ, id: where.userId ?? USER_OBJ.id },
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: where.mentionsBot === true ? [BOT_OBJ] : [],
      mention_roles: [],
      attachments: where.attachments ?? [],
      embeds: [],
      pinned: false,
      type: 0,
    }
  }

  /** A slash command or autocomplete interaction, as INTERACTION_CREATE. */
  interaction(
    type: 2 | 4,
    name: string,
    options: Array<{ name: string; type: number; value: unknown; focused?: boolean }>,
    token: string,
    userId: string = USER_OBJ.id,
  ): string {
    const id = String(this.nextId++)
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APP,
      type,
      token,
      version: 1,
      guild_id: GUILD,
      channel_id: CHANNEL,
      channel: { id: CHANNEL, type: 0, guild_id: GUILD, name: 'general' },
      member: {
        user: { ...USER_OBJ, id: userId },
        roles: [],
        permissions: '2147483647',
        joined_at: '2024-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
      },
      data: { id: '100000000000000050', name, type: 1, options },
      app_permissions: '2147483647',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { 0: GUILD },
      context: 0,
    })
    return id
  }

  async close(): Promise<void> {
    this.socket?.terminate()
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()) ?? resolve())
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve())
  }

  private onGateway(ws: WebSocket, msg: { op: number; d: unknown }): void {
    this.gatewayOps.push(msg)
    const send = (payload: unknown): void => {
      ws.send(JSON.stringify(payload))
    }
    if (msg.op === 1) {
      send({ op: 11, d: null, s: null, t: null })
    } else if (msg.op === 2 && this.closeOnIdentify !== null) {
      ws.close(this.closeOnIdentify.code, this.closeOnIdentify.reason)
    } else if (msg.op === 2) {
      this.seq = 0
      send({
        op: 0,
        t: 'READY',
        s: ++this.seq,
        d: {
          v: 10,
          user: BOT_OBJ,
          guilds: [{ id: GUILD, unavailable: true }],
          session_id: 'standin-session',
          resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
          application: { id: APP, flags: 0 },
          private_channels: [],
        },
      })
      send({ op: 0, t: 'GUILD_CREATE', s: ++this.seq, d: this.guild() })
    } else if (msg.op === 6) {
      const since = (msg.d as { seq?: number } | null)?.seq ?? this.seq
      for (const event of this.dispatched) if (event.s > since) ws.send(JSON.stringify(event))
      send({ op: 0, t: 'RESUMED', s: ++this.seq, d: {} })
    }
  }

  private guild(): unknown {
    const everyone = {
      id: GUILD,
      name: '@everyone',
      permissions: '2147483647',
      position: 0,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    }
    return {
      id: GUILD,
      name: 'Stand-in',
      icon: null,
      owner_id: USER,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [everyone],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: '2024-01-01T00:00:00.000Z',
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      channels: [
        {
          id: CHANNEL,
          type: 0,
          guild_id: GUILD,
          name: 'general',
          position: 0,
          permission_overwrites: [],
          nsfw: false,
          parent_id: null,
          topic: null,
        },
        {
          id: OTHER_CHANNEL,
          type: 0,
          guild_id: GUILD,
          name: 'random',
          position: 1,
          permission_overwrites: [],
          nsfw: false,
          parent_id: null,
          topic: null,
        },
      ],
      threads: [
        {
          id: OLD_THREAD,
          type: 11,
          guild_id: GUILD,
          parent_id: CHANNEL,
          name: 'older',
          owner_id: USER,
          message_count: 2,
          member_count: 1,
          thread_metadata: {
            archived: false,
            auto_archive_duration: 1440,
            archive_timestamp: '2024-01-01T00:00:00.000Z',
            locked: false,
          },
        },
        {
          id: THREAD,
          type: 11,
          guild_id: GUILD,
          parent_id: CHANNEL,
          name: 'follow-ups',
          owner_id: USER,
          message_count: 0,
          member_count: 1,
          thread_metadata: {
            archived: false,
            auto_archive_duration: 1440,
            archive_timestamp: '2024-01-01T00:00:00.000Z',
            locked: false,
          },
        },
      ],
    }
  }

  private message(channel: string, body: Record<string, unknown> | null): unknown {
    return {
      id: String(this.nextId++),
      channel_id: channel,
      author: BOT_OBJ,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      type: 0,
      flags: body?.flags ?? 0,
    }
  }
}

export { eventually } from '../support/eventually.js'
