import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt'
import type { Command } from '../../../src/index.js'
import { apology, renderResult } from '../blocks.js'
import { type Deps, questionFrom } from './deps.js'

const USAGE: Record<Command, string> = {
  ask: 'Usage: /ask <question>, for example /ask What did Witkoff say about security guarantees?',
  source: 'Usage: /source [claim], or /source alone to list the articles',
  quote: 'Usage: /quote <speaker or topic>, for example /quote Witkoff',
}

// The Share button carries the command so the shared answer is computed afresh; Slack caps a
// button's value at 2,000 characters.
export function shareValue(command: Command, text: string): string {
  return JSON.stringify({ c: command, t: text.slice(0, 1500) })
}

/** /ask, /source, /quote: acknowledged at once, answered privately with a Share button. */
export function register(app: App, deps: Deps): void {
  for (const command of ['ask', 'source', 'quote'] as const) {
    app.command(`/${command}`, async (args) => {
      await handleCommand(command, args, deps)
    })
  }
}

export async function handleCommand(
  command: Command,
  { ack, command: body, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack()
  try {
    const text = questionFrom(body.text ?? '')
    if (text === '' && command !== 'source') {
      await respond({ response_type: 'ephemeral', text: USAGE[command] })
      return
    }
    const result = deps.engine.run(command, text)
    const echo = `/${command}${text === '' ? '' : ` ${text}`}`
    const rendered = renderResult(result, { echo, share: shareValue(command, text) })
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
