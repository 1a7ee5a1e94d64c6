import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt'
import { apology, type Rendered, renderResult } from '../blocks.js'
import { type Deps, questionFrom } from './deps.js'

/** A direct message: answered directly, no mention needed. */
export function register(app: App, deps: Deps): void {
  app.message(async (args) => {
    await handleDirectMessage(args, deps)
  })
}

export async function handleDirectMessage(
  { message, client, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  // Edits, joins and other subtypes, bots (this one included) and channel chatter are not questions.
  if (message.subtype !== undefined || message.channel_type !== 'im') return
  if ('bot_id' in message && message.bot_id !== undefined) return
  if (message.user === context.botUserId) return
  const send = async (r: Rendered): Promise<void> => {
    await client.chat.postMessage({
      channel: message.channel,
      text: r.text,
      blocks: r.blocks,
      unfurl_links: false,
      unfurl_media: false,
    })
  }
  try {
    const question = questionFrom(message.text ?? '')
    const history = deps.threads.earlier(`${message.channel}/dm`)
    const result = deps.engine.ask(question, { context: history })
    if (question !== '') deps.threads.remember(`${message.channel}/dm`, question)
    await send(renderResult(result))
  } catch (err) {
    deps.logger.error('Newsdesk: answering a Slack DM failed', err)
    await send(apology()).catch((e) => deps.logger.error('Newsdesk: could not send the apology to Slack', e))
  }
}
