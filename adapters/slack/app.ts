import type { IncomingMessage, ServerResponse } from 'node:http'
import { App, type Logger as BoltLogger, LogLevel } from '@slack/bolt'
import type { Logger, Newsdesk } from '../../src/index.js'
import type { ChatAdding } from '../shared/add.js'
import { BoundedMap, ConversationMemory } from '../shared/conversation-memory.js'
import { answerHealth, type HealthSource } from '../shared/health.js'
import { inFlight } from '../shared/in-flight.js'
import { loggedRequest } from '../shared/log.js'
import { RateLimiter } from '../shared/rate-limit.js'
import { type ChatWatching, watchResult } from '../shared/watch.js'
import { type Rendered, renderResult } from './blocks.js'
import type { SlackConfig } from './config.js'
import { GuardedHTTPReceiver } from './guarded-receiver.js'
import { registerListeners } from './listeners/index.js'
import { PairedSocketModeReceiver } from './paired-socket-receiver.js'

/** Extra settings for tests: faster retries against the local Slack stand-in. */
export interface SlackTestOptions {
  retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number }
  /** Web API request timeout in ms (10 s otherwise). */
  timeout?: number
}

/** Builds the Bolt app: Socket Mode with an app token, HTTP on `port` otherwise. */
export function createSlackApp(
  engine: Newsdesk,
  config: SlackConfig,
  logger: Logger,
  test: SlackTestOptions = {},
  adding?: ChatAdding,
  watching?: ChatWatching,
  health?: HealthSource,
): App {
  const boltLogger = toBoltLogger(logger)
  const clientOptions = {
    // A Web API call that never answers gives up after this, instead of holding its queue.
    timeout: test.timeout ?? 10_000,
    ...(config.apiUrl === null ? {} : { slackApiUrl: config.apiUrl }),
    ...(test.retryConfig === undefined ? {} : { retryConfig: test.retryConfig }),
  }
  const receiver =
    config.mode === 'socket'
      ? new PairedSocketModeReceiver({
          appToken: config.appToken,
          logger: boltLogger,
          installerOptions: { clientOptions },
        })
      : new GuardedHTTPReceiver({
          signingSecret: config.signingSecret,
          logger: boltLogger,
          endpoints: '/slack/events',
          // /healthz and /readyz on the same port.
          customRoutes:
            health === undefined
              ? []
              : ['/healthz', '/readyz'].map((path) => ({
                  path,
                  method: 'GET',
                  handler: (req: IncomingMessage, res: ServerResponse) => void answerHealth(req, res, health),
                })),
        })
  // Whether Slack is connected, for /readyz: in Socket Mode, while either connection is open.
  const state = {
    get up(): boolean {
      return receiver instanceof PairedSocketModeReceiver ? receiver.connected : true
    },
  }
  // Initialised by `startSlack`, which says in one line when Slack refuses the token.
  const app = new App({
    token: config.botToken,
    receiver,
    logger: boltLogger,
    clientOptions,
    deferInitialization: true,
  })
  connections.set(app, state)

  // A stopping service takes no new commands or button presses (unacknowledged, Slack says so to
  // the person, who can try again) and finishes what it acknowledged. Events are acknowledged by
  // Bolt before any middleware runs, and Slack never sends an acknowledged one again: answered.
  app.use(async ({ body, next }) => {
    const event = (body as { type?: unknown }).type === 'event_callback'
    if (inFlight.closed && !event) return
    await inFlight.run(next)
  })
  // Slack retries an event it thinks was missed (X-Slack-Retry-Num); answer each event once.
  const seen = new BoundedMap<true>(10_000)
  app.use(async ({ body, next }) => {
    const id = (body as { event_id?: unknown }).event_id
    if (typeof id === 'string') {
      if (seen.has(id)) return
      seen.set(id, true)
    }
    await next()
  })
  app.use(async ({ body, next }) => {
    const { command, quiet } = slackRequestName(body)
    await loggedRequest(logger, { platform: 'slack', command, quietUnlessAnswered: quiet }, next)
  })

  const limiter = new RateLimiter(config.rateLimit ?? 0)
  registerListeners(app, { engine, config, logger, threads: new ConversationMemory(), adding, watching, limiter })
  // Watch matches are posted into the watching channel, rendered as answers are.
  watching?.dispatcher.addSender('slack', {
    post: async (channel, post) => {
      await postRendered(app, channel, renderResult(watchResult([post])))
    },
    digest: async (channel, posts) => {
      await postRendered(app, channel, renderResult(watchResult(posts)))
    },
  })
  app.error(async (error) => {
    logger.error('Newsdesk: Slack error', error)
  })
  return app
}

/** A name for a Slack request in the logs: the slash command, the event type or the action. */
function slackRequestName(body: unknown): { command: string; quiet: boolean } {
  const b = body as {
    command?: unknown
    event?: { type?: unknown; channel_type?: unknown }
    actions?: Array<{ action_id?: unknown }>
    type?: unknown
  }
  if (typeof b.command === 'string') return { command: b.command, quiet: false }
  if (b.event !== undefined) {
    const type = String(b.event.type)
    return { command: type === 'message' && b.event.channel_type === 'im' ? 'dm' : type, quiet: true }
  }
  const action = b.actions?.[0]?.action_id
  return { command: typeof action === 'string' ? `action:${action}` : String(b.type ?? 'unknown'), quiet: false }
}

async function postRendered(app: App, channel: string, r: Rendered): Promise<void> {
  await app.client.chat.postMessage({
    channel,
    text: r.text,
    blocks: r.blocks,
    unfurl_links: false,
    unfurl_media: false,
  })
}

const connections = new WeakMap<App, { up: boolean }>()

/** Whether an app made by `createSlackApp` is connected to Slack now (HTTP mode: while it listens). */
export function slackConnected(app: App): boolean {
  return connections.get(app)?.up === true
}

function toBoltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO
  return {
    debug: (...m: unknown[]) => logger.debug(m.map(String).join(' ')),
    info: (...m: unknown[]) => logger.info(m.map(String).join(' ')),
    warn: (...m: unknown[]) => logger.warn(m.map(String).join(' ')),
    error: (...m: unknown[]) => logger.error(m.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l
    },
    getLevel: () => level,
    setName: () => {},
  }
}
