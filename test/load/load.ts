import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { APP, BOT, CHANNEL, DiscordStandIn } from '../discord/stand-in.js'
import { SlackStandIn } from '../slack/stand-in.js'
import { postSigned } from '../support/slack-request.js'

/** What one kind of request did under load. */
export interface KindReport {
  kind: string
  sent: number
  /** Acknowledged within Slack's and Discord's 3 seconds (events, commands, interactions). */
  ackedInTime: number
  answeredOnce: number
  duplicated: number
  lost: number
  /** Milliseconds from sending to the reply reaching the platform. */
  p50: number
  p99: number
  max: number
}

export interface LoadReport {
  kinds: KindReport[]
  /** The service's resident memory (MB) once started and after the load. */
  rssBefore: number
  rssAfter: number
  /** Log lines that are errors. */
  errors: string[]
}

const QUESTIONS = [
  'How many airstrikes did Russia launch?',
  'Who is the White House press secretary?',
  'What did Witkoff say about security guarantees?',
  'Where did the talks take place?',
]
const SECRET = 'loadtestsigningsecret0123456789ab'
const ACK_MS = 3000

/**
 * Starts `newsdesk start` as a service on Slack (HTTP mode) and Discord, against local
 * stand-ins, and sends `perKind` requests of each kind at once: Slack mentions and slash commands
 * (signed, to the HTTP receiver), Discord mentions and slash commands (through the gateway).
 * Each person asks twice at most, so the per-person limit stays out of the way.
 */
export async function runLoad(perKind: number, dataDir?: string): Promise<LoadReport> {
  const slack = new SlackStandIn()
  const discord = new DiscordStandIn()
  await slack.start()
  await discord.start()
  const service = await startService(slack, discord, dataDir)
  const { child, url } = service
  try {
    const rssBefore = rssOf(child)
    const kinds = await Promise.all([
      slackMentions(slack, `${url}/slack/events`, perKind),
      slackCommands(slack, `${url}/slack/events`, perKind),
      discordMentions(discord, perKind),
      discordInteractions(discord, perKind),
    ])
    const rssAfter = rssOf(child)
    const errors = service
      .stderr()
      .split('\n')
      .filter((l) => /"level":"(error|fatal)"/.test(l))
    return { kinds, rssBefore, rssAfter, errors }
  } finally {
    child.kill('SIGTERM')
    await new Promise((done) => (child.exitCode === null ? child.once('close', done) : done(null)))
    await slack.close()
    await discord.close()
  }
}

/** What a SIGTERM in the middle of a burst did. */
export interface StopReport {
  sent: number
  /** Acknowledged (HTTP 200) by the service. */
  acked: number
  /** Acknowledged and answered exactly once. */
  answeredOnce: number
  /** Acknowledged but never answered: lost for good, as Slack never sends them again. */
  lost: number
  duplicated: number
  exitCode: number | null
}

/**
 * Slack HTTP mode: `perKind` mentions and `perKind` slash commands at once, and SIGTERM as soon as
 * the first reply arrives. Whatever was acknowledged must be answered once before the exit.
 */
export async function runStopInBurst(perKind: number): Promise<StopReport> {
  const slack = new SlackStandIn()
  await slack.start()
  const { child, url } = await startService(slack, null)
  const exited = new Promise<number | null>((done) => child.once('close', done))
  try {
    const ts = (i: number) => `1900000000.${String(i).padStart(6, '0')}`
    const post = async (body: string): Promise<boolean> => {
      try {
        return (await postSigned(`${url}/slack/events`, SECRET, body)).status === 200
      } catch {
        return false
      }
    }
    const requests = Array.from({ length: perKind * 2 }, (_, i) =>
      i < perKind
        ? JSON.stringify({
            type: 'event_callback',
            event_id: `EvStop${i}`,
            team_id: 'T0STANDIN',
            event: {
              type: 'app_mention',
              user: `U0STOP${i}`,
              text: `<@U0NEWSDESK> ${QUESTIONS[i % QUESTIONS.length]}`,
              ts: ts(i),
              channel: 'C0GENERAL',
            },
          })
        : new URLSearchParams({
            team_id: 'T0STANDIN',
            channel_id: 'C0GENERAL',
            user_id: `U0STOPCMD${i}`,
            command: '/ask',
            text: QUESTIONS[i % QUESTIONS.length],
            response_url: slack.responseUrl(`stop-${i}`),
            trigger_id: String(i),
          }).toString(),
    )
    const acks = requests.map((body) => post(body))
    // SIGTERM as soon as the first answer is out, with the rest still under way.
    while (slack.callsOf('chat.postMessage').length + slack.responses.length === 0) {
      await new Promise((r) => setTimeout(r, 5))
    }
    child.kill('SIGTERM')
    const acked = await Promise.all(acks)
    const exitCode = await exited
    let answeredOnce = 0
    let lost = 0
    let duplicated = 0
    acked.forEach((ok, i) => {
      const replies =
        i < perKind
          ? slack.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === ts(i))
          : slack.responses.filter((r) => r.id === `stop-${i}`)
      if (replies.length > 1) duplicated++
      if (!ok) return
      if (replies.length === 1) answeredOnce++
      else if (replies.length === 0) lost++
    })
    return { sent: requests.length, acked: acked.filter(Boolean).length, answeredOnce, lost, duplicated, exitCode }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
    await slack.close()
  }
}

/**
 * `newsdesk start` on Slack in HTTP mode (and Discord when given) against the stand-ins, once
 * ready: the corpus loaded and every platform connected.
 */
async function startService(
  slack: SlackStandIn,
  discord: DiscordStandIn | null,
  dataDir?: string,
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  slack.botToken = 'xoxb-9-load'
  const port = await freePort()
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK|DISCORD|NEWSDESK)_/.test(k))),
    SLACK_BOT_TOKEN: 'xoxb-9-load',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    ...(discord === null
      ? {}
      : {
          DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAy.GstndIn.abcdefghijklmnopqrstuvwxyz0123',
          DISCORD_APPLICATION_ID: APP,
          DISCORD_API_URL: discord.api,
        }),
    LOG_LEVEL: 'warn',
  }
  const args = [resolve('dist/adapters/cli/main.js'), 'start', '--no-cache', ...(dataDir ? ['--data', dataDir] : [])]
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const url = `http://127.0.0.1:${port}`
  const end = Date.now() + 60_000
  while (!(await ready(`${url}/readyz`))) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL')
      throw new Error(`the service did not start:\n${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { child, url, stderr: () => stderr }
}

async function slackMentions(slack: SlackStandIn, url: string, n: number): Promise<KindReport> {
  const sent: number[] = []
  const acks = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const body = JSON.stringify({
        type: 'event_callback',
        event_id: `EvLoad${i}`,
        team_id: 'T0STANDIN',
        api_app_id: 'A0STANDIN',
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: 'app_mention',
          user: `U0LOAD${i}`,
          text: `<@U0NEWSDESK> ${QUESTIONS[i % QUESTIONS.length]}`,
          ts: `1800000000.${String(i).padStart(6, '0')}`,
          channel: 'C0GENERAL',
          event_ts: `1800000000.${String(i).padStart(6, '0')}`,
        },
      })
      sent[i] = performance.now()
      const res = await postSigned(url, SECRET, body)
      return res.status === 200 && performance.now() - sent[i] <= ACK_MS
    }),
  )
  const replyOf = (i: number) =>
    slack.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === `1800000000.${String(i).padStart(6, '0')}`)
  return await report('Slack mentions', sent, acks, replyOf)
}

async function slackCommands(slack: SlackStandIn, url: string, n: number): Promise<KindReport> {
  const sent: number[] = []
  const acks = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const body = new URLSearchParams({
        token: 'legacy',
        team_id: 'T0STANDIN',
        team_domain: 'standin',
        channel_id: 'C0GENERAL',
        channel_name: 'general',
        user_id: `U0CMD${i}`,
        user_name: `person${i}`,
        command: '/ask',
        text: QUESTIONS[i % QUESTIONS.length],
        api_app_id: 'A0STANDIN',
        response_url: slack.responseUrl(`load-${i}`),
        trigger_id: `trigger-${i}`,
      }).toString()
      sent[i] = performance.now()
      const res = await postSigned(url, SECRET, body)
      return res.status === 200 && performance.now() - sent[i] <= ACK_MS
    }),
  )
  const replyOf = (i: number) => slack.responses.filter((r) => r.id === `load-${i}`)
  return await report('Slack slash commands', sent, acks, replyOf)
}

async function discordMentions(discord: DiscordStandIn, n: number): Promise<KindReport> {
  const sent: number[] = []
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    sent[i] = performance.now()
    ids[i] = discord.userMessage(`<@${BOT}> ${QUESTIONS[i % QUESTIONS.length]}`, {
      channel: CHANNEL,
      mentionsBot: true,
      userId: String(300000000000000000n + BigInt(i)),
    })
  }
  const replyOf = (i: number) =>
    discord.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${CHANNEL}/messages` &&
        (c.body as { message_reference?: { message_id?: string } } | null)?.message_reference?.message_id === ids[i],
    )
  // A mention has no acknowledgement of its own: the reply is the only sign.
  return await report('Discord mentions', sent, null, replyOf)
}

async function discordInteractions(discord: DiscordStandIn, n: number): Promise<KindReport> {
  const sent: number[] = []
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    sent[i] = performance.now()
    ids[i] = discord.interaction(
      2,
      'ask',
      [{ name: 'question', type: 3, value: QUESTIONS[i % QUESTIONS.length] }],
      `load-token-${i}`,
      String(400000000000000000n + BigInt(i)),
    )
  }
  const ackOf = (i: number) =>
    discord.calls.find((c) => c.method === 'POST' && c.path === `/interactions/${ids[i]}/load-token-${i}/callback`)
  const replyOf = (i: number) =>
    discord.calls.filter(
      (c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/load-token-${i}/messages/%40original`,
    )
  const done = await report('Discord slash commands', sent, null, replyOf)
  let ackedInTime = 0
  for (let i = 0; i < n; i++) {
    const ack = ackOf(i)
    if (ack !== undefined && ack.at - sent[i] <= ACK_MS) ackedInTime++
  }
  return { ...done, ackedInTime }
}

/** Waits for every reply (up to 60 s after the last is due), then counts and times them. */
async function report(
  kind: string,
  sent: number[],
  acks: boolean[] | null,
  replyOf: (i: number) => Array<{ at: number }>,
): Promise<KindReport> {
  const n = sent.length
  const end = Date.now() + 60_000
  while (Date.now() < end && sent.some((_, i) => replyOf(i).length === 0)) {
    await new Promise((r) => setTimeout(r, 50))
  }
  // A late duplicate would come within the retry windows; give one more moment for it.
  await new Promise((r) => setTimeout(r, 500))
  const times: number[] = []
  let answeredOnce = 0
  let duplicated = 0
  let lost = 0
  for (let i = 0; i < n; i++) {
    const replies = replyOf(i)
    if (replies.length === 0) {
      lost++
      if (process.env.LOAD_DEBUG) process.stderr.write(`${kind}: ${i} lost\n`)
    } else {
      if (replies.length === 1) answeredOnce++
      else duplicated++
      times.push(replies[0].at - sent[i])
    }
  }
  times.sort((a, b) => a - b)
  const at = (q: number) =>
    times.length === 0 ? Number.NaN : times[Math.min(times.length - 1, Math.floor(q * times.length))]
  return {
    kind,
    sent: n,
    ackedInTime: acks === null ? n - lost : acks.filter(Boolean).length,
    answeredOnce,
    duplicated,
    lost,
    p50: Math.round(at(0.5)),
    p99: Math.round(at(0.99)),
    max: Math.round(times.at(-1) ?? Number.NaN),
  }
}

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200
  } catch {
    return false
  }
}

/** Resident memory of a process, in MB (Linux). */
function rssOf(child: ChildProcess): number {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024)
  } catch {
    return Number.NaN
  }
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const port = (server.address() as { port: number }).port
  await new Promise((done) => server.close(done))
  return port
}
