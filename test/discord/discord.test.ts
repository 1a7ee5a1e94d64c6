import type { APIEmbed } from 'discord.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Newsdesk, type Logger } from '../../src/index.js'
import { readDiscordConfig, startDiscord } from '../../adapters/discord/index.js'
import { registerCommands } from '../../adapters/discord/register-commands.js'
import { embedsSize } from '../../adapters/discord/render.js'
import { folderWith } from '../engine/helpers.js'
import { APP, BOT, CHANNEL, DiscordStandIn, DM, eventually, GUILD, OTHER_CHANNEL, THREAD, type RestCall } from './stand-in.js'

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAy.GstndIn.abcdefghijklmnopqrstuvwxyz0123'

function recordingLogger (): Logger & { errors: string[] } {
  const errors: string[] = []
  return { errors, debug: () => {}, info: () => {}, warn: () => {}, error: (m: string, ...a: unknown[]) => { errors.push([m, ...a.map(String)].join(' ')) } }
}

const text = (embeds: APIEmbed[]): string => embeds.map(e => [e.title, e.description, e.footer?.text].join('\n')).join('\n')

function expectWithinLimits (embeds: APIEmbed[]): void {
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

  beforeAll(async () => {
    await discord.start()
    const engine = await Newsdesk.fromDirectory('data/articles')
    bot = await startDiscord(engine, { token: TOKEN, applicationId: APP, guildId: null, channels: new Set([CHANNEL]), apiUrl: discord.api }, logger, { restRetries: 1 })
  }, 20_000)
  afterAll(async () => {
    await bot.stop()
    await discord.close()
  })
  beforeEach(() => { discord.calls.length = 0 })

  const posted = async (n = 1): Promise<RestCall[]> => await eventually(() => {
    const list = discord.calls.filter(c => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path))
    return list.length >= n && list
  })

  it('identified with the intents it needs and got its guild', () => {
    const identify = discord.gatewayOps.find(o => o.op === 2)!.d as { token: string, intents: number }
    expect(identify.token).toBe(TOKEN)
    // Guilds 1, GuildMessages 512, DirectMessages 4096, MessageContent 32768.
    expect(identify.intents & (1 | 512 | 4096 | 32768)).toBe(1 | 512 | 4096 | 32768)
  })

  it('answers a mention with a reply that pings nobody', async () => {
    const id = discord.userMessage(`<@${BOT}> How many airstrikes did Russia launch?`, { channel: CHANNEL, mentionsBot: true })
    const [call] = await posted()
    const body = call.body as { embeds: APIEmbed[], message_reference: { message_id: string }, allowed_mentions: { parse: string[], replied_user: boolean } }
    expect(call.path).toBe(`/channels/${CHANNEL}/messages`)
    expect(body.message_reference.message_id).toBe(id)
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false })
    expect(text(body.embeds)).toContain('more than 60 airstrikes')
    expect(text(body.embeds)).toContain('[1] **Trump Envoy Says ‘Substantial Progress’ Achieved in Summit With Putin** — Kurdistan24')
    expect(body.embeds.at(-1)!.footer!.text).toBe('Kurdistan24')
  })

  it('answers a DM without a mention, and ignores bots and unmentioned chatter', async () => {
    discord.userMessage('Who is the White House press secretary?', { channel: DM, dm: true })
    discord.userMessage('How many airstrikes did Russia launch?', { channel: CHANNEL })
    discord.userMessage(`<@${BOT}> How many airstrikes?`, { channel: CHANNEL, mentionsBot: true, bot: true })
    const [call] = await posted()
    expect(call.path).toBe(`/channels/${DM}/messages`)
    expect(text((call.body as { embeds: APIEmbed[] }).embeds)).toContain('Karoline Leavitt')
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(discord.calls.filter(c => c.method === 'POST')).toHaveLength(1)
  })

  it('answers mentions only in DISCORD_CHANNELS (and their threads)', async () => {
    discord.userMessage(`<@${BOT}> How many airstrikes did Russia launch?`, { channel: OTHER_CHANNEL, mentionsBot: true })
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(discord.calls).toHaveLength(0)
  })

  it('reads the earlier questions of a thread for a follow-up', async () => {
    discord.userMessage(`<@${BOT}> What did Zelenskyy say?`, { channel: THREAD, mentionsBot: true })
    await posted(1)
    discord.userMessage(`<@${BOT}> and about security?`, { channel: THREAD, mentionsBot: true })
    const calls = await posted(2)
    expect(calls[1].path).toBe(`/channels/${THREAD}/messages`)
    expect(text((calls[1].body as { embeds: APIEmbed[] }).embeds)).toMatch(/— Volodymyr Zelenskyy/)
  })

  it('defers /ask and finishes it by editing the original reply', async () => {
    discord.interaction(2, 'ask', [{ name: 'question', type: 3, value: 'How many airstrikes did Russia launch?' }], 'tok-ask')
    const edit = await eventually(() => discord.calls.find(c => c.method === 'PATCH' && c.path === `/webhooks/${APP}/tok-ask/messages/%40original`))
    const callback = discord.calls.find(c => /\/callback$/.test(c.path) && c.path.includes('tok-ask'))!
    expect((callback.body as { type: number }).type).toBe(5)
    expect((callback.body as { data?: { flags?: number } }).data?.flags ?? 0).toBe(0)
    const body = edit.body as { embeds: APIEmbed[], allowed_mentions: { parse: string[] } }
    expect(text(body.embeds)).toContain('more than 60 airstrikes')
    expect(body.allowed_mentions.parse).toEqual([])
  })

  it('lists the corpus for /source with no query, answers /quote, and keeps private: answers ephemeral', async () => {
    discord.interaction(2, 'source', [], 'tok-src')
    discord.interaction(2, 'quote', [{ name: 'who_or_what', type: 3, value: 'Zelensky' }, { name: 'private', type: 5, value: true }], 'tok-quote')
    const list = await eventually(() => discord.calls.find(c => c.method === 'PATCH' && c.path.includes('tok-src')))
    expect(text((list.body as { embeds: APIEmbed[] }).embeds)).toMatch(/· 8 quotes/)
    const quote = await eventually(() => discord.calls.find(c => c.method === 'PATCH' && c.path.includes('tok-quote')))
    expect(text((quote.body as { embeds: APIEmbed[] }).embeds)).toContain('— Volodymyr Zelenskyy')
    const callback = discord.calls.find(c => /\/callback$/.test(c.path) && c.path.includes('tok-quote'))!
    expect((callback.body as { data: { flags: number } }).data.flags & 64).toBe(64)
  })

  it('autocompletes speakers for /quote and titles for /source', async () => {
    discord.interaction(4, 'quote', [{ name: 'who_or_what', type: 3, value: 'wit', focused: true }], 'tok-ac1')
    discord.interaction(4, 'source', [{ name: 'query', type: 3, value: 'envoy', focused: true }], 'tok-ac2')
    const speakers = await eventually(() => discord.calls.find(c => c.path.includes('tok-ac1')))
    expect(speakers.body).toEqual({ type: 8, data: { choices: [{ name: 'Steve Witkoff', value: 'Steve Witkoff' }] } })
    const titles = await eventually(() => discord.calls.find(c => c.path.includes('tok-ac2')))
    expect((titles.body as { data: { choices: Array<{ name: string }> } }).data.choices.map(c => c.name)).toEqual(expect.arrayContaining(['Trump Envoy Says ‘Substantial Progress’ Achieved in Summit With Putin']))
  })

  it('resumes after the gateway drops the connection, and keeps answering', async () => {
    discord.dropConnection()
    await eventually(() => discord.gatewayOps.some(o => o.op === 6), 10_000)
    const resume = discord.gatewayOps.find(o => o.op === 6)!.d as { session_id: string, token: string }
    expect(resume.session_id).toBe('standin-session')
    await eventually(() => discord.connected)
    discord.userMessage(`<@${BOT}> Who is the White House press secretary?`, { channel: CHANNEL, mentionsBot: true })
    const [call] = await posted()
    expect(text((call.body as { embeds: APIEmbed[] }).embeds)).toContain('Karoline Leavitt')
  }, 15_000)

  it('sends heartbeats and gets them acknowledged', async () => {
    await eventually(() => discord.gatewayOps.some(o => o.op === 1), 5000)
  })

  it('still delivers the reply when REST answers 429 with retry_after', async () => {
    discord.failNext(/^POST \/channels\/\d+\/messages$/, { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.2, global: false }, headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' } })
    discord.userMessage(`<@${BOT}> How many airstrikes did Russia launch?`, { channel: CHANNEL, mentionsBot: true })
    const calls = await posted(2)
    expect(text((calls[1].body as { embeds: APIEmbed[] }).embeds)).toContain('more than 60 airstrikes')
  }, 10_000)

  it('logs a REST failure (500) and keeps serving', async () => {
    discord.failNext(/^POST \/channels\/\d+\/messages$/, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 })
    discord.userMessage(`<@${BOT}> Who is the White House press secretary?`, { channel: CHANNEL, mentionsBot: true })
    await eventually(() => logger.errors.some(e => /Discord/.test(e)), 10_000)
    discord.calls.length = 0
    discord.interaction(2, 'ask', [{ name: 'question', type: 3, value: 'How many airstrikes did Russia launch?' }], 'tok-after')
    await eventually(() => discord.calls.find(c => c.method === 'PATCH' && c.path.includes('tok-after')))
  }, 15_000)

  it('never leaks the token into a log', () => {
    expect(logger.errors.join('\n')).not.toContain(TOKEN)
  })
})

describe('hostile text', () => {
  const discord = new DiscordStandIn()
  let bot: { stop: () => Promise<void> }
  beforeAll(async () => {
    await discord.start()
    const engine = await Newsdesk.fromDirectory(folderWith({
      'h.json': JSON.stringify({ title: 'Alarm @everyone <@123>', outlet: 'Prank **News**', text: 'Staff were told @everyone and @here to evacuate, said <@123> and <@&456> in **bold** and `code`.\n\n' + 'The fire drill lasted an hour. '.repeat(300) })
    }))
    bot = await startDiscord(engine, { token: TOKEN, applicationId: APP, guildId: null, channels: null, apiUrl: discord.api }, recordingLogger(), { restRetries: 1 })
  }, 20_000)
  afterAll(async () => {
    await bot.stop()
    await discord.close()
  })

  it('pings nobody and keeps every embed within Discord’s limits', async () => {
    discord.userMessage(`<@${BOT}> Who was told to evacuate @everyone <@123> <@&456> **now**? ${'why '.repeat(1000)}`, { channel: CHANNEL, mentionsBot: true })
    discord.interaction(2, 'source', [], 'tok-h')
    const reply = await eventually(() => discord.calls.find(c => c.method === 'POST' && c.path.endsWith('/messages')))
    const body = reply.body as { embeds: APIEmbed[], allowed_mentions: { parse: string[], replied_user: boolean } }
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false })
    expectWithinLimits(body.embeds)
    expect(text(body.embeds)).toContain('\\*\\*bold\\*\\*')
    const list = await eventually(() => discord.calls.find(c => c.method === 'PATCH' && c.path.includes('tok-h')))
    expect((list.body as { allowed_mentions: { parse: string[] } }).allowed_mentions.parse).toEqual([])
  })

  it('cuts long answers at excerpt boundaries within limits', async () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ title: `Harbour story ${i} with a fairly long headline about ships and the sea`, text: `Harbour story ${i}.` }))
    const engine = await Newsdesk.fromDirectory(folderWith({ 'many.json': JSON.stringify(many) }))
    const { renderEmbeds } = await import('../../adapters/discord/render.js')
    const embeds = renderEmbeds(engine.source())
    expectWithinLimits(embeds)
    expect(text(embeds)).toMatch(/\d+ more in \/source/)
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
      const [guild, global] = discord.calls.filter(c => c.method === 'PUT')
      expect(guild.path).toBe(`/applications/${APP}/guilds/${GUILD}/commands`)
      expect(global.path).toBe(`/applications/${APP}/commands`)
      const names = (guild.body as Array<{ name: string, options: Array<{ name: string, autocomplete?: boolean }> }>)
      expect(names.map(c => c.name)).toEqual(['ask', 'source', 'quote'])
      expect(names.find(c => c.name === 'quote')!.options.find(o => o.name === 'who_or_what')!.autocomplete).toBe(true)
    } finally {
      await discord.close()
    }
  })
})

describe('configuration', () => {
  it('is off when no Discord variable is set, and names each bad variable', () => {
    expect(readDiscordConfig({})).toBeNull()
    expect(() => readDiscordConfig({ DISCORD_APPLICATION_ID: APP })).toThrow(/DISCORD_TOKEN is required/)
    expect(() => readDiscordConfig({ DISCORD_TOKEN: TOKEN })).toThrow(/DISCORD_APPLICATION_ID is required/)
    expect(() => readDiscordConfig({ DISCORD_TOKEN: 'nope', DISCORD_APPLICATION_ID: APP })).toThrow(/DISCORD_TOKEN does not look like a bot token/)
    expect(() => readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: 'abc' })).toThrow(/DISCORD_APPLICATION_ID must be a Discord ID/)
    try {
      readDiscordConfig({ DISCORD_TOKEN: 'secret-value', DISCORD_APPLICATION_ID: APP })
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-value')
    }
    expect(readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_CHANNELS: `${CHANNEL}, ${OTHER_CHANNEL}`, DISCORD_API_URL: 'https://proxy.example/api/' }))
      .toMatchObject({ channels: new Set([CHANNEL, OTHER_CHANNEL]), apiUrl: 'https://proxy.example/api', guildId: null })
  })
})
