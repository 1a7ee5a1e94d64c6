import type { AllMiddlewareArgs, RespondArguments, RespondFn } from '@slack/bolt'
import type { Logger } from '../../../src/index.js'

// Tries of the response_url before the Web API is used instead, and the waits between them.
const WAITS_MS = [300, 1200]

/**
 * A slash command's `respond`, made to deliver: the response_url is tried again after a failure
 * (a 500, a 429), and if it still fails the answer goes through the Web API instead: to the
 * channel (or privately to the person, as the response would have) and, failing that, by DM.
 */
export function reliableRespond(
  respond: RespondFn,
  client: AllMiddlewareArgs['client'],
  where: { channel: string; user: string },
  logger: Logger,
): (message: RespondArguments) => Promise<void> {
  return async (message) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await respond(message)
        return
      } catch (err) {
        if (attempt >= WAITS_MS.length) {
          logger.warn(`Newsdesk: the response_url failed ${attempt + 1} times; answering through the Web API`, err)
          break
        }
        await new Promise((r) => setTimeout(r, WAITS_MS[attempt]))
      }
    }
    const { text = '', blocks } = message as { text?: string; blocks?: unknown[] }
    const body = { text, ...(blocks === undefined ? {} : { blocks: blocks as never[] }), unfurl_links: false }
    try {
      if (message.response_type === 'in_channel') await client.chat.postMessage({ channel: where.channel, ...body })
      else await client.chat.postEphemeral({ channel: where.channel, user: where.user, ...body })
    } catch {
      // Not in that channel, say: the person still gets the answer, by DM.
      await client.chat.postMessage({ channel: where.user, ...body })
    }
  }
}
