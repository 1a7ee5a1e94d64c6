import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt'
import { addFromChat, linkToAdd, wantsAdd } from '../../shared/add.js'
import { apology, type Rendered, renderResult } from '../blocks.js'
import { type Deps, questionFrom } from './deps.js'

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
  if (event.bot_id !== undefined || ('subtype' in event && event.subtype !== undefined)) return
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
  try {
    // "@newsdesk add <link>", or a file attached to a mention: an editor adds an article.
    const said = questionFrom(event.text)
    const attached = (event as { files?: Array<{ url_private?: string }> }).files?.[0]?.url_private
    const file = attached !== undefined && wantsAdd(said) ? attached : undefined
    const link = linkToAdd(said)
    if (file !== undefined || link !== null) {
      const download = file === undefined ? undefined : slackDownload(file, deps.config.apiUrl, deps.config.botToken)
      const text = await addFromChat(deps.engine, deps.adding, event.user ?? '', file ?? (link as string), download)
      await client.chat.postMessage({ channel: event.channel, thread_ts: thread, text, unfurl_links: false })
      return
    }
    const question = questionFrom(event.text)
    // A mention inside a thread reads the thread's earlier questions as context.
    const context = event.thread_ts === undefined ? [] : deps.threads.earlier(`${event.channel}/${event.thread_ts}`)
    const result = deps.engine.ask(question, { context })
    if (question !== '') deps.threads.remember(`${event.channel}/${thread}`, question)
    await reply(renderResult(result))
  } catch (err) {
    deps.logger.error('Newsdesk: answering a Slack mention failed', err)
    await reply(apology()).catch((e) => deps.logger.error('Newsdesk: could not send the apology to Slack', e))
  }
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
