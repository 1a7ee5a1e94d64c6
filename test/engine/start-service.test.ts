import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP, BOT, CHANNEL, DiscordStandIn } from '../discord/stand-in.js'
import { eventually, SlackStandIn } from '../slack/stand-in.js'

// `newsdesk start` with tokens set is a service: Slack and Discord in one process, one engine,
// no console, standard input ignored, until a signal stops it.
describe('newsdesk start with Slack and Discord tokens', () => {
  const slack = new SlackStandIn()
  const discord = new DiscordStandIn()
  beforeAll(async () => {
    await slack.start()
    await discord.start()
  })
  afterAll(async () => {
    await slack.close()
    await discord.close()
  })

  it('serves both platforms until stopped', async () => {
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK|DISCORD)_/.test(k))),
      SLACK_BOT_TOKEN: 'xoxb-1-service',
      SLACK_APP_TOKEN: 'xapp-1-A0-1-service',
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAy.GstndIn.abcdefghijklmnopqrstuvwxyz0123',
      DISCORD_APPLICATION_ID: APP,
      DISCORD_API_URL: discord.api,
      HEALTH_PORT: String(await freePort()),
    }
    const child = spawn(process.execPath, [resolve('dist/adapters/cli/main.js'), 'start', '--no-cache'], { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    try {
      await eventually(() => /running on Slack and Discord/.test(stderr), 15_000)
      // Standard input is not read: a line typed there is no question.
      child.stdin.write('How many airstrikes did Russia launch?\n')
      slack.sendEnvelope(
        'events_api',
        {
          type: 'event_callback',
          event_id: 'EvService',
          team_id: 'T',
          event: {
            type: 'app_mention',
            user: 'U0ASKER',
            text: '<@U0NEWSDESK> How many airstrikes did Russia launch?',
            ts: '900.001',
            channel: 'C0GENERAL',
          },
        },
        'env-service',
      )
      discord.userMessage(`<@${BOT}> Who is the White House press secretary?`, { channel: CHANNEL, mentionsBot: true })
      const toSlack = await eventually(() => slack.callsOf('chat.postMessage')[0], 10_000)
      expect(JSON.stringify(toSlack.body.blocks)).toContain('more than 60 airstrikes')
      const toDiscord = await eventually(
        () => discord.calls.find((c) => c.method === 'POST' && c.path.endsWith('/messages')),
        10_000,
      )
      expect(JSON.stringify(toDiscord.body)).toContain('Karoline Leavitt')
      // Health, for a supervisor or a container: alive, and ready with both platforms connected.
      const alive = await fetch(`http://127.0.0.1:${env.HEALTH_PORT}/healthz`)
      expect(alive.status).toBe(200)
      const ready = await fetch(`http://127.0.0.1:${env.HEALTH_PORT}/readyz`)
      expect(ready.status).toBe(200)
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        articles: 2,
        platforms: { Slack: true, Discord: true },
        version: '0.1.0',
      })
      // Payloads Discord should never send (an interaction with no user or member, an empty
      // message) make discord.js throw: logged, and both platforms keep serving.
      const odd = { application_id: APP, type: 2, token: 'tok-odd', version: 1, channel_id: CHANNEL }
      discord.dispatch('INTERACTION_CREATE', { ...odd, id: '900', data: { id: '1', name: 'ask', type: 1 } })
      discord.dispatch('MESSAGE_CREATE', null)
      await eventually(() => /an unexpected error was caught; still serving/.test(stderr), 10_000)
      discord.userMessage(`<@${BOT}> How many airstrikes did Russia launch?`, { channel: CHANNEL, mentionsBot: true })
      await eventually(
        () => discord.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages')).length >= 2,
        10_000,
      )
      slack.sendEnvelope(
        'events_api',
        {
          type: 'event_callback',
          event_id: 'EvService2',
          team_id: 'T',
          event: {
            type: 'app_mention',
            user: 'U0ASKER',
            text: '<@U0NEWSDESK> Who is Witkoff?',
            ts: '900.002',
            channel: 'C0GENERAL',
          },
        },
        'env-service-2',
      )
      await eventually(() => slack.callsOf('chat.postMessage').length >= 2, 10_000)
      expect(child.exitCode).toBeNull()
      expect(stdout).toBe('')
      expect(stderr).not.toMatch(/xoxb-1-service|xapp-1-A0-1-service|abcdefghijklmnopqrstuvwxyz0123/)
      // The log is JSON lines: one per request with platform, command, latency and outcome, and
      // never the words asked.
      await eventually(() => requestLines(stderr).length >= 4, 10_000)
      const lines = stderr.trim().split('\n')
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow()
      const requests = requestLines(stderr)
      expect(requests).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ platform: 'slack', command: 'ask', answered: true, level: 'info' }),
          expect.objectContaining({ platform: 'discord', command: 'ask', answered: true, level: 'info' }),
        ]),
      )
      for (const r of requests) expect(r.latencyMs).toBeGreaterThanOrEqual(0)
      expect(requests.find((r) => r.answered === true)?.excerpts).toBeGreaterThan(0)
      expect(stderr).not.toMatch(/airstrikes|press secretary|Witkoff/)
    } finally {
      child.kill('SIGTERM')
    }
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
    expect(code).toBe(0)
  }, 30_000)

  it('on SIGTERM, finishes a reply already under way before it exits 0', async () => {
    slack.reset()
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK|DISCORD)_/.test(k))),
      SLACK_BOT_TOKEN: 'xoxb-2-service',
      SLACK_APP_TOKEN: 'xapp-1-A0-2-service',
      SLACK_API_URL: slack.apiUrl,
    }
    const child = spawn(process.execPath, [resolve('dist/adapters/cli/main.js'), 'start', '--no-cache'], { env })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    await eventually(() => /running on Slack/.test(stderr), 15_000)
    // The first post is turned away for a second: the reply is under way when the signal comes.
    slack.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false } })
    slack.sendEnvelope(
      'events_api',
      {
        type: 'event_callback',
        event_id: 'EvStopping',
        team_id: 'T',
        event: {
          type: 'app_mention',
          user: 'U0ASKER',
          text: '<@U0NEWSDESK> Who is the White House press secretary?',
          ts: '910.001',
          channel: 'C0GENERAL',
        },
      },
      'env-stopping',
    )
    await eventually(() => slack.callsOf('chat.postMessage').length === 1, 10_000)
    child.kill('SIGTERM')
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
    expect(code).toBe(0)
    const calls = slack.callsOf('chat.postMessage')
    expect(calls).toHaveLength(2)
    expect(JSON.stringify(calls[1].body.blocks)).toContain('Karoline Leavitt')
    expect(stderr).toMatch(/stopping: no new questions/)
  }, 30_000)
})

/** A port nothing listens on now. */
/** The request records among a service's JSON log lines. */
function requestLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .trim()
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>]
      } catch {
        return []
      }
    })
    .filter((r) => r.msg === 'request')
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise((r) => server.close(r))
  return port
}
