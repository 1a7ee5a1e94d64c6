import type { Server } from 'node:http'
import type { Logger, Newsdesk } from '../../src/index.js'
import type { ChatAdding } from '../shared/add.js'
import type { ChatWatching } from '../shared/watch.js'
import { createSlackApp, type SlackTestOptions } from './app.js'
import type { SlackConfig } from './config.js'

export type { SlackConfig } from './config.js'
export { readSlackConfig } from './config.js'

/** A running Slack connection. `port` is set in HTTP mode. */
export interface RunningSlack {
  port: number | null
  stop: () => Promise<void>
}

/** Connects to Slack (Socket Mode or HTTP) and answers until stopped. */
export async function startSlack(
  engine: Newsdesk,
  config: SlackConfig,
  logger: Logger,
  test: SlackTestOptions = {},
  adding?: ChatAdding,
  watching?: ChatWatching,
): Promise<RunningSlack> {
  const app = createSlackApp(engine, config, logger, test, adding, watching)
  if (config.mode === 'socket') {
    await app.start()
    logger.info('Newsdesk: connected to Slack in Socket Mode')
    return {
      port: null,
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
    stop: async () => {
      await app.stop()
    },
  }
}
