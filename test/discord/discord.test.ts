import { spawn } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import type { APIEmbed } from 'discord.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { readDiscordConfig, startDiscord } from '../../adapters/discord/index.js'
import { registerCommands } from '../../adapters/discord/register-commands.js'
import { embedsSize, renderEmbeds } from '../../adapters/discord/render.js'
import { type AskOptions, keepLive, Newsdesk, WatchDispatcher, WatchStore } from '../../src/index.js'
import { folderWith, tempDir } from '../engine/helpers.js'
import { recordingLogger } from '../support/logger.js'
import {
  APP,
  BOT,
  CHANNEL,
  DiscordStandIn,
  DM,
  eventually,
  GUILD,
  OLD_THREAD,
  OTHER_CHANNEL,
  type RestCall,
  THREAD,
  USER,
} from './stand-in.js'

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAy.GstndIn.abcdefghijklmnopqrstuvwxyz0123'

/** The real engine, except that a question containing KABOOM makes it fail as a fault would. */
function faulty(engine: Newsdesk): Newsdesk {
  return new Proxy(engine, {
    get(target, prop) {
      if (prop === 'ask') {
        return (q: string, o?: AskOptions) => {
          if (q.includes('KABOOM')) throw new Error('index file is corrupt')
          return target.ask(q, o)
        }
      }
      const v = Reflect.get(target, prop, target) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

const text = (embeds: APIEmbed[]): string =>
  embeds.map((e) => [e.title, e.description, e.footer?.text].join('\n')).join('\n')

function expectWithinLimits(embeds: APIEmbed[]): void {
  expect(embeds.length).toBeLessThanOrEqual(10)
  expect(embedsSize(embeds)).toBeLessThanOrEqual(6000)
  for (const e of embeds) {
    expect((e.description ?? '').length).toBeLessThanOrEqual(4096)
    expect((e.title ?? '').length).toBeLessThanOrEqual(256)
    expect((e.fields ?? []).length).toBeLessThanOrEqual(25)
  }
}

describe('the bot against a local Discord', () => {
  const discord = new DiscordStandIn()
  const logger = recordingLogger()
  let bot: { stop: () => Promise<void> }
  let engine: Newsdesk
  const adding = { dataDir: tempDir(), editors: new Set([USER]) as ReadonlySet<string>, allowPrivate: true }

  beforeAll(async () => {
    await discord.start()
    engine = await Newsdesk.fromDirectory('data/articles')
    bot = await startDiscord(
      faulty(engine),
      { token: TOKEN, applicationId: APP, guildId: null, channels: new Set([CHANNEL]), apiUrl: discord.api },
      logger,
      { restRetries: 1 },
      adding,
    )
  }, 20_000)
  afterAll(async () => {
    await bot.stop()
    await discord.close()
  })
  beforeEach(() => {
    discord.reset()
  })

  const posted = async (n = 1): Promise<RestCall[]> =>
    await eventually(() => {
      const list = discord.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path))
      return list.length >= n && list
    })

  it('identified with the intents it needs and got its guild', () => {
    const identify = discord.gatewayOps.find((o) => o.op === 2)!.d as { token: string; intents: number }
    expect(identify.token).toBe(TOKEN)
    // Guilds 1, GuildMessages 512, DirectMessages 4096, MessageContent 32768.
    expect(identify.intents & (1 | 512 | 4096 | 32768)).toBe(1 | 512 | 4096 | 32768)
  })

  it('answers a mention with a reply that pings nobody', async () => {
    const id = discord.userMessage(`<@${BOT}> How many airstrikes did Russia launch?`, {
      channel: CHANNEL,
      mentionsBot: true,
    })
    const [call] = await posted()
    const body = call.body as {
      embeds: APIEmbed[]
      message_reference: { message_id: string }
      allowed_mentions: { parse: string[]; replied_user: boolean }
    }
    expect(call.path).toBe(`/channels/${CHANNEL}/messages`)
    expect(body.message_reference.message_id).toBe(id)
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false })
    // A retried POST that had arrived returns the same message instead of a second one.
    expect(call.body).toMatchObject({ enforce_nonce: true, nonce: expect.stringMatching(/^\d{1,25}$/) })
    expect(text(body.embeds)).toContain('more than 60 airstrikes')
    expect(text(body.embeds)).toContain(
      '[1] **Trump Envoy Says ‘Substantial Progress’ Achieved in Summit With Putin** — Kurdistan24',
    )
    expect(body.embeds.at(-1)!.footer!.text).toBe('Kurdistan24')
  })

  it('answers a DM without a mention, and ignores bots and unmentioned chatter', async () => {
    discord.userMessage('Who is the White House press secretary?', { channel: DM, dm: true })
    discord.userMessage('How many airstrikes did Russia launch?', { channel: CHANNEL })
    discord.userMessage(`<@${BOT}> How many airstrikes?`, { channel: CHANNEL, mentionsBot: true, bot: true })
    const [call] = await posted()
    expect(call.path).toBe(`/channels/${DM}/messages`)
    expect(text((call.body as { embeds: APIEmbed[] }).embeds)).toContain('Karoline Leavitt')
    // A DM sent after them is answered; by then the ignored ones were handled too.
    discord.userMessage('Who is the White House press secretary?', { channel: DM, dm: true })
    await posted(2)
    expect(discord.calls.filter((c) => c.method === 'POST')).toHaveLength(2)
  })

  it('answers mentions only in DISCORD_CHANNELS (and their threads)', async () => {
    discord.userMessage(`<@${BOT}> How many airstrikes did Russia launch?`, {
      channel: OTHER_CHANNEL,
      mentionsBot: true,
    })
    // A mention in an allowed channel after it is answered, and it is the only answer.
    discord.userMessage(`<@${BOT}> How many airstrikes did Russia launch?`, { channel: CHANNEL, mentionsBot: true })
    const calls = await posted()
    expect(calls).toHaveLength(1)
    expect(calls[0].path).toBe(`/channels/${CHANNEL}/messages`)
  })

  it('reads the earlier questions of a thread for a follow-up', async () => {
    discord.userMessage(`<@${BOT}> What did Zelenskyy say?`, { channel: THREAD, mentionsBot: true })
    await posted(1)
    discord.userMessage(`<@${BOT}> and about security?`, { channel: THREAD, mentionsBot: true })
    const calls = await posted(2)
    expect(calls[1].path).toBe(`/channels/${THREAD}/messages`)
    const followUp = (calls[1].body as { embeds: APIEmbed[] }).embeds
    expect(text(followUp)).toMatch(/— Volodymyr Zelenskyy/)
    // The answer is the one the engine gives with the earlier question as context, not without it.
    expect(followUp).toEqual(renderEmbeds(engine.ask('and about security?', { context: ['What did Zelenskyy say?'] })))
    expect(followUp).not.toEqual(renderEmbeds(engine.ask('and about security?')))
  })

  it('reads the thread history for a follow-up when it answered there before it started', async () => {
    discord.pastExchange(OLD_THREAD, `<@${BOT}> What did Zelenskyy say?`)
    discord.userMessage(`<@${BOT}> and about security?`, { channel: OLD_THREAD, mentionsBot: true })
    const [call] = await posted()
    expect(discord.calls.some((c) => c.method === 'GET' && c.path === `/channels/${OLD_THREAD}/messages`)).toBe(true)
    expect((call.body as { embeds: APIEmbed[] }).embeds).toEqual(
      renderEmbeds(engine.ask('and about security?', { context: ['What did Zelenskyy say?'] })),
    )
  })

  it('defers /ask and finishes it by editing the original reply', async () => {
    discord.interaction(
      2,
      'ask',
      [{ name: 'question', type: 3, value: 'How many airstrikes did Russia launch?' }],
      'tok-ask',
    )
    const edit = await eventually(() =>
      discord.calls.find((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/tok-ask/messages/%40original`),
    )
    const callback = discord.calls.find((c) => /\/callback$/.test(c.path) && c.path.includes('tok-ask'))!
    expect((callback.body as { type: number }).type).toBe(5)
    expect((callback.body as { data?: { flags?: number } }).data?.flags ?? 0).toBe(0)
    const body = edit.body as { embeds: APIEmbed[]; allowed_mentions: { parse: string[] } }
    expect(text(body.embeds)).toContain('more than 60 airstrikes')
    expect(body.allowed_mentions.parse).toEqual([])
  })

  it('answers /ask and /quote sent without their option with how to use them, not an apology', async () => {
    discord.interaction(2, 'ask', [], 'tok-empty-ask')
    discord.interaction(2, 'quote', [], 'tok-empty-quote')
    for (const [token, hint] of [
      ['tok-empty-ask', /Ask me a question about the articles/],
      ['tok-empty-quote', /Name a person or a topic/],
    ] as const) {
      const edit = await eventually(() => discord.calls.find((c) => c.method === 'PATCH' && c.path.includes(token)))
      expect(text((edit.body as { embeds: APIEmbed[] }).embeds)).toMatch(hint)
    }
  })

  it('lists the corpus for /source with no query, answers /quote, and keeps private: answers ephemeral', async () => {
    discord.interaction(2, 'source', [], 'tok-src')
    discord.interaction(
      2,
      'quote',
      [
        { name: 'who_or_what', type: 3, value: 'Zelensky' },
        { name: 'private', type: 5, value: true },
      ],
      'tok-quote',
    )
    const list = await eventually(() => discord.calls.find((c) => c.method === 'PATCH' && c.path.includes('tok-src')))
    expect(text((list.body as { embeds: APIEmbed[] }).embeds)).toMatch(/· 8 quotes/)
    const quote = await eventually(() =>
      discord.calls.find((c) => c.method === 'PATCH' && c.path.includes('tok-quote')),
    )
    expect(text((quote.body as { embeds: APIEmbed[] }).embeds)).toContain('— Volodymyr Zelenskyy')
    const callback = discord.calls.find((c) => /\/callback$/.test(c.path) && c.path.includes('tok-quote'))!
    expect((callback.body as { data: { flags: number } }).data.flags & 64).toBe(64)
  })

  it('autocompletes speakers for /quote and titles for /source', async () => {
    discord.interaction(4, 'quote', [{ name: 'who_or_what', type: 3, value: 'wit', focused: true }], 'tok-ac1')
    discord.interaction(4, 'source', [{ name: 'query', type: 3, value: 'envoy', focused: true }], 'tok-ac2')
    const speakers = await eventually(() => discord.calls.find((c) => c.path.includes('tok-ac1')))
    expect(speakers.body).toEqual({ type: 8, data: { choices: [{ name: 'Steve Witkoff', value: 'Steve Witkoff' }] } })
    const titles = await eventually(() => discord.calls.find((c) => c.path.includes('tok-ac2')))
    expect((titles.body as { data: { choices: Array<{ name: string }> } }).data.choices.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Trump Envoy Says ‘Substantial Progress’ Achieved in Summit With Putin']),
    )
  })

  it('resumes after the gateway drops the connection, and keeps answering', async () => {
    discord.dropConnection()
    await eventually(() => discord.gatewayOps.some((o) => o.op === 6), 10_000)
    const resume = discord.gatewayOps.find((o) => o.op === 6)!.d as { session_id: string; token: string }
    expect(resume.session_id).toBe('standin-session')
    await eventually(() => discord.connected)
    discord.userMessage(`<@${BOT}> Who is the White House press secretary?`, { channel: CHANNEL, mentionsBot: true })
    const [call] = await posted()
    expect(text((call.body as { embeds: APIEmbed[] }).embeds)).toContain('Karoline Leavitt')
  }, 15_000)

  it('answers every mention of a burst exactly once when the gateway drops in the middle of it', async () => {
    discord.reset()
    const ids: string[] = []
    const mention = (i: number) =>
      discord.userMessage(`<@${BOT}> How many airstrikes did Russia launch?`, {
        channel: CHANNEL,
        mentionsBot: true,
        userId: String(500000000000000000n + BigInt(i)),
      })
    for (let i = 0; i < 10; i++) ids.push(mention(i))
    discord.dropConnection()
    // Sent while the connection is down: Discord replays them when the client resumes.
    for (let i = 10; i < 20; i++) ids.push(mention(i))
    await eventually(() => discord.connected, 10_000)
    for (let i = 20; i < 30; i++) ids.push(mention(i))
    const repliesTo = (id: string) =>
      discord.calls.filter(
        (c) =>
          c.method === 'POST' &&
          (c.body as { message_reference?: { message_id?: string } } | null)?.message_reference?.message_id === id,
      )
    await eventually(() => ids.every((id) => repliesTo(id).length > 0), 15_000)
    for (const id of ids) expect(repliesTo(id), id).toHaveLength(1)
  }, 30_000)

  it('sends heartbeats and gets them acknowledged', async () => {
    await eventually(() => discord.gatewayOps.some((o) => o.op === 1), 5000)
  })

  it('still delivers the reply when REST answers 429 with retry_after', async () => {
    discord.failNext(/^POST \/channels\/\d+\/messages$/, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
      headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' },
    })
    discord.userMessage(`<@${BOT}> How many airstrikes did Russia launch?`, { channel: CHANNEL, mentionsBot: true })
    const calls = await posted(2)
    expect(text((calls[1].body as { embeds: APIEmbed[] }).embeds)).toContain('more than 60 airstrikes')
  }, 10_000)

  it('logs a REST failure (500) and keeps serving', async () => {
    discord.failNext(
      /^POST \/channels\/\d+\/messages$/,
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
    )
    discord.userMessage(`<@${BOT}> Who is the White House press secretary?`, { channel: CHANNEL, mentionsBot: true })
    await eventually(() => logger.errors.some((e) => /Discord/.test(e)), 10_000)
    discord.reset()
    discord.interaction(
      2,
      'ask',
      [{ name: 'question', type: 3, value: 'How many airstrikes did Russia launch?' }],
      'tok-after',
    )
    await eventually(() => discord.calls.find((c) => c.method === 'PATCH' && c.path.includes('tok-after')))
  }, 15_000)

  it('/add adds a linked page for an editor, privately, and refuses everyone else', async () => {
    const page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('Kessel harbour reopens\n\nThe Kessel harbour reopened on Monday after repairs, the port said.\n')
    })
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/kessel`
    const reply = (token: string) =>
      eventually(() =>
        discord.calls.find((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${token}/messages/%40original`),
      )
    try {
      discord.interaction(2, 'add', [{ name: 'url', type: 3, value: url }], 'tok-add1')
      const added = (await reply('tok-add1')).body as { content: string }
      expect(added.content).toMatch(/^Added "Kessel harbour reopens"/)
      expect(readdirSync(adding.dataDir)).toEqual(['kessel-harbour-reopens.md'])
      adding.editors = new Set(['100000000000000099'])
      discord.interaction(2, 'add', [{ name: 'url', type: 3, value: url }], 'tok-add2')
      expect(((await reply('tok-add2')).body as { content: string }).content).toBe(
        'Sorry, only editors can add articles.',
      )
    } finally {
      await new Promise((r) => page.close(r))
    }
  })

  it('a mention with a file attached adds it for an editor; a question with a file is answered', async () => {
    const page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('Ferry timetable changes\n\nThe Oberau ferry will leave at six from Monday, the operator said.\n')
    })
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/attachments/1/2/ferry.txt`
    const attachment = { id: '1200', filename: 'ferry.txt', size: 90, url, proxy_url: url, content_type: 'text/plain' }
    adding.editors = new Set([USER])
    try {
      discord.userMessage(`<@${BOT}>`, { channel: CHANNEL, mentionsBot: true, attachments: [attachment] })
      const [call] = await posted()
      expect((call.body as { content: string }).content).toMatch(/^Added "Ferry timetable changes"/)
      expect(readdirSync(adding.dataDir)).toContain('ferry-timetable-changes.md')
      discord.userMessage(`<@${BOT}> Who is the White House press secretary?`, {
        channel: CHANNEL,
        mentionsBot: true,
        attachments: [attachment],
      })
      const [, answer] = await posted(2)
      expect(text((answer.body as { embeds: APIEmbed[] }).embeds)).toContain('Karoline Leavitt')
    } finally {
      await new Promise((r) => page.close(r))
    }
  })

  it('pages /quote: the first ten say there are more, page 2 shows the next', async () => {
    discord.interaction(2, 'quote', [{ name: 'who_or_what', type: 3, value: 'Witkoff' }], 'tok-p1')
    discord.interaction(
      2,
      'quote',
      [
        { name: 'who_or_what', type: 3, value: 'Witkoff' },
        { name: 'page', type: 4, value: 2 },
      ],
      'tok-p2',
    )
    const edited = (token: string) =>
      eventually(() =>
        discord.calls.find((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${token}/messages/%40original`),
      )
    const first = text(((await edited('tok-p1')).body as { embeds: APIEmbed[] }).embeds)
    expect(first).toMatch(/Steve Witkoff: \d+ quotations in \d+ articles; showing 10\./)
    expect(first).toContain('More with the page: option of /quote.')
    const second = text(((await edited('tok-p2')).body as { embeds: APIEmbed[] }).embeds)
    expect(second).toMatch(/showing 11–\d+\./)
  })

  it('answers a failing /ask with a private apology as a follow-up, logs the detail, and keeps serving', async () => {
    logger.clear()
    discord.interaction(2, 'ask', [{ name: 'question', type: 3, value: 'KABOOM what happened?' }], 'tok-fault')
    const apology = await eventually(() =>
      discord.calls.find((c) => c.method === 'POST' && c.path === `/webhooks/${APP}/tok-fault`),
    )
    const body = apology.body as { content: string; flags: number; allowed_mentions: { parse: string[] } }
    expect(body.content).toMatch(/^Sorry, something went wrong/)
    expect(body.flags & 64).toBe(64)
    expect(body.content).not.toContain('corrupt')
    expect(logger.errors.join('\n')).toContain('index file is corrupt')
    // The public "thinking…" placeholder does not linger.
    await eventually(() =>
      discord.calls.find((c) => c.method === 'DELETE' && c.path === `/webhooks/${APP}/tok-fault/messages/%40original`),
    )

    discord.userMessage(`<@${BOT}> KABOOM again`, { channel: CHANNEL, mentionsBot: true })
    const [reply] = await posted()
    expect((reply.body as { content: string }).content).toMatch(/^Sorry, something went wrong/)
    expect((reply.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [], replied_user: false })

    discord.userMessage(`<@${BOT}> Who is the White House press secretary?`, { channel: CHANNEL, mentionsBot: true })
    const calls = await posted(2)
    expect(text((calls[1].body as { embeds: APIEmbed[] }).embeds)).toContain('Karoline Leavitt')
  })

  it('answers a bare mention with a hint instead of silence', async () => {
    discord.userMessage(`<@${BOT}>`, { channel: CHANNEL, mentionsBot: true })
    const [call] = await posted()
    expect((call.body as { embeds: APIEmbed[] }).embeds[0].title).toMatch(/^Ask me a question about the articles/)
  })

  it('says plainly when there is no answer', async () => {
    discord.userMessage(`<@${BOT}> What is the price of bananas in Peru?`, { channel: CHANNEL, mentionsBot: true })
    const [call] = await posted()
    const embeds = (call.body as { embeds: APIEmbed[] }).embeds
    expect(embeds[0].title).toMatch(/^I found no answer/)
    expect(text(embeds)).not.toMatch(/^>/m)
  })

  it('never leaks the token into a log', () => {
    expect(logger.errors.join('\n')).not.toContain(TOKEN)
  })
})

describe('hostile text', () => {
  const discord = new DiscordStandIn()
  let bot: { stop: () => Promise<void> }
  beforeAll(async () => {
    await discord.start()
    const engine = await Newsdesk.fromDirectory(
      folderWith({
        'h.json': JSON.stringify({
          title: 'Alarm @everyone <@123>',
          outlet: 'Prank **News**',
          text:
            'Staff were told @everyone and @here to evacuate, said <@123> and <@&456> in **bold** and `code`.\n\n' +
            'The fire drill lasted an hour. '.repeat(300),
        }),
      }),
    )
    bot = await startDiscord(
      engine,
      { token: TOKEN, applicationId: APP, guildId: null, channels: null, apiUrl: discord.api },
      recordingLogger(),
      { restRetries: 1 },
    )
  }, 20_000)
  afterAll(async () => {
    await bot.stop()
    await discord.close()
  })

  it('pings nobody and keeps every embed within Discord’s limits', async () => {
    discord.userMessage(`<@${BOT}> Who was told to evacuate @everyone <@123> <@&456> **now**? ${'why '.repeat(1000)}`, {
      channel: CHANNEL,
      mentionsBot: true,
    })
    discord.interaction(2, 'source', [], 'tok-h')
    const reply = await eventually(() => discord.calls.find((c) => c.method === 'POST' && c.path.endsWith('/messages')))
    const body = reply.body as { embeds: APIEmbed[]; allowed_mentions: { parse: string[]; replied_user: boolean } }
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false })
    expectWithinLimits(body.embeds)
    expect(text(body.embeds)).toContain('\\*\\*bold\\*\\*')
    const list = await eventually(() => discord.calls.find((c) => c.method === 'PATCH' && c.path.includes('tok-h')))
    expect((list.body as { allowed_mentions: { parse: string[] } }).allowed_mentions.parse).toEqual([])
  })

  it('cuts long answers at excerpt boundaries within limits', async () => {
    const many = Array.from({ length: 400 }, (_, i) => ({
      title: `Harbour story ${i} with a fairly long headline about ships and the sea`,
      text: `Harbour story ${i}.`,
    }))
    const engine = await Newsdesk.fromDirectory(folderWith({ 'many.json': JSON.stringify(many) }))
    const embeds = renderEmbeds(engine.source())
    expectWithinLimits(embeds)
    const shown = text(embeds).match(/^\[\d+\] /gm)!.length
    expect(text(embeds)).toContain(`${400 - shown} more articles not shown`)
    // Whole lines only: every listed article is complete.
    expect(
      text(embeds).match(
        /^\[\d+\] \*\*Harbour story \d+ with a fairly long headline about ships and the sea\*\* · 0 quotes$/gm,
      ),
    ).toHaveLength(shown)
  })

  it('keeps any result, however long or odd, within Discord’s limits and cuts between excerpts', () => {
    let seed = 7
    const rnd = (): number => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    const junk = (n: number): string =>
      Array.from({ length: n }, () => 'ab *_`>@#\n[]()<|~'[Math.floor(rnd() * 18)]).join('')
    for (let t = 0; t < 300; t++) {
      const articles = Array.from({ length: Math.floor(rnd() * 60) }, (_, i) => ({
        id: `a${i}`,
        title: junk(1 + Math.floor(rnd() * 400)),
        outlet: rnd() < 0.8 ? junk(Math.floor(rnd() * 120)) : null,
        url: rnd() < 0.5 ? `https://news.example/${i}/${'x'.repeat(Math.floor(rnd() * 300))}` : null,
        published: rnd() < 0.5 ? '2025-08-16' : null,
        quotes: 3,
      }))
      const excerpts =
        articles.length === 0
          ? []
          : Array.from({ length: Math.floor(rnd() * 30) }, (_, i) => ({
              text: `EXCERPT${i}START ${junk(Math.floor(rnd() * 600))} EXCERPT${i}END`,
              speaker: rnd() < 0.5 ? junk(Math.floor(rnd() * 300)) : null,
              article: articles[Math.floor(rnd() * articles.length)],
              score: 1,
              also: articles.slice(0, Math.floor(rnd() * 5)),
            }))
      const command = (['ask', 'source', 'quote'] as const)[Math.floor(rnd() * 3)]
      const embeds = renderEmbeds({
        kind: 'answer',
        command,
        query: junk(Math.floor(rnd() * 4000)),
        answered: true,
        message: junk(1 + Math.floor(rnd() * 500)),
        excerpts,
        articles,
      })
      expectWithinLimits(embeds)
      const all = text(embeds)
      const shown = excerpts.filter((_, i) => all.includes(`EXCERPT${i}START`))
      // Excerpts are left out whole, from the end, and the reader is told how many.
      expect(shown.every((_, i) => all.includes(`EXCERPT${i}END`))).toBe(true)
      expect(excerpts.slice(0, shown.length).every((_, i) => all.includes(`EXCERPT${i}START`))).toBe(true)
      if (shown.length < excerpts.length) expect(all).toContain(`${excerpts.length - shown.length} more excerpt`)
    }
  })
})

describe('command registration', () => {
  it('registers the three commands to the guild when DISCORD_GUILD_ID is set, globally otherwise', async () => {
    const discord = new DiscordStandIn()
    await discord.start()
    try {
      const env = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: discord.api }
      expect(await registerCommands({ ...env, DISCORD_GUILD_ID: GUILD })).toMatch(/in server/)
      expect(await registerCommands(env)).toMatch(/globally/)
      const [guild, global] = discord.calls.filter((c) => c.method === 'PUT')
      expect(guild.path).toBe(`/applications/${APP}/guilds/${GUILD}/commands`)
      expect(global.path).toBe(`/applications/${APP}/commands`)
      const names = guild.body as Array<{ name: string; options: Array<{ name: string; autocomplete?: boolean }> }>
      expect(names.map((c) => c.name)).toEqual([
        'ask',
        'source',
        'quote',
        'add',
        'watch',
        'watches',
        'unwatch',
        'feeds',
      ])
      expect(names.find((c) => c.name === 'quote')!.options.find((o) => o.name === 'who_or_what')!.autocomplete).toBe(
        true,
      )
    } finally {
      await discord.close()
    }
  })
})

describe('start-up', () => {
  it('fails with a clear message when the Message Content intent is not enabled', async () => {
    const discord = new DiscordStandIn()
    await discord.start()
    discord.closeOnIdentify = { code: 4014, reason: 'Disallowed intent(s).' }
    try {
      const engine = await Newsdesk.fromDirectory('data/articles')
      const started = startDiscord(
        engine,
        { token: TOKEN, applicationId: APP, guildId: null, channels: null, apiUrl: discord.api },
        recordingLogger(),
      )
      await expect(started).rejects.toThrow(
        /^Newsdesk: could not log in to Discord: Used disallowed intents.*Message Content Intent/,
      )
      await expect(started).rejects.not.toThrow(TOKEN)
    } finally {
      await discord.close()
    }
  }, 15_000)
})

describe('npm run discord:register (the script itself)', () => {
  const run = async (env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> => {
    // Run from an empty folder so a developer's own .env cannot leak in.
    const cwd = tempDir('newsdesk-register-')
    const child = spawn(
      process.execPath,
      [resolve('node_modules/tsx/dist/cli.mjs'), resolve('adapters/discord/register-commands.ts')],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env } },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => {
      out += String(c)
    })
    child.stderr.on('data', (c: Buffer) => {
      err += String(c)
    })
    const code = await new Promise<number | null>((done) => child.on('close', done))
    return { code, out, err }
  }

  it('registers to the guild, exits, and explains a missing token without printing secrets', async () => {
    const discord = new DiscordStandIn()
    await discord.start()
    try {
      const ok = await run({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP,
        DISCORD_GUILD_ID: GUILD,
        DISCORD_API_URL: discord.api,
      })
      expect(ok.out).toContain(`Registered 8 commands in server ${GUILD}`)
      expect(ok.code).toBe(0)
      expect(discord.calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toEqual([
        `/applications/${APP}/guilds/${GUILD}/commands`,
      ])
      const bad = await run({ DISCORD_TOKEN: 'not-a-real-token-value', DISCORD_APPLICATION_ID: APP })
      expect(bad.code).toBe(1)
      expect(bad.err).toContain('DISCORD_TOKEN does not look like a bot token')
      expect(bad.err).not.toContain('not-a-real-token-value')
    } finally {
      await discord.close()
    }
  }, 30_000)
})

describe('configuration', () => {
  it('is off when no Discord variable is set, and names each bad variable', () => {
    expect(readDiscordConfig({})).toBeNull()
    expect(readDiscordConfig({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: ' ', DISCORD_GUILD_ID: '' })).toBeNull()
    expect(
      readDiscordConfig({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP,
        DISCORD_GUILD_ID: '',
        DISCORD_API_URL: '',
      }),
    ).toMatchObject({ guildId: null, apiUrl: null, channels: null })
    expect(() =>
      readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: 'ftp://x' }),
    ).toThrow(/DISCORD_API_URL must be an http\(s\) URL/)
    expect(() =>
      readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_CHANNELS: 'general' }),
    ).toThrow(/DISCORD_CHANNELS must be channel IDs/)
    expect(() => readDiscordConfig({ DISCORD_APPLICATION_ID: APP })).toThrow(/DISCORD_TOKEN is required/)
    expect(() => readDiscordConfig({ DISCORD_TOKEN: TOKEN })).toThrow(/DISCORD_APPLICATION_ID is required/)
    expect(() => readDiscordConfig({ DISCORD_TOKEN: 'nope', DISCORD_APPLICATION_ID: APP })).toThrow(
      /DISCORD_TOKEN does not look like a bot token/,
    )
    expect(() => readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: 'abc' })).toThrow(
      /DISCORD_APPLICATION_ID must be a Discord ID/,
    )
    try {
      readDiscordConfig({ DISCORD_TOKEN: 'secret-value', DISCORD_APPLICATION_ID: APP })
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-value')
    }
    expect(
      readDiscordConfig({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP,
        DISCORD_CHANNELS: `${CHANNEL}, ${OTHER_CHANNEL}`,
        DISCORD_API_URL: 'https://proxy.example/api/',
      }),
    ).toMatchObject({ channels: new Set([CHANNEL, OTHER_CHANNEL]), apiUrl: 'https://proxy.example/api', guildId: null })
  })
})

describe('watches in a channel', () => {
  it('/watch registers a topic; a new article on it is posted to the channel once, pinging nobody', async () => {
    const discord = new DiscordStandIn()
    await discord.start()
    const dataDir = folderWith({ 'seed.md': '---\ntitle: Seed\n---\nThe Tolberg council met on Monday.\n' })
    const engine = await Newsdesk.fromDirectory(dataDir)
    const store = await WatchStore.open(dataDir, recordingLogger())
    const dispatcher = new WatchDispatcher(engine, store, { logger: recordingLogger() })
    let updated: (() => void) | null = null
    const live = keepLive(engine, dataDir, {
      logger: recordingLogger(),
      debounceMs: 50,
      stableMs: 50,
      onUpdate: ({ added }) => void dispatcher.articlesAdded(added).then(() => updated?.()),
    })
    await live.ready
    const bot = await startDiscord(
      engine,
      { token: TOKEN, applicationId: APP, guildId: null, channels: null, apiUrl: discord.api },
      recordingLogger(),
      { restRetries: 1 },
      undefined,
      { store, dispatcher },
    )
    const write = async (name: string, text: string): Promise<void> => {
      const done = new Promise<void>((r) => (updated = r))
      writeFileSync(join(dataDir, name), text)
      await done
    }
    const channelPosts = () =>
      discord.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL}/messages`)
    try {
      discord.interaction(2, 'watch', [{ name: 'topic', type: 3, value: 'quote Mira Holt' }], 'tok-w1')
      const reply = await eventually(() =>
        discord.calls.find((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/tok-w1/messages/%40original`),
      )
      expect((reply.body as { content: string }).content).toMatch(/^Watching for what Mira Holt says here \(watch 1\)/)
      await write(
        'strike.md',
        '---\ntitle: Dock workers strike @everyone\noutlet: Coast Gazette\n---\n' +
          'Dock workers in Velmora went on strike on Tuesday.\n\n' +
          '"We have waited three years for a fair offer," said the union leader, Mira Holt.\n',
      )
      const [post] = await eventually(() => channelPosts().length > 0 && channelPosts())
      const body = post.body as { embeds: APIEmbed[]; allowed_mentions: { parse: string[] } }
      expect(text(body.embeds)).toContain('We have waited three years for a fair offer')
      expect(text(body.embeds)).toContain('Mira Holt')
      expect(body.allowed_mentions.parse).toEqual([])
      await write(
        'strike.md',
        '---\ntitle: Dock workers strike @everyone\noutlet: Coast Gazette\n---\n' +
          'Dock workers in Velmora went on strike on Tuesday and Wednesday.\n\n' +
          '"We have waited three years for a fair offer," said the union leader, Mira Holt.\n',
      )
      expect(channelPosts()).toHaveLength(1)
      discord.interaction(2, 'watches', [], 'tok-w2')
      const list = await eventually(() =>
        discord.calls.find((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/tok-w2/messages/%40original`),
      )
      expect((list.body as { content: string }).content).toContain('1. what Mira Holt says')
    } finally {
      await bot.stop()
      await live.close()
      await dispatcher.close()
      await discord.close()
    }
  }, 20_000)
})
