import { Client, GatewayIntentBits, Partials } from 'discord.js'
import type { Logger, Newsdesk } from '../../src/index.js'
import type { ChatAdding } from '../shared/add.js'
import { ConversationMemory } from '../shared/conversation-memory.js'
import { RateLimiter } from '../shared/rate-limit.js'
import { type ChatWatching, watchResult } from '../shared/watch.js'
import type { DiscordConfig } from './config.js'
import { type Deps, NO_PINGS, once } from './deps.js'
import * as interactionCreate from './events/interaction-create.js'
import * as messageCreate from './events/message-create.js'
import { renderEmbeds } from './render.js'

/** Test-only settings: faster REST retries against the local Discord stand-in. */
export interface DiscordTestOptions {
  restRetries?: number
}

/** The discord.js client with Newsdesk's handlers, not yet logged in. */
export function createClient(
  engine: Newsdesk,
  config: DiscordConfig,
  logger: Logger,
  test: DiscordTestOptions = {},
  adding?: ChatAdding,
  watching?: ChatWatching,
): Client {
  const client = new Client({
    // MessageContent is privileged: enable it in the developer portal (see README).
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.DirectMessages,
    ],
    // DM channels are not cached before their first message.
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    rest: {
      // A REST call that never answers gives up after this (discord.js retries it once more).
      timeout: 15_000,
      ...(config.apiUrl === null ? {} : { api: config.apiUrl }),
      ...(test.restRetries === undefined ? {} : { retries: test.restRetries }),
    },
  })
  const limiter = new RateLimiter(config.rateLimit ?? 0)
  const deps: Deps = { engine, config, logger, threads: new ConversationMemory(), adding, watching, limiter }
  // Watch matches are posted into the watching channel, rendered as answers are.
  const send = async (channel: string, embeds: ReturnType<typeof renderEmbeds>): Promise<void> => {
    const target = await client.channels.fetch(channel)
    if (target === null || !target.isSendable()) throw new Error(`channel ${channel} cannot be posted to`)
    await target.send({ embeds, allowedMentions: NO_PINGS, ...once() })
  }
  watching?.dispatcher.addSender('discord', {
    post: (channel, post) => send(channel, renderEmbeds(watchResult([post]))),
    digest: (channel, posts) => send(channel, renderEmbeds(watchResult(posts))),
  })
  messageCreate.register(client, deps)
  interactionCreate.register(client, deps)
  client.on('error', (err) => logger.error('Newsdesk: Discord client error', err))
  client.on('warn', (message) => logger.warn(`Newsdesk: Discord: ${message}`))
  client.rest.on('rateLimited', (info) =>
    logger.warn(`Newsdesk: Discord rate limit on ${info.route}, retrying in ${info.timeToReset} ms`),
  )
  return client
}
