import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt'
import type { Command } from '../../../src/index.js'
import { noteResult } from '../../shared/log.js'
import { apology, MORE_ACTION, renderResult, SHARE_ACTION } from '../blocks.js'
import { moreAfter, shareValue } from './commands.js'
import type { Deps } from './deps.js'

/** The Share in channel button under a private answer, and More quotations under a /quote. */
export function register(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(SHARE_ACTION, async (args) => {
    await handleShare(args, deps)
  })
  app.action<BlockAction<ButtonAction>>(MORE_ACTION, async (args) => {
    await handleMore(args, deps)
  })
}

/** The next page of a /quote, privately, with its own More button while there are more. */
export async function handleMore(
  { ack, action, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack()
  try {
    const { t, o } = JSON.parse(action.value ?? '{}') as { t?: unknown; o?: unknown }
    if (typeof t !== 'string' || typeof o !== 'number' || !Number.isInteger(o) || o < 0) {
      throw new Error('Newsdesk: malformed More button value')
    }
    const result = noteResult(deps.engine.quote(t, { offset: o }), 'quote')
    const rendered = renderResult(result, {
      echo: `/quote ${t}`,
      share: shareValue('quote', t),
      more: moreAfter(result, o),
    })
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: rendered.text,
      blocks: rendered.blocks,
      unfurl_links: false,
      unfurl_media: false,
    })
  } catch (err) {
    deps.logger.error('Newsdesk: showing more quotations failed', err)
    await respond({ response_type: 'ephemeral', replace_original: false, text: apology().text }).catch((e) =>
      deps.logger.error('Newsdesk: could not send the apology to Slack', e),
    )
  }
}

export async function handleShare(
  { ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack()
  try {
    const { c, t } = JSON.parse(action.value ?? '{}') as { c?: string; t?: string }
    if ((c !== 'ask' && c !== 'source' && c !== 'quote') || typeof t !== 'string')
      throw new Error('Newsdesk: malformed share button value')
    const channel = body.channel?.id
    if (channel === undefined) throw new Error('Newsdesk: share button pressed outside a channel')
    const result = noteResult(deps.engine.run(c as Command, t), c)
    const rendered = renderResult(result, { echo: `/${c}${t === '' ? '' : ` ${t}`}`, sharedBy: body.user.id })
    try {
      await client.chat.postMessage({
        channel,
        text: rendered.text,
        blocks: rendered.blocks,
        unfurl_links: false,
        unfurl_media: false,
      })
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error
      if (code === 'not_in_channel' || code === 'channel_not_found') {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'I can’t post in this channel yet: invite me first (/invite @Newsdesk), then share again.',
        })
        return
      }
      throw err
    }
    // The private copy has done its job.
    await respond({ delete_original: true }).catch(() => {})
  } catch (err) {
    deps.logger.error('Newsdesk: sharing an answer failed', err)
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'Sorry, I could not share that answer. Please try again.',
    }).catch((e) => deps.logger.error('Newsdesk: could not send the apology to Slack', e))
  }
}
