// `npm run slack:sandbox [-- --socket] [--data DIR]`: the real bot against the local Slack
// stand-in, so you can try it without a workspace. Type a question (sent as an @mention),
// `thread <question>` (a follow-up in the last answer's thread), `dm <question>`, `share` (presses
// Share on the last command's answer) or /ask, /source, /quote; what reaches "Slack" is printed.
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { startSlack } from '../../adapters/slack/index.js'
import { consoleLogger } from '../../src/index.js'
import { sandboxEngine } from '../support/sandbox-engine.js'
import { eventually, SlackStandIn, sign } from './stand-in.js'

const { values } = parseArgs({ options: { socket: { type: 'boolean' }, data: { type: 'string' } } })
const socket = values.socket === true
const secret = 'sandboxsecret0123456789'
const engine = await sandboxEngine(values.data)
const slack = new SlackStandIn()
await slack.start()
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
console.log(`${engine.size} articles. Type a question (sent as an @mention in #general), "thread <question>",`)
console.log('"dm <question>", "share", or /ask, /source, /quote. Ctrl-D leaves.')

let n = 0
async function deliver(kind: 'event' | 'command' | 'action', payload: Record<string, unknown>): Promise<void> {
  if (socket) {
    const type = kind === 'event' ? 'events_api' : kind === 'command' ? 'slash_commands' : 'interactive'
    slack.sendEnvelope(type, payload, `env-${n}`)
    return
  }
  const body =
    kind === 'event'
      ? JSON.stringify(payload)
      : kind === 'action'
        ? new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
        : new URLSearchParams(payload as Record<string, string>).toString()
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

/** The thread of the last answer in #general, for `thread` follow-ups. */
let lastThread: string | null = null
/** The Share button's value on the last command's answer, for `share`. */
let lastShare: string | null = null

const rl = createInterface({ input: process.stdin })
for await (const line of rl) {
  const text = line.trim()
  if (text === '') continue
  n++
  const before = { calls: slack.callsOf('chat.postMessage').length, responses: slack.responses.length }
  const nextPost = () =>
    eventually(
      () => slack.callsOf('chat.postMessage').length > before.calls && slack.callsOf('chat.postMessage')[before.calls],
    ).catch(() => null)
  const m = /^\/(ask|source|quote)\b\s*(.*)$/.exec(text)
  const dm = /^dm\s+(.*)$/i.exec(text)
  const thread = /^thread\s+(.*)$/i.exec(text)
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
    if (r !== null) {
      show('ephemeral reply (only you see it)', r.body)
      const buttons = ((r.body.blocks ?? []) as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>)
        .flatMap((b) => b.elements ?? [])
        .filter((e) => e.action_id === 'newsdesk_share')
      lastShare = buttons[0]?.value ?? null
    }
  } else if (/^share$/i.test(text)) {
    if (lastShare === null) {
      console.log('Nothing to share yet: ask with /ask, /source or /quote first.')
      continue
    }
    await deliver('action', {
      type: 'block_actions',
      user: { id: 'U0YOU' },
      team: { id: 'T0SANDBOX' },
      channel: { id: 'C0GENERAL' },
      response_url: slack.responseUrl(`s${n}`),
      trigger_id: '1',
      actions: [{ type: 'button', action_id: 'newsdesk_share', block_id: 'b', value: lastShare, action_ts: '1' }],
    })
    const c = await nextPost()
    if (c !== null) show(`shared to ${String(c.body.channel)}`, c.body)
  } else if (dm !== null) {
    await deliver('event', {
      type: 'event_callback',
      event_id: `EvSandbox${n}`,
      team_id: 'T0SANDBOX',
      event: {
        type: 'message',
        channel_type: 'im',
        user: 'U0YOU',
        text: dm[1],
        ts: `${1000 + n}.000100`,
        channel: 'D0YOU',
      },
    })
    const c = await nextPost()
    if (c !== null) show(`DM reply in ${String(c.body.channel)}`, c.body)
  } else {
    const ts = `${1000 + n}.000100`
    const inThread = thread !== null && lastThread !== null
    if (thread !== null && lastThread === null) console.log('(No thread yet: asked in the channel instead.)')
    await deliver('event', {
      type: 'event_callback',
      event_id: `EvSandbox${n}`,
      team_id: 'T0SANDBOX',
      event: {
        type: 'app_mention',
        user: 'U0YOU',
        text: `<@U0NEWSDESK> ${thread?.[1] ?? text}`,
        ts,
        ...(inThread ? { thread_ts: lastThread } : {}),
        channel: 'C0GENERAL',
      },
    })
    if (!inThread) lastThread = ts
    const c = await nextPost()
    if (c !== null) show(`chat.postMessage to ${String(c.body.channel)} in thread ${String(c.body.thread_ts)}`, c.body)
  }
}
await bot.stop()
await slack.close()
process.exit(0)
