import { Events } from 'discord.js'
import { type Logger, type Newsdesk, NewsdeskError } from '../../src/index.js'
import type { ChatAdding } from '../shared/add.js'
import type { ChatWatching } from '../shared/watch.js'
import { createClient, type DiscordTestOptions } from './bot.js'
import type { DiscordConfig } from './config.js'

export type { DiscordConfig } from './config.js'
export { readDiscordConfig } from './config.js'

/** Logs in to Discord and answers until stopped. */
export async function startDiscord(
  engine: Newsdesk,
  config: DiscordConfig,
  logger: Logger,
  test: DiscordTestOptions = {},
  adding?: ChatAdding,
  watching?: ChatWatching,
): Promise<{ stop: () => Promise<void>; connected: () => boolean }> {
  const client = createClient(engine, config, logger, test, adding, watching)
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()))
  try {
    await client.login(config.token)
  } catch (err) {
    await client.destroy()
    // discord.js says "An invalid token was provided." — keep the message, never the token.
    const message = (err as Error).message
    const hint = /disallowed intents/i.test(message)
      ? ' (turn on Message Content Intent: developer portal → Bot → Privileged Gateway Intents)'
      : ''
    throw new NewsdeskError(`Newsdesk: could not log in to Discord: ${message}${hint}`)
  }
  await ready
  logger.info(`Newsdesk: connected to Discord as ${client.user?.tag ?? 'the bot'}`)
  return {
    connected: () => client.isReady(),
    stop: async () => {
      await client.destroy()
    },
  }
}
