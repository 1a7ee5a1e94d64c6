import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt'
import { noteResult } from '../../shared/log.js'
import { slowDown } from '../../shared/rate-limit.js'
import { apology, type Rendered, renderResult } from '../blocks.js'
import { type Deps, mustWait, questionFrom } from './deps.js'
import { addRequested, isQuestion } from './events.js'

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
  const m = message as { channel_type?: string; user?: string; text?: string; thread_ts?: string; files?: [] }
  if (!isQuestion(message as Parameters<typeof isQuestion>[0]) || m.channel_type !== 'im') return
  if (m.user === context.botUserId) return
  // A question asked in a thread of the DM is answered in that thread, with its own follow-ups.
  const thread = m.thread_ts
  const key = thread === undefined ? `${message.channel}/dm` : `${message.channel}/${thread}`
  const send = async (r: Rendered): Promise<void> => {
    await client.chat.postMessage({
      channel: message.channel,
      ...(thread === undefined ? {} : { thread_ts: thread }),
      text: r.text,
      ...(r.blocks.length === 0 ? {} : { blocks: r.blocks }),
      unfurl_links: false,
      unfurl_media: false,
    })
  }
  const wait = mustWait(deps, m.user)
  if (wait !== null) {
    await send({ text: slowDown(deps.limiter?.perMinute ?? 0, wait), blocks: [] }).catch((e: unknown) =>
      deps.logger.warn('Newsdesk: could not ask a Slack user to slow down', e),
    )
    return
  }
  try {
    // A file sent to the bot, or "add <link>": an editor adds an article.
    const added = await addRequested(m, deps)
    if (added !== null) {
      await send({ text: added, blocks: [] })
      return
    }
    const question = questionFrom(m.text ?? '')
    const history = deps.threads.earlier(key)
    const result = noteResult(deps.engine.ask(question, { context: history }), 'ask')
    if (question !== '') deps.threads.remember(key, question)
    await send(renderResult(result))
  } catch (err) {
    deps.logger.error('Newsdesk: answering a Slack DM failed', err)
    await send(apology()).catch((e) => deps.logger.error('Newsdesk: could not send the apology to Slack', e))
  }
}
