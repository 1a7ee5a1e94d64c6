// `npm run slack:sandbox [-- --socket]`: the real bot against the local Slack stand-in, so you
// can try it without a workspace. Type a question (sent as an @mention) or /ask, /source,
// /quote; the reply that reaches "Slack" is printed.
import { createInterface } from 'node:readline'
import { startSlack } from '../../adapters/slack/index.js'
import { consoleLogger, Newsdesk } from '../../src/index.js'
import { eventually, SlackStandIn, sign } from './stand-in.js'

const socket = process.argv.includes('--socket')
const secret = 'sandboxsecret0123456789'
const slack = new SlackStandIn()
await slack.start()
const engine = await Newsdesk.fromDirectory(process.env.NEWSDESK_DATA ?? 'data/articles')
const bot = await startSlack(
  engine,
  {
    botToken: 'xoxb-sandbox',
    ...(socket
      ? ({ mode: 'socket', appToken: 'xapp-1-sandbox' } as const)
      : ({ mode: 'http', signingSecret: secret, port: 0 } as const)),
    channels: null,
    apiUrl: slack.apiUrl,
  },
  consoleLogger('warn'),
)
if (socket) await eventually(() => slack.socketCount > 0)
console.log(`Slack stand-in on ${slack.apiUrl}; bot in ${socket ? 'Socket Mode' : `HTTP mode on port ${bot.port}`}.`)
console.log('Type a question (sent as an @mention in #general), or /ask, /source, /quote. Ctrl-D leaves.')

let n = 0
async function deliver(kind: 'event' | 'command', payload: Record<string, unknown>): Promise<void> {
  if (socket) {
    slack.sendEnvelope(kind === 'event' ? 'events_api' : 'slash_commands', payload, `env-${n}`)
    return
  }
  const body =
    kind === 'event' ? JSON.stringify(payload) : new URLSearchParams(payload as Record<string, string>).toString()
  const at = Math.floor(Date.now() / 1000)
  await fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
    method: 'POST',
    body,
    headers: {
      'content-type': kind === 'event' ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(at),
      'x-slack-signature': sign(secret, at, body),
    },
  })
}

function show(label: string, body: Record<string, unknown>): void {
  const blocks = (body.blocks ?? []) as Array<{ text?: { text: string }; elements?: Array<{ text?: unknown }> }>
  console.log(`\n— ${label} —`)
  for (const b of blocks) {
    const t =
      b.text?.text ??
      (b.elements ?? [])
        .map((e) =>
          typeof e.text === 'string' ? e.text : ((e.text as { text?: string } | undefined)?.text ?? '[button]'),
        )
        .join(' ')
    console.log(t)
  }
  if (blocks.length === 0) console.log(String(body.text))
  console.log('')
}

const rl = createInterface({ input: process.stdin })
for await (const line of rl) {
  const text = line.trim()
  if (text === '') continue
  n++
  const before = { calls: slack.callsOf('chat.postMessage').length, responses: slack.responses.length }
  const m = /^\/(ask|source|quote)\b\s*(.*)$/.exec(text)
  if (m !== null) {
    await deliver('command', {
      team_id: 'T0SANDBOX',
      channel_id: 'C0GENERAL',
      user_id: 'U0YOU',
      command: `/${m[1]}`,
      text: m[2],
      response_url: slack.responseUrl(`r${n}`),
      trigger_id: '1',
    })
    const r = await eventually(
      () => slack.responses.length > before.responses && slack.responses[slack.responses.length - 1],
    ).catch(() => null)
    if (r !== null) show('ephemeral reply (only you see it)', r.body)
  } else {
    await deliver('event', {
      type: 'event_callback',
      event_id: `EvSandbox${n}`,
      team_id: 'T0SANDBOX',
      event: {
        type: 'app_mention',
        user: 'U0YOU',
        text: `<@U0NEWSDESK> ${text}`,
        ts: `${1000 + n}.000100`,
        channel: 'C0GENERAL',
      },
    })
    const c = await eventually(
      () => slack.callsOf('chat.postMessage').length > before.calls && slack.callsOf('chat.postMessage')[before.calls],
    ).catch(() => null)
    if (c !== null) show(`chat.postMessage to ${String(c.body.channel)} in thread ${String(c.body.thread_ts)}`, c.body)
  }
}
await bot.stop()
await slack.close()
process.exit(0)
