import { spawn } from 'node:child_process'
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
      expect(stdout).toBe('')
      expect(stderr).not.toMatch(/xoxb-1-service|xapp-1-A0-1-service|abcdefghijklmnopqrstuvwxyz0123/)
    } finally {
      child.kill('SIGTERM')
    }
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
    expect(code).toBe(0)
  }, 30_000)
})
