import type { Server } from 'node:http'
import { type Logger, type Newsdesk, NewsdeskError } from '../../src/index.js'
import type { ChatAdding } from '../shared/add.js'
import type { HealthSource } from '../shared/health.js'
import type { ChatWatching } from '../shared/watch.js'
import { createSlackApp, type SlackTestOptions, slackConnected } from './app.js'
import type { SlackConfig } from './config.js'

export type { SlackConfig } from './config.js'
export { readSlackConfig } from './config.js'

/** A running Slack connection. `port` is set in HTTP mode. */
export interface RunningSlack {
  port: number | null
  stop: () => Promise<void>
  /** Whether Slack is connected now (for /readyz). */
  connected: () => boolean
}

/** Connects to Slack (Socket Mode or HTTP) and answers until stopped. */
export async function startSlack(
  engine: Newsdesk,
  config: SlackConfig,
  logger: Logger,
  test: SlackTestOptions = {},
  adding?: ChatAdding,
  watching?: ChatWatching,
  health?: HealthSource,
): Promise<RunningSlack> {
  const app = createSlackApp(engine, config, logger, test, adding, watching, health)
  const connected = (): boolean => slackConnected(app)
  try {
    // Bolt checks the token here (auth.test): a refused one stops start-up with a plain reason.
    await app.init()
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error
    const why =
      code === 'invalid_auth' || code === 'not_authed' || code === 'account_inactive' || code === 'token_revoked'
        ? `Slack refused SLACK_BOT_TOKEN (${code}): copy the bot token (xoxb-…) from OAuth & Permissions`
        : `could not reach Slack to check SLACK_BOT_TOKEN (${code ?? (err as Error).message})`
    throw new NewsdeskError(`Newsdesk: ${why}`)
  }
  if (config.mode === 'socket') {
    await app.start()
    logger.info('Newsdesk: connected to Slack in Socket Mode')
    return {
      port: null,
      connected,
      stop: async () => {
        await app.stop()
      },
    }
  }
  const server = (await app.start(config.port)) as Server
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  logger.info(`Newsdesk: Slack HTTP mode listening on port ${port} (POST /slack/events)`)
  return {
    port,
    connected,
    stop: async () => {
      await app.stop()
    },
  }
}
