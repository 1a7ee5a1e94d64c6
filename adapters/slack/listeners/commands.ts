import type { AllMiddlewareArgs, App, RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt'
import type { Command, Result } from '../../../src/index.js'
import { addFromChat } from '../../shared/add.js'
import { cutPrefix } from '../../shared/cut.js'
import { feedsFromChat } from '../../shared/feeds.js'
import { noteResult } from '../../shared/log.js'
import { slowDown } from '../../shared/rate-limit.js'
import { type ChatWatching, unwatchCommand, WATCHES_OFF, watchCommand, watchesCommand } from '../../shared/watch.js'
import { apology, renderResult } from '../blocks.js'
import { safe } from '../safe-text.js'
import { type Deps, mustWait, questionFrom } from './deps.js'
import { reliableRespond } from './respond.js'

const USAGE: Record<Command, string> = {
  ask: 'Usage: /ask <question>, for example /ask What did Witkoff say about security guarantees?',
  source: 'Usage: /source [claim], or /source alone to list the articles',
  quote: 'Usage: /quote <speaker or topic>, for example /quote Witkoff',
}

// Slack caps a button's value at 2,000 characters; JSON escapes can make a text longer, so the
// text is cut until the whole value fits.
const BUTTON_VALUE = 2000

// Whole characters only: half a surrogate pair would reach the engine as a broken character.
function buttonValue(make: (text: string) => object, text: string): string {
  let t = cutPrefix(text, 1500)
  let value = JSON.stringify(make(t))
  while (value.length > BUTTON_VALUE) {
    t = cutPrefix(t, Math.floor(t.length * 0.8))
    value = JSON.stringify(make(t))
  }
  return value
}

/** The Share button carries the command, so the shared answer is computed afresh. */
export function shareValue(command: Command, text: string): string {
  return buttonValue((t) => ({ c: command, t }), text)
}

/** The More quotations button carries the query and where the next page starts. */
export function moreValue(text: string, offset: number): string {
  return buttonValue((t) => ({ t, o: offset }), text)
}

/** The value for a More button under a quote result, when it has more quotations than it shows. */
export function moreAfter(result: Result, offset = 0): string | undefined {
  if (result.command !== 'quote' || result.kind !== 'answer' || result.total === undefined) return undefined
  const next = offset + result.excerpts.length
  return next < result.total ? moreValue(result.query, next) : undefined
}

/** /ask, /source, /quote: acknowledged at once, answered privately with a Share button. /add for editors. */
export function register(app: App, deps: Deps): void {
  app.command('/add', async ({ ack, command: body, respond: raw, client }) => {
    await ack()
    const respond = reliableRespond(raw, client, { channel: body.channel_id, user: body.user_id }, deps.logger)
    try {
      const text = await addFromChat(deps.engine, deps.adding, body.user_id, questionFrom(body.text ?? ''))
      await respond({ response_type: 'ephemeral', text })
    } catch (err) {
      deps.logger.error('Newsdesk: /add failed', err)
      await respond({ response_type: 'ephemeral', text: apology().text }).catch((e) =>
        deps.logger.error('Newsdesk: could not send the apology to Slack', e),
      )
    }
  })
  app.command('/watch', async ({ ack, command: body, respond: raw, client }) => {
    await ack()
    const respond = reliableRespond(raw, client, { channel: body.channel_id, user: body.user_id }, deps.logger)
    await reply(respond, deps, 'in_channel', (w) =>
      watchCommand(w.store, `slack:${body.channel_id}`, body.user_id, questionFrom(body.text ?? '')),
    )
  })
  app.command('/feeds', async ({ ack, command: body, respond: raw, client }) => {
    await ack()
    const respond = reliableRespond(raw, client, { channel: body.channel_id, user: body.user_id }, deps.logger)
    await reply(respond, deps, 'ephemeral', (w) =>
      feedsFromChat(w.feeds, deps.adding?.editors, body.user_id, questionFrom(body.text ?? '')),
    )
  })
  app.command('/watches', async ({ ack, command: body, respond: raw, client }) => {
    await ack()
    const respond = reliableRespond(raw, client, { channel: body.channel_id, user: body.user_id }, deps.logger)
    await reply(respond, deps, 'ephemeral', async (w) => watchesCommand(w.store, `slack:${body.channel_id}`))
  })
  app.command('/unwatch', async ({ ack, command: body, respond: raw, client }) => {
    await ack()
    const respond = reliableRespond(raw, client, { channel: body.channel_id, user: body.user_id }, deps.logger)
    await reply(respond, deps, 'in_channel', (w) =>
      unwatchCommand(w.store, `slack:${body.channel_id}`, questionFrom(body.text ?? '')),
    )
  })
  for (const command of ['ask', 'source', 'quote'] as const) {
    app.command(`/${command}`, async (args) => {
      await handleCommand(command, args, deps)
    })
  }
}

// A watch command's reply (in the channel when it changes what the channel receives).
async function reply(
  respond: (message: RespondArguments) => Promise<void>,
  deps: Deps,
  type: 'in_channel' | 'ephemeral',
  run: (watching: ChatWatching) => Promise<string>,
): Promise<void> {
  try {
    const text = deps.watching === undefined ? WATCHES_OFF : await run(deps.watching)
    await respond({ response_type: deps.watching === undefined ? 'ephemeral' : type, text: safe(text) })
  } catch (err) {
    deps.logger.error('Newsdesk: a watch command failed', err)
    await respond({ response_type: 'ephemeral', text: apology().text }).catch((e) =>
      deps.logger.error('Newsdesk: could not send the apology to Slack', e),
    )
  }
}

export async function handleCommand(
  command: Command,
  { ack, command: body, respond: raw, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack()
  const respond = reliableRespond(raw, client, { channel: body.channel_id, user: body.user_id }, deps.logger)
  const wait = mustWait(deps, body.user_id)
  if (wait !== null) {
    await respond({ response_type: 'ephemeral', text: slowDown(deps.limiter?.perMinute ?? 0, wait) }).catch(
      (e: unknown) => deps.logger.warn('Newsdesk: could not ask a Slack user to slow down', e),
    )
    return
  }
  try {
    const text = questionFrom(body.text ?? '')
    if (text === '' && command !== 'source') {
      await respond({ response_type: 'ephemeral', text: USAGE[command] })
      return
    }
    const result = noteResult(deps.engine.run(command, text))
    const echo = `/${command}${text === '' ? '' : ` ${text}`}`
    const rendered = renderResult(result, { echo, share: shareValue(command, text), more: moreAfter(result) })
    await respond({
      response_type: 'ephemeral',
      text: rendered.text,
      blocks: rendered.blocks,
      unfurl_links: false,
      unfurl_media: false,
    })
  } catch (err) {
    deps.logger.error(`Newsdesk: answering /${command} failed`, err)
    const sorry = apology()
    await respond({ response_type: 'ephemeral', text: sorry.text }).catch((e) =>
      deps.logger.error('Newsdesk: could not send the apology to Slack', e),
    )
  }
}
