import { readdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { isValidSlackRequest } from '@slack/bolt'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RunningSlack, readSlackConfig, type SlackConfig, startSlack } from '../../adapters/slack/index.js'
import { keepLive, Newsdesk, WatchDispatcher, WatchStore } from '../../src/index.js'
import { folderWith } from '../engine/helpers.js'
import { recordingLogger } from '../support/logger.js'
import { postSigned, sign } from '../support/slack-request.js'
import { tempDir } from '../support/temp-dir.js'
import { type ApiCall, eventually, SlackStandIn } from './stand-in.js'

const SECRET = 'stand1n5ecret0123456789abcdefABCD'
const FAST_RETRIES = { retries: 2, factor: 1, minTimeout: 20, maxTimeout: 50 }

interface Block {
  type: string
  text?: { text: string }
  elements?: Array<{ text?: string | { text: string }; action_id?: string; value?: string }>
}

function allText(blocks: Block[]): string {
  return blocks
    .map((b) =>
      [
        b.text?.text ?? '',
        ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))),
      ].join('\n'),
    )
    .join('\n')
}

function expectWithinLimits(blocks: Block[]): void {
  expect(blocks.length).toBeLessThanOrEqual(50)
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(150)
    if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(3000)
  }
}

let slack: SlackStandIn
let engine: Newsdesk

beforeAll(async () => {
  slack = new SlackStandIn()
  await slack.start()
  engine = await Newsdesk.fromDirectory('data/articles')
})
afterAll(async () => {
  await slack.close()
})

describe('HTTP mode, signed as Slack signs', () => {
  let bot: RunningSlack
  let base: string
  const logger = recordingLogger()
  let eventSeq = 0

  beforeAll(async () => {
    const config = httpConfig('xoxb-1-test')
    bot = await startSlack(engine, config, logger, { retryConfig: FAST_RETRIES })
    base = `http://127.0.0.1:${bot.port}/slack/events`
  })
  afterAll(async () => {
    await bot.stop()
  })
  beforeEach(() => {
    slack.reset()
  })

  async function post(
    body: string,
    type: string,
    headers: Record<string, string> = {},
    at = Math.floor(Date.now() / 1000),
  ): Promise<Response> {
    return await postSigned(base, SECRET, body, { at, headers: { 'content-type': type, ...headers } })
  }
  const postEvent = async (
    event: Record<string, unknown>,
    headers: Record<string, string> = {},
    eventId = `Ev${++eventSeq}`,
  ): Promise<Response> =>
    await post(
      JSON.stringify({
        token: 't',
        team_id: 'T0STANDIN',
        api_app_id: 'A0STANDIN',
        type: 'event_callback',
        event_id: eventId,
        event_time: 1,
        event,
      }),
      'application/json',
      headers,
    )
  const postCommand = async (command: string, text: string, id: string): Promise<Response> =>
    await post(
      new URLSearchParams({
        token: 't',
        team_id: 'T0STANDIN',
        channel_id: 'C0GENERAL',
        user_id: 'U0ASKER',
        command,
        text,
        response_url: slack.responseUrl(id),
        trigger_id: '1.2.3',
      }).toString(),
      'application/x-www-form-urlencoded',
    )
  const posted = async (n = 1): Promise<ApiCall[]> =>
    await eventually(() => slack.callsOf('chat.postMessage').length >= n && slack.callsOf('chat.postMessage'))

  it('answers a mention in a thread under the question', async () => {
    const res = await postEvent({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0NEWSDESK> How many airstrikes did Russia launch?',
      ts: '100.001',
      channel: 'C0GENERAL',
    })
    expect(res.status).toBe(200)
    const [call] = await posted()
    expect(call.body).toMatchObject({
      channel: 'C0GENERAL',
      thread_ts: '100.001',
      unfurl_links: false,
      unfurl_media: false,
    })
    const blocks = call.body.blocks as Block[]
    expect(allText(blocks)).toContain('more than 60 airstrikes')
    expect(allText(blocks)).toContain(
      '[1] *Trump Envoy Says ‘Substantial Progress’ Achieved in Summit With Putin* — Kurdistan24',
    )
    expect(String(call.body.text)).toContain('1 excerpt from 1 article')
  })

  it('reads the earlier questions of a thread for a follow-up', async () => {
    await postEvent({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0NEWSDESK> What did Zelenskyy say?',
      ts: '200.001',
      channel: 'C0GENERAL',
    })
    await posted(1)
    await postEvent({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0NEWSDESK> and about security?',
      ts: '200.005',
      thread_ts: '200.001',
      channel: 'C0GENERAL',
    })
    const calls = await posted(2)
    expect(calls[1].body.thread_ts).toBe('200.001')
    expect(allText(calls[1].body.blocks as Block[])).toMatch(/^— Volodymyr Zelenskyy$/m)
  })

  it('answers a direct message directly, and ignores bots and edits', async () => {
    await postEvent({
      type: 'message',
      channel_type: 'im',
      channel: 'D0DM',
      user: 'U0ASKER',
      text: 'Who is the White House press secretary?',
      ts: '300.001',
    })
    await postEvent({
      type: 'message',
      channel_type: 'im',
      channel: 'D0DM',
      bot_id: 'B0OTHER',
      user: 'U0BOT',
      text: 'Who is the White House press secretary?',
      ts: '300.002',
    })
    await postEvent({ type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0DM', ts: '300.003' })
    await postEvent({
      type: 'app_mention',
      bot_id: 'B0OTHER',
      user: 'U0BOT',
      text: '<@U0NEWSDESK> hi',
      ts: '300.004',
      channel: 'C0GENERAL',
    })
    const [call] = await posted()
    expect(call.body.channel).toBe('D0DM')
    expect(call.body.thread_ts).toBeUndefined()
    expect(allText(call.body.blocks as Block[])).toContain('Karoline Leavitt')
    // A DM after them is answered; by then the ignored events were handled too.
    await postEvent({
      type: 'message',
      channel_type: 'im',
      channel: 'D0DM',
      user: 'U0ASKER',
      text: 'Who is Witkoff?',
      ts: '300.005',
    })
    await posted(2)
    expect(slack.callsOf('chat.postMessage')).toHaveLength(2)
  })

  it('answers a mention once, even when it is edited afterwards (Slack sends it again with edited)', async () => {
    const mention = {
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0NEWSDESK> Who is the White House press secretary?',
      ts: '310.001',
      channel: 'C0GENERAL',
    }
    await postEvent(mention)
    await postEvent({ ...mention, text: `${mention.text} (typo fixed)`, edited: { user: 'U0ASKER', ts: '310.002' } })
    // A later question is answered; by then the edit was handled, and not answered.
    await postEvent({ ...mention, text: '<@U0NEWSDESK> Who is Witkoff?', ts: '310.003' })
    await posted(2)
    expect(slack.callsOf('chat.postMessage').map((c) => c.body.thread_ts)).toEqual(['310.001', '310.003'])
  })

  it('answers a mention in a thread reply also sent to the channel (thread_broadcast), in the thread', async () => {
    await postEvent({
      type: 'app_mention',
      subtype: 'thread_broadcast',
      user: 'U0ASKER',
      text: '<@U0NEWSDESK> Who is the White House press secretary?',
      ts: '320.002',
      thread_ts: '320.001',
      root: { ts: '320.001', user: 'U0OTHER', text: 'earlier' },
      channel: 'C0GENERAL',
    })
    const [call] = await posted()
    expect(call.body.thread_ts).toBe('320.001')
    expect(allText(call.body.blocks as Block[])).toContain('Karoline Leavitt')
  })

  it('answers a DM carrying a file (file_share, bot_id null), and a DM asked in a thread, in that thread', async () => {
    await postEvent({
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      channel: 'D0DM',
      user: 'U0ASKER',
      bot_id: null,
      text: 'Who is the White House press secretary?',
      files: [{ id: 'F0NOTES', name: 'notes.txt', url_private: 'https://files.slack.com/files-pri/T0/F0/notes.txt' }],
      upload: false,
      ts: '330.001',
    })
    const [first] = await posted()
    expect(first.body.channel).toBe('D0DM')
    expect(allText(first.body.blocks as Block[])).toContain('Karoline Leavitt')
    await postEvent({
      type: 'message',
      channel_type: 'im',
      channel: 'D0DM',
      user: 'U0ASKER',
      text: 'How many airstrikes did Russia launch?',
      ts: '330.003',
      thread_ts: '330.002',
    })
    const [, second] = await posted(2)
    expect(second.body.thread_ts).toBe('330.002')
    expect(allText(second.body.blocks as Block[])).toContain('airstrikes')
  })

  it('delivers a command’s answer through the Web API when its response_url keeps failing', async () => {
    slack.failNextResponses({ status: 500 }, { status: 429, headers: { 'retry-after': '0' } }, { status: 500 })
    await postCommand('/ask', 'Who is the White House press secretary?', 'failing')
    const ephemeral = await eventually(() => slack.callsOf('chat.postEphemeral')[0], 10_000)
    expect(ephemeral.body).toMatchObject({ channel: 'C0GENERAL', user: 'U0ASKER' })
    expect(JSON.stringify(ephemeral.body)).toContain('Karoline Leavitt')
    // And a response_url that fails once is simply tried again.
    slack.failNextResponses({ status: 500 })
    await postCommand('/ask', 'Who is the White House press secretary?', 'flaky')
    const again = await eventually(() => slack.responses.find((r) => r.id === 'flaky'))
    expect(JSON.stringify(again.body)).toContain('Karoline Leavitt')
  })

  it('acknowledges /ask at once and answers privately, repeating the question, with a Share button', async () => {
    const res = await postCommand('/ask', 'How many airstrikes did Russia launch?', 'ask1')
    expect(res.status).toBe(200)
    const { body } = await eventually(() => slack.responses.find((r) => r.id === 'ask1'))
    expect(body.response_type).toBe('ephemeral')
    const blocks = body.blocks as Block[]
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '/ask How many airstrikes did Russia launch?' } })
    expect(allText(blocks)).toContain('more than 60 airstrikes')
    const button = blocks.find((b) => b.type === 'actions')!.elements![0]
    expect(button.action_id).toBe('newsdesk_share')

    // Share in channel: posted publicly, credited to the person who shared it.
    const payload = {
      type: 'block_actions',
      user: { id: 'U0SHARER' },
      team: { id: 'T0STANDIN' },
      channel: { id: 'C0GENERAL' },
      response_url: slack.responseUrl('share1'),
      trigger_id: '1.2.3',
      actions: [{ type: 'button', action_id: 'newsdesk_share', block_id: 'b', value: button.value, action_ts: '1' }],
    }
    const shareRes = await post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    )
    expect(shareRes.status).toBe(200)
    const [shared] = await posted()
    expect(shared.body.channel).toBe('C0GENERAL')
    const sharedText = allText(shared.body.blocks as Block[])
    expect(sharedText).toContain('Shared by <@U0SHARER>')
    expect(sharedText).toContain('more than 60 airstrikes')
    expect((await eventually(() => slack.responses.find((r) => r.id === 'share1'))).body.delete_original).toBe(true)
  })

  it('offers More quotations under a /quote that has more than it shows, and shows the next ones', async () => {
    await postCommand('/quote', 'Witkoff', 'page1')
    const first = await eventually(() => slack.responses.find((r) => r.id === 'page1'))
    const firstBlocks = first.body.blocks as Block[]
    expect(allText(firstBlocks)).toMatch(/Steve Witkoff: (\d+) quotations in \d+ articles; showing 10\./)
    const total = Number(/(\d+) quotations/.exec(allText(firstBlocks))![1])
    const buttons = firstBlocks.find((b) => b.type === 'actions')!.elements!
    const more = buttons.find((b) => b.action_id === 'newsdesk_more')!
    expect(more.value!.length).toBeLessThanOrEqual(2000)
    const payload = {
      type: 'block_actions',
      user: { id: 'U0ASKER' },
      team: { id: 'T0STANDIN' },
      channel: { id: 'C0GENERAL' },
      response_url: slack.responseUrl('page2'),
      trigger_id: '1.2.3',
      actions: [{ type: 'button', action_id: 'newsdesk_more', block_id: 'b', value: more.value, action_ts: '1' }],
    }
    await post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    )
    const second = await eventually(() => slack.responses.find((r) => r.id === 'page2'))
    expect(second.body.response_type).toBe('ephemeral')
    const secondText = allText(second.body.blocks as Block[])
    expect(secondText).toContain(`showing 11–${total}`)
    expect(secondText).toContain('— Steve Witkoff')
    // The last page has no More button.
    const secondButtons = (second.body.blocks as Block[]).find((b) => b.type === 'actions')?.elements ?? []
    expect(secondButtons.some((b) => b.action_id === 'newsdesk_more')).toBe(false)
  })

  it('lists the corpus for an empty /source, answers /quote, and hints usage for an empty /ask or /quote', async () => {
    await postCommand('/source', '', 'src')
    await postCommand('/quote', 'Witkoff', 'q')
    await postCommand('/ask', '', 'empty-ask')
    await postCommand('/quote', '   ', 'empty-quote')
    const list = await eventually(() => slack.responses.find((r) => r.id === 'src'))
    expect(allText(list.body.blocks as Block[])).toMatch(/\[1\] .*· 8 quotes|\[1\] .*· 12 quotes/)
    const quote = await eventually(() => slack.responses.find((r) => r.id === 'q'))
    expect(allText(quote.body.blocks as Block[])).toContain('— Steve Witkoff')
    expect((await eventually(() => slack.responses.find((r) => r.id === 'empty-ask'))).body.text).toMatch(
      /^Usage: \/ask </,
    )
    expect((await eventually(() => slack.responses.find((r) => r.id === 'empty-quote'))).body.text).toMatch(
      /^Usage: \/quote </,
    )
  })

  it('rejects a bad signature, a stale timestamp and an edited body with 401, and answers nothing', async () => {
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: 'EvForged',
      event: { type: 'app_mention', user: 'U0X', text: '<@U0NEWSDESK> hi', ts: '1.1', channel: 'C0GENERAL' },
    })
    const now = Math.floor(Date.now() / 1000)
    const bad = await postSigned(base, SECRET, body, { at: now, signWith: 'wrong-secret' })
    const stale = await postSigned(base, SECRET, body, { at: now - 600 })
    const edited = await postSigned(base, SECRET, body.replace('hi', 'hello'), { at: now, signedBody: body })
    expect([bad.status, stale.status, edited.status]).toEqual([401, 401, 401])
    // A genuine request after them is answered, and it is the only answer.
    const genuine = body.replace('EvForged', 'EvGenuine').replace('hi', 'How many airstrikes did Russia launch?')
    expect((await postSigned(base, SECRET, genuine)).status).toBe(200)
    await eventually(() => slack.callsOf('chat.postMessage').length > 0)
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1)
    expect(JSON.stringify(slack.callsOf('chat.postMessage')[0].body)).toContain('airstrikes')
  })

  it('turns away correctly signed bodies that cannot be Slack payloads, and keeps serving', async () => {
    const form = 'application/x-www-form-urlencoded'
    const statuses = []
    for (const [body, type] of [
      ['payload=null', form],
      ['payload=5', form],
      ['null', 'application/json'],
      ['[]', 'application/json'],
      ['"text"', 'application/json'],
    ]) {
      statuses.push((await post(body, type)).status)
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400])
    await postEvent({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0NEWSDESK> Who is the White House press secretary?',
      ts: '450.001',
      channel: 'C0GENERAL',
    })
    const [reply] = await posted()
    expect(JSON.stringify(reply.body)).toContain('Leavitt')
  })

  it('answers a retried event (same event_id, X-Slack-Retry-Num: 1) once', async () => {
    const event = {
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0NEWSDESK> Who is the White House press secretary?',
      ts: '400.001',
      channel: 'C0GENERAL',
    }
    await postEvent(event, {}, 'EvRetried')
    const retry = await postEvent(
      event,
      { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      'EvRetried',
    )
    expect(retry.status).toBe(200)
    await posted()
    // Another question after the retry is answered; the retry itself never was.
    await postEvent({ ...event, ts: '400.002', text: '<@U0NEWSDESK> Who is Witkoff?' }, {}, 'EvAfterRetry')
    await posted(2)
    expect(slack.callsOf('chat.postMessage')).toHaveLength(2)
  })

  it('still delivers the reply when the Web API answers 429 with Retry-After', async () => {
    slack.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    })
    await postEvent({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0NEWSDESK> How many airstrikes did Russia launch?',
      ts: '500.001',
      channel: 'C0GENERAL',
    })
    const calls = await eventually(
      () => slack.callsOf('chat.postMessage').length >= 2 && slack.callsOf('chat.postMessage'),
      8000,
    )
    expect(allText(calls[1].body.blocks as Block[])).toContain('more than 60 airstrikes')
  })

  it('still delivers the reply when the Web API hangs or drops the connection once', async () => {
    // A bot whose Web API calls give up after 300 ms, so that a hang is seen quickly.
    const quick = await startSlack(engine, httpConfig('xoxb-1-test'), recordingLogger(), {
      retryConfig: FAST_RETRIES,
      timeout: 300,
    })
    const usual = base
    base = `http://127.0.0.1:${quick.port}/slack/events`
    try {
      for (const [status, ts] of [
        [0, '510.001'],
        [-1, '510.002'],
      ] as const) {
        slack.reset()
        slack.failNext('chat.postMessage', { status })
        await postEvent({
          type: 'app_mention',
          user: 'U0ASKER',
          text: '<@U0NEWSDESK> How many airstrikes did Russia launch?',
          ts,
          channel: 'C0GENERAL',
        })
        const calls = await eventually(
          () => slack.callsOf('chat.postMessage').length >= 2 && slack.callsOf('chat.postMessage'),
          8000,
        )
        expect(calls[1].body).toMatchObject({ thread_ts: ts })
        expect(allText(calls[1].body.blocks as Block[])).toContain('more than 60 airstrikes')
      }
    } finally {
      base = usual
      await quick.stop()
    }
  })

  it('logs a Web API that keeps failing with 500, and keeps serving', async () => {
    slack.failNext('chat.postMessage', ...Array.from({ length: 6 }, () => ({ status: 500 })))
    await postEvent({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0NEWSDESK> Who is the White House press secretary?',
      ts: '600.001',
      channel: 'C0GENERAL',
    })
    await eventually(() => logger.errors.some((e) => /answering a Slack mention failed/.test(e)), 8000)
    // The apology is tried too (and fails on the last three faults): waited for, so that it
    // cannot land after the reset and pass for the next answer.
    await eventually(() => logger.errors.some((e) => /could not send the apology/.test(e)), 8000)
    slack.reset()
    await postEvent({
      type: 'app_mention',
      user: 'U0ASKER',
      text: '<@U0NEWSDESK> How many airstrikes did Russia launch?',
      ts: '600.002',
      channel: 'C0GENERAL',
    })
    const [call] = await posted()
    expect(allText(call.body.blocks as Block[])).toContain('more than 60 airstrikes')
  })

  it('never leaks the token into a log', () => {
    expect(logger.errors.join('\n')).not.toContain('xoxb-1-test')
  })
})

describe('hostile text', () => {
  let bot: RunningSlack
  let base: string
  beforeAll(async () => {
    const dir = folderWith({
      'hostile.json': JSON.stringify({
        title: 'Alarm <!channel> & <@U0BOSS>',
        outlet: 'Prank <News>',
        url: 'https://example.com/a?x=1&y=<2>',
        text:
          'Staff were told <!channel> and @here to evacuate the *building* & wait for <@U0BOSS> ' +
          'and <!subteam^S0TEAM> near the fire exit.\n\n' +
          'The fire drill lasted an hour. '.repeat(150),
      }),
    })
    const hostile = await Newsdesk.fromDirectory(dir)
    bot = await startSlack(
      hostile,
      { botToken: 'xoxb-2-test', mode: 'http', signingSecret: SECRET, port: 0, channels: null, apiUrl: slack.apiUrl },
      recordingLogger(),
      { retryConfig: FAST_RETRIES },
    )
    base = `http://127.0.0.1:${bot.port}/slack/events`
  })
  afterAll(async () => {
    await bot.stop()
  })

  it('defangs mentions and escapes excerpts and echoed questions, within Slack’s limits', async () => {
    slack.reset()
    const question = `Who was told to evacuate <!channel> @here <@U123> & <!everyone>? ${'why '.repeat(1000)}`
    const body = new URLSearchParams({
      team_id: 'T0STANDIN',
      channel_id: 'C0GENERAL',
      user_id: 'U0ASKER',
      command: '/ask',
      text: question,
      response_url: slack.responseUrl('hostile'),
      trigger_id: '1',
    }).toString()
    await postSigned(base, SECRET, body)
    const { body: reply } = await eventually(() => slack.responses.find((r) => r.id === 'hostile'))
    const blocks = reply.blocks as Block[]
    expectWithinLimits(blocks)
    const text = allText(blocks) + String(reply.text)
    expect(text).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U0BOSS>|<@U123>|<!subteam/)
    expect(text).not.toMatch(/(^|[^\u200b])@here/)
    expect(text).toContain('&lt;!channel&gt;')
    expect(text).toContain('&amp;')
    // The link stays one link: the URL cannot close it early.
    expect(text).toMatch(/<https:\/\/example\.com\/a\?x=1&y=%3C2%3E\|Alarm &lt;!channel&gt; &amp; &lt;@U0BOSS&gt;>/)
  })

  it('cuts a long corpus list at a boundary within 50 blocks', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      title: `Story number ${i} about the harbour and its long history of ships`,
      text: `Harbour story ${i}.`,
    }))
    const big = await Newsdesk.fromDirectory(folderWith({ 'many.json': JSON.stringify(many) }))
    const b2 = await startSlack(
      big,
      { botToken: 'xoxb-3-test', mode: 'http', signingSecret: SECRET, port: 0, channels: null, apiUrl: slack.apiUrl },
      recordingLogger(),
    )
    try {
      const body = new URLSearchParams({
        team_id: 'T',
        channel_id: 'C0GENERAL',
        user_id: 'U0ASKER',
        command: '/source',
        text: '',
        response_url: slack.responseUrl('biglist'),
        trigger_id: '1',
      }).toString()
      await postSigned(`http://127.0.0.1:${b2.port}/slack/events`, SECRET, body)
      const { body: reply } = await eventually(() => slack.responses.find((r) => r.id === 'biglist'))
      expectWithinLimits(reply.blocks as Block[])
      expect(allText(reply.blocks as Block[])).toMatch(/\d+ more not shown\./)
    } finally {
      await b2.stop()
    }
  })
})

describe('Socket Mode', () => {
  let bot: RunningSlack
  beforeAll(async () => {
    slack.reset()
    bot = await startSlack(
      engine,
      {
        botToken: 'xoxb-4-test',
        mode: 'socket',
        appToken: 'xapp-1-A0STANDIN-1-abc',
        channels: new Set(['C0ALLOWED']),
        apiUrl: slack.apiUrl,
      },
      recordingLogger(),
      { retryConfig: FAST_RETRIES },
    )
    await eventually(() => slack.socketCount > 0)
  })
  afterAll(async () => {
    await bot.stop()
  })

  it('answers events, commands and button presses arriving as envelopes, and acknowledges every envelope', async () => {
    slack.reset()
    slack.sendEnvelope(
      'events_api',
      {
        type: 'event_callback',
        event_id: 'EvS1',
        team_id: 'T',
        event: {
          type: 'app_mention',
          user: 'U0ASKER',
          text: '<@U0NEWSDESK> How many airstrikes did Russia launch?',
          ts: '700.001',
          channel: 'C0ALLOWED',
        },
      },
      'env-1',
    )
    slack.sendEnvelope(
      'events_api',
      {
        type: 'event_callback',
        event_id: 'EvS2',
        team_id: 'T',
        event: {
          type: 'app_mention',
          user: 'U0ASKER',
          text: '<@U0NEWSDESK> How many airstrikes did Russia launch?',
          ts: '700.002',
          channel: 'C0ELSEWHERE',
        },
      },
      'env-2',
    )
    slack.sendEnvelope(
      'slash_commands',
      {
        team_id: 'T',
        channel_id: 'C0ELSEWHERE',
        user_id: 'U0ASKER',
        command: '/quote',
        text: 'Zelensky',
        response_url: slack.responseUrl('sock-quote'),
        trigger_id: '1',
      },
      'env-3',
    )
    const [call] = await eventually(
      () => slack.callsOf('chat.postMessage').length >= 1 && slack.callsOf('chat.postMessage'),
    )
    expect(call.body).toMatchObject({ channel: 'C0ALLOWED', thread_ts: '700.001' })
    const quote = await eventually(() => slack.responses.find((r) => r.id === 'sock-quote'))
    expect(allText(quote.body.blocks as Block[])).toContain('— Volodymyr Zelenskyy')
    const value = (quote.body.blocks as Block[]).find((b) => b.type === 'actions')!.elements![0].value
    slack.sendEnvelope(
      'interactive',
      {
        type: 'block_actions',
        user: { id: 'U0SHARER' },
        team: { id: 'T' },
        channel: { id: 'C0ELSEWHERE' },
        response_url: slack.responseUrl('sock-share'),
        trigger_id: '1',
        actions: [{ type: 'button', action_id: 'newsdesk_share', block_id: 'b', value, action_ts: '1' }],
      },
      'env-4',
    )
    const shared = await eventually(() =>
      slack.callsOf('chat.postMessage').find((c) => c.body.channel === 'C0ELSEWHERE'),
    )
    expect(allText(shared.body.blocks as Block[])).toContain('Shared by <@U0SHARER>')
    await eventually(() =>
      ['env-1', 'env-2', 'env-3', 'env-4'].every((id) => slack.acks.some((a) => a.envelope_id === id)),
    )
    // SLACK_CHANNELS: the mention outside the allowed channel got no answer (commands still work).
    expect(
      slack
        .callsOf('chat.postMessage')
        .filter((c) => c.body.channel === 'C0ELSEWHERE' && c.body.thread_ts !== undefined),
    ).toHaveLength(0)
  })

  it('keeps a connection open while Slack refreshes one, so a command in that moment is answered at once', async () => {
    slack.reset()
    await eventually(() => slack.openSockets === 2)
    for (const reason of ['refresh_requested', 'too_many_websockets']) {
      slack.refreshConnection(reason)
      // The refreshed connection closes (and reopens only ~5 s later); the other one stays open.
      await eventually(() => slack.openSockets === 1)
      expect(bot.connected()).toBe(true)
      slack.sendEnvelope(
        'slash_commands',
        {
          team_id: 'T',
          channel_id: 'C0ELSEWHERE',
          user_id: 'U0ASKER',
          command: '/ask',
          text: 'How many airstrikes did Russia launch?',
          response_url: slack.responseUrl(`refresh-${reason}`),
          trigger_id: '1',
        },
        `env-refresh-${reason}`,
      )
      const answer = await eventually(() => slack.responses.find((r) => r.id === `refresh-${reason}`), 2000)
      expect(allText(answer.body.blocks as Block[])).toContain('more than 60 airstrikes')
      await eventually(() => slack.openSockets === 2, 15_000)
    }
  }, 60_000)
})

describe('configuration', () => {
  it('is off when no Slack variable is set, and names each bad variable', () => {
    expect(readSlackConfig({})).toBeNull()
    expect(readSlackConfig({ SLACK_BOT_TOKEN: '' })).toBeNull()
    expect(() => readSlackConfig({ SLACK_APP_TOKEN: 'xapp-1-A-1-x' })).toThrow(/SLACK_BOT_TOKEN is required/)
    expect(() => readSlackConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token' })).toThrow(/SLACK_BOT_TOKEN must be a bot token/)
    expect(() => readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      /SLACK_APP_TOKEN \(Socket Mode\) or SLACK_SIGNING_SECRET/,
    )
    expect(() =>
      readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdef0123456789', PORT: 'eighty' }),
    ).toThrow(/PORT must be a port number/)
    expect(() =>
      readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'not a url' }),
    ).toThrow(/SLACK_API_URL/)
    let refused = ''
    try {
      readSlackConfig({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_APP_TOKEN: 'xapp-1',
        SLACK_API_URL: 'https://user:hunter2pass@slack.example/api/',
      })
    } catch (err) {
      refused = (err as Error).message
    }
    expect(refused).toMatch(/SLACK_API_URL must not hold a user name or password/)
    expect(refused).not.toContain('hunter2pass')
    try {
      readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-secret-value', SLACK_APP_TOKEN: 'bad-secret-value' })
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-value')
    }
  })

  it('reads both modes', () => {
    expect(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A1-2-def' })).toEqual({
      mode: 'socket',
      appToken: 'xapp-1-A1-2-def',
      botToken: 'xoxb-1-2-abc',
      channels: null,
      apiUrl: null,
      rateLimit: 20,
    })
    expect(
      readSlackConfig({
        SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
        SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
        PORT: '8080',
        SLACK_CHANNELS: 'C1, C2',
        SLACK_API_URL: 'https://slack-gov.com/api',
        NEWSDESK_RATE_LIMIT: '0',
      }),
    ).toMatchObject({
      mode: 'http',
      port: 8080,
      channels: new Set(['C1', 'C2']),
      apiUrl: 'https://slack-gov.com/api/',
      rateLimit: 0,
    })
    expect(() =>
      readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', NEWSDESK_RATE_LIMIT: 'lots' }),
    ).toThrow(/NEWSDESK_RATE_LIMIT must be a whole number/)
  })
})

describe('request signing', () => {
  it('matches Slack’s published signing example', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c'
    const secret = '8f742231b10e8888abcd99yyyzzz85a5'
    const expected = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'
    expect(sign(secret, 1531420618, body)).toBe(expected)
    // Bolt's own verifier, the one guarding /slack/events, agrees.
    expect(
      isValidSlackRequest({
        signingSecret: secret,
        body,
        headers: { 'x-slack-signature': expected, 'x-slack-request-timestamp': 1531420618 },
        nowMilliseconds: 1531420618 * 1000,
      }),
    ).toBe(true)
    expect(
      isValidSlackRequest({
        signingSecret: secret,
        body: `${body}x`,
        headers: { 'x-slack-signature': expected, 'x-slack-request-timestamp': 1531420618 },
        nowMilliseconds: 1531420618 * 1000,
      }),
    ).toBe(false)
  })
})

describe('/add, for editors', () => {
  it('adds a linked page for an editor, says what it understood, and refuses everyone else', async () => {
    const page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(
        '<html><head><meta property="og:site_name" content="Coast Gazette">' +
          '<meta property="og:title" content="Kessel harbour reopens"></head><body><article>' +
          '<h1>Kessel harbour reopens</h1><p>The Kessel harbour reopened on Monday after repairs costing ' +
          '4 million crowns, the port authority said.</p><p>Ferries to the islands will run twice a day ' +
          'from next week, and the fish market returns to the quay on Saturday.</p></article></body></html>',
      )
    })
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/kessel`
    const dataDir = tempDir()
    const adding = { dataDir, editors: new Set(['U0EDITOR']), allowPrivate: true }
    const config = httpConfig('xoxb-5-test')
    const bot = await startSlack(engine, config, recordingLogger(), {}, adding)
    const add = (user: string, id: string) =>
      postSigned(
        `http://127.0.0.1:${bot.port}/slack/events`,
        SECRET,
        new URLSearchParams({
          token: 't',
          team_id: 'T0STANDIN',
          channel_id: 'C0GENERAL',
          user_id: user,
          command: '/add',
          text: url,
          response_url: slack.responseUrl(id),
          trigger_id: '1.2.3',
        }).toString(),
      )
    try {
      await add('U0EDITOR', 'add-editor')
      await add('U0READER', 'add-reader')
      const editor = await eventually(() => slack.responses.find((r) => r.id === 'add-editor'))
      expect(editor.body.response_type).toBe('ephemeral')
      expect(editor.body.text).toMatch(/^Added "Kessel harbour reopens" — Coast Gazette: 2 paragraphs/)
      expect(readdirSync(dataDir)).toEqual(['kessel-harbour-reopens.md'])
      const reader = await eventually(() => slack.responses.find((r) => r.id === 'add-reader'))
      expect(reader.body.text).toBe('Sorry, only editors can add articles.')
      expect(readdirSync(dataDir)).toHaveLength(1)
    } finally {
      await bot.stop()
      await new Promise((r) => page.close(r))
    }
  })
})

describe('a mention that adds an article, for editors', () => {
  const STORY =
    '---\ntitle: Tolberg library extends its hours\noutlet: Valley Courier\n---\n' +
    'The Tolberg library will open until ten in the evening from March, the town council said on Monday.\n\n' +
    '"Students asked for it for years," said the librarian, Anke Ruhl.\n'

  async function withBot(run: (mention: (event: Record<string, unknown>) => Promise<void>) => Promise<void>) {
    const dataDir = tempDir()
    const adding = { dataDir, editors: new Set(['U0EDITOR']), allowPrivate: true }
    const config = httpConfig(slack.botToken)
    const bot = await startSlack(engine, config, recordingLogger(), {}, adding)
    let seq = 0
    const mention = async (event: Record<string, unknown>): Promise<void> => {
      const body = JSON.stringify({
        token: 't',
        team_id: 'T0STANDIN',
        api_app_id: 'A0STANDIN',
        type: 'event_callback',
        event_id: `EvAdd${++seq}`,
        event_time: 1,
        event: { type: 'app_mention', channel: 'C0GENERAL', ...event },
      })
      const res = await postSigned(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, body, {
        headers: { 'content-type': 'application/json' },
      })
      expect(res.status).toBe(200)
    }
    try {
      slack.reset()
      await run(mention)
      return dataDir
    } finally {
      await bot.stop()
    }
  }

  it('downloads a file attached to the mention with the bot token and adds it; a reader is refused', async () => {
    const urlPrivate = slack.shareFile('tolberg.txt', 'text/plain; charset=utf-8', STORY)
    const file = {
      id: 'F0TOLBERG',
      name: 'tolberg.txt',
      mimetype: 'text/plain',
      filetype: 'text',
      url_private: urlPrivate,
    }
    let dataDir = ''
    dataDir = await withBot(async (mention) => {
      await mention({ user: 'U0EDITOR', text: '<@U0NEWSDESK>', ts: '700.1', files: [file] })
      const reply = await eventually(() => slack.callsOf('chat.postMessage')[0])
      expect(reply.body.thread_ts).toBe('700.1')
      expect(reply.body.text).toMatch(/^Added "Tolberg library extends its hours" — Valley Courier: 2 paragraphs/)
      expect(slack.downloads).toEqual([{ name: 'tolberg.txt', authorization: `Bearer ${slack.botToken}` }])
      await mention({ user: 'U0READER', text: '<@U0NEWSDESK> add this', ts: '701.1', files: [file] })
      const refused = await eventually(() => slack.callsOf('chat.postMessage')[1])
      expect(refused.body.text).toBe('Sorry, only editors can add articles.')
    })
    expect(readdirSync(dataDir)).toEqual(['tolberg-library-extends-its-hours.md'])
  })

  it('a file Slack will not hand over is reported, and nothing is added', async () => {
    const urlPrivate = slack.shareFile('secret.txt', 'text/plain', STORY).replace('secret', 'missing')
    const dataDir = await withBot(async (mention) => {
      await mention({ user: 'U0EDITOR', text: '<@U0NEWSDESK> add', ts: '702.1', files: [{ url_private: urlPrivate }] })
      const reply = await eventually(() => slack.callsOf('chat.postMessage')[0])
      expect(reply.body.text).toBe(
        'Not added: Slack did not hand over the file; the app needs the files:read permission.',
      )
      expect(String(reply.body.text)).not.toContain(slack.botToken)
    })
    expect(readdirSync(dataDir)).toEqual([])
  })

  it('never sends the bot token to a file address outside Slack', async () => {
    const elsewhere = slack.shareFile('other.txt', 'text/plain', STORY).replace('127.0.0.1', 'localhost')
    await withBot(async (mention) => {
      await mention({ user: 'U0EDITOR', text: '<@U0NEWSDESK> add', ts: '704.1', files: [{ url_private: elsewhere }] })
      await eventually(() => slack.callsOf('chat.postMessage')[0])
      expect(slack.downloads).toEqual([{ name: 'other.txt', authorization: undefined }])
    })
  })

  it('a question that merely holds a file is answered, not added', async () => {
    const urlPrivate = slack.shareFile('notes.txt', 'text/plain', STORY)
    await withBot(async (mention) => {
      await mention({
        user: 'U0EDITOR',
        text: '<@U0NEWSDESK> Who is the White House press secretary?',
        ts: '703.1',
        files: [{ url_private: urlPrivate }],
      })
      const reply = await eventually(() => slack.callsOf('chat.postMessage')[0])
      expect(JSON.stringify(reply.body)).toContain('Leavitt')
      expect(slack.downloads).toEqual([])
    })
  })
})

describe('watches in a channel', () => {
  it('/watch registers a topic; a new article on it is posted to the channel once; /unwatch stops it', async () => {
    const dataDir = folderWith({ 'seed.md': '---\ntitle: Seed\n---\nThe Tolberg council met on Monday.\n' })
    const watchEngine = await Newsdesk.fromDirectory(dataDir)
    const store = await WatchStore.open(dataDir, recordingLogger())
    const dispatcher = new WatchDispatcher(watchEngine, store, { logger: recordingLogger() })
    let updated: (() => void) | null = null
    const live = keepLive(watchEngine, dataDir, {
      logger: recordingLogger(),
      debounceMs: 50,
      stableMs: 50,
      onUpdate: ({ added }) => void dispatcher.articlesAdded(added).then(() => updated?.()),
    })
    await live.ready
    const config = httpConfig('xoxb-6-test')
    const bot = await startSlack(watchEngine, config, recordingLogger(), {}, undefined, { store, dispatcher })
    const command = (name: string, text: string, id: string) =>
      postSigned(
        `http://127.0.0.1:${bot.port}/slack/events`,
        SECRET,
        new URLSearchParams({
          token: 't',
          team_id: 'T0STANDIN',
          channel_id: 'C0NEWS',
          user_id: 'U0ASKER',
          command: name,
          text,
          response_url: slack.responseUrl(id),
          trigger_id: '1.2.3',
        }).toString(),
      )
    const write = async (name: string, text: string): Promise<void> => {
      const done = new Promise<void>((r) => (updated = r))
      writeFileSync(join(dataDir, name), text)
      await done
    }
    try {
      slack.reset()
      await command('/watch', 'dock strike <!channel>', 'w1')
      const reply = await eventually(() => slack.responses.find((r) => r.id === 'w1'))
      expect(reply.body.response_type).toBe('in_channel')
      expect(reply.body.text).toMatch(/^Watching for "dock strike &lt;!channel&gt;" here \(watch 1\)/)
      await write(
        'strike.md',
        '---\ntitle: Dock workers strike\noutlet: Coast Gazette\n---\n' +
          'Dock workers in Velmora went on strike on Tuesday over pay.\n\nThe terminal is closed.\n',
      )
      const post = await eventually(() => slack.callsOf('chat.postMessage')[0])
      expect(post.body.channel).toBe('C0NEWS')
      expect(String(post.body.text)).toContain('Dock workers in Velmora went on strike on Tuesday over pay.')
      expect(JSON.stringify(post.body.blocks)).toContain('Coast Gazette')
      // The same article edited: it is served in its new words, and not posted again.
      await write(
        'strike.md',
        '---\ntitle: Dock workers strike\noutlet: Coast Gazette\n---\n' +
          'Dock workers in Velmora went on strike on Tuesday over pay and hours.\n\nThe terminal is closed.\n',
      )
      expect(slack.callsOf('chat.postMessage')).toHaveLength(1)
      await command('/watches', '', 'w2')
      const list = await eventually(() => slack.responses.find((r) => r.id === 'w2'))
      expect(list.body.text).toContain('1. "dock strike &lt;!channel&gt;"')
      await command('/unwatch', '1', 'w3')
      expect((await eventually(() => slack.responses.find((r) => r.id === 'w3'))).body.text).toMatch(/^Stopped/)
      await write('strike-2.md', '---\ntitle: Second strike\n---\nDock workers in Velmora struck again on Friday.\n')
      expect(slack.callsOf('chat.postMessage')).toHaveLength(1)
    } finally {
      await bot.stop()
      await live.close()
      await dispatcher.close()
    }
  })
})

describe('start-up with a token Slack refuses', () => {
  it('says so in one line, naming the variable and never the token, and does not start', async () => {
    slack.reset()
    slack.failNext('auth.test', { status: 200, body: { ok: false, error: 'invalid_auth' } })
    const config = httpConfig('xoxb-9-refused-secret')
    const logger = recordingLogger()
    let message = ''
    try {
      const bot = await startSlack(engine, config, logger)
      await bot.stop()
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toBe(
      'Newsdesk: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the bot token (xoxb-…) from OAuth & Permissions',
    )
    expect([...logger.errors, ...logger.warnings].join('\n')).not.toContain('refused-secret')
  })
})

describe('health on the HTTP port', () => {
  it('answers /healthz and /readyz beside /slack/events', async () => {
    slack.reset()
    const config = httpConfig('xoxb-8-test')
    let stopping = false
    const health = { engine, version: '9.9.9', platforms: () => ({ Slack: true }), stopping: () => stopping }
    const bot = await startSlack(engine, config, recordingLogger(), {}, undefined, undefined, health)
    try {
      const base = `http://127.0.0.1:${bot.port}`
      const alive = await fetch(`${base}/healthz`)
      expect(alive.status).toBe(200)
      expect(await alive.json()).toMatchObject({ status: 'alive', articles: 2, version: '9.9.9' })
      expect((await fetch(`${base}/readyz`)).status).toBe(200)
      stopping = true
      const notReady = await fetch(`${base}/readyz`)
      expect(notReady.status).toBe(503)
      expect(await notReady.json()).toMatchObject({ status: 'not ready' })
    } finally {
      await bot.stop()
    }
  })
})

describe('a person asking too fast', () => {
  it('is told to slow down, never met with silence, and others are still answered', async () => {
    slack.reset()
    const config = httpConfig('xoxb-10-test', { rateLimit: 2 })
    const bot = await startSlack(engine, config, recordingLogger())
    let n = 0
    const dm = (user: string) =>
      postSigned(
        `http://127.0.0.1:${bot.port}/slack/events`,
        SECRET,
        JSON.stringify({
          type: 'event_callback',
          event_id: `EvFast${++n}`,
          event: {
            type: 'message',
            channel_type: 'im',
            channel: `D0${user}`,
            user,
            text: 'Who is the White House press secretary?',
            ts: `500.00${n}`,
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      )
    try {
      for (let i = 0; i < 3; i++) await dm('U0FAST')
      await dm('U0CALM')
      const replies = await eventually(
        () => slack.callsOf('chat.postMessage').length >= 4 && slack.callsOf('chat.postMessage'),
      )
      const fast = replies.filter((r) => r.body.channel === 'D0U0FAST').map((r) => String(r.body.text))
      expect(
        fast.filter((t) => /asking faster than I can keep up with \(at most 2 questions a minute\)/.test(t)),
      ).toHaveLength(1)
      expect(replies.find((r) => r.body.channel === 'D0U0CALM')?.body.text).not.toMatch(/faster/)
    } finally {
      await bot.stop()
    }
  })
})

/** HTTP mode against the stand-in, with the test's signing secret. */
function httpConfig(botToken: string, extra: { rateLimit?: number } = {}): SlackConfig {
  return { botToken, mode: 'http', signingSecret: SECRET, port: 0, channels: null, apiUrl: slack.apiUrl, ...extra }
}
