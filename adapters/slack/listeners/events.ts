import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt'
import { addFromChat, linkToAdd, wantsAdd } from '../../shared/add.js'
import { noteResult } from '../../shared/log.js'
import { slowDown } from '../../shared/rate-limit.js'
import { apology, type Rendered, renderResult } from '../blocks.js'
import { type Deps, mustWait, questionFrom } from './deps.js'

/** @newsdesk in a channel: the answer in a thread under the question. */
export function register(app: App, deps: Deps): void {
  app.event('app_mention', async (args) => {
    await handleMention(args, deps)
  })
}

export async function handleMention(
  { event, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  if (!isQuestion(event)) return
  if (deps.config.channels !== null && !deps.config.channels.has(event.channel)) return
  const thread = event.thread_ts ?? event.ts
  const reply = async (r: Rendered): Promise<void> => {
    await client.chat.postMessage({
      channel: event.channel,
      thread_ts: thread,
      text: r.text,
      blocks: r.blocks,
      unfurl_links: false,
      unfurl_media: false,
    })
  }
  const wait = mustWait(deps, event.user)
  if (wait !== null) {
    await client.chat
      .postMessage({ channel: event.channel, thread_ts: thread, text: slowDown(deps.limiter?.perMinute ?? 0, wait) })
      .catch((e: unknown) => deps.logger.warn('Newsdesk: could not ask a Slack user to slow down', e))
    return
  }
  try {
    // "@newsdesk add <link>", or a file attached to a mention: an editor adds an article.
    const added = await addRequested(event, deps)
    if (added !== null) {
      await client.chat.postMessage({ channel: event.channel, thread_ts: thread, text: added, unfurl_links: false })
      return
    }
    const question = questionFrom(event.text)
    // A mention inside a thread reads the thread's earlier questions as context.
    const context = event.thread_ts === undefined ? [] : deps.threads.earlier(`${event.channel}/${event.thread_ts}`)
    const result = noteResult(deps.engine.ask(question, { context }), 'ask')
    if (question !== '') deps.threads.remember(`${event.channel}/${thread}`, question)
    await reply(renderResult(result))
  } catch (err) {
    deps.logger.error('Newsdesk: answering a Slack mention failed', err)
    await reply(apology()).catch((e) => deps.logger.error('Newsdesk: could not send the apology to Slack', e))
  }
}

/**
 * Whether a message event is a person's question: not a bot's (`bot_id` is null on a person's
 * message with a file), not an edit (Slack sends an edited mention again, with `edited` and a new
 * event id), and of no subtype but a reply also sent to the channel or a message with a file.
 */
export function isQuestion(event: { bot_id?: string | null; subtype?: string; edited?: unknown }): boolean {
  if (event.bot_id !== undefined && event.bot_id !== null) return false
  if (event.edited !== undefined && event.edited !== null) return false
  return event.subtype === undefined || event.subtype === 'thread_broadcast' || event.subtype === 'file_share'
}

/**
 * An article an editor asks to add, by link ("add <link>") or by a file attached to the message,
 * added: the reply saying what was understood. Null when the message asks nothing of the kind.
 */
export async function addRequested(
  event: { text?: string; user?: string; files?: Array<{ url_private?: string }> },
  deps: Deps,
): Promise<string | null> {
  const said = questionFrom(event.text ?? '')
  const attached = event.files?.[0]?.url_private
  const file = attached !== undefined && wantsAdd(said) ? attached : undefined
  const link = linkToAdd(said)
  if (file === undefined && link === null) return null
  const download = file === undefined ? undefined : slackDownload(file, deps.config.apiUrl, deps.config.botToken)
  return await addFromChat(deps.engine, deps.adding, event.user ?? '', file ?? (link as string), download)
}

/**
 * How a file shared in Slack is downloaded: with the bot token, but only from Slack itself (a
 * slack.com host, or the Web API's own host when it is set elsewhere), never to another address.
 */
function slackDownload(
  url: string,
  apiUrl: string | null,
  token: string,
): { headers: Record<string, string>; refused: string } {
  const refused = 'Slack did not hand over the file; the app needs the files:read permission.'
  let host = ''
  try {
    host = new URL(url).host
  } catch {
    return { headers: {}, refused }
  }
  const slack =
    host === 'slack.com' || host.endsWith('.slack.com') || (apiUrl !== null && new URL(apiUrl).host === host)
  return { headers: slack ? { Authorization: `Bearer ${token}` } : {}, refused }
}
