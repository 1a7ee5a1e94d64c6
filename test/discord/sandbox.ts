// `npm run discord:sandbox [-- --data DIR]`: the real bot against the local Discord stand-in, so you can try it
// without a server. Type a question (sent as an @mention in #general), `thread …`, `dm …`,
// `/ask …`, `/source …` or `/quote …`; the reply that reaches "Discord" is printed.
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import type { APIEmbed } from 'discord.js'
import { startDiscord } from '../../adapters/discord/index.js'
import { consoleLogger } from '../../src/index.js'
import { sandboxEngine } from '../support/sandbox-engine.js'
import { APP, BOT, CHANNEL, DiscordStandIn, DM, eventually, THREAD } from './stand-in.js'

const { values } = parseArgs({ options: { data: { type: 'string' } } })
const engine = await sandboxEngine(values.data)
const discord = new DiscordStandIn()
await discord.start()
const bot = await startDiscord(
  engine,
  {
    token: 'MTAwMDAwMDAwMDAwMDAwMDAy.Sandbox.abcdefghijklmnopqrstuvwxyz0123',
    applicationId: APP,
    guildId: null,
    channels: null,
    apiUrl: discord.api,
  },
  consoleLogger('warn'),
)
console.log(`Discord stand-in on ${discord.api}; the bot is connected; ${engine.size} articles.`)
console.log('Type a question (sent as an @mention in #general), "thread <question>" (a mention in a thread: follow-ups')
console.log(
  'there use the earlier questions), "dm <question>", or /ask <question>, /source [query], /quote <who or what>.',
)
console.log('Ctrl-D leaves.')

function show(body: unknown): void {
  const embeds = (body as { embeds?: APIEmbed[] }).embeds ?? []
  for (const e of embeds)
    console.log(
      [e.title, e.description, e.footer === undefined ? undefined : `(${e.footer.text})`]
        .filter((x) => x !== undefined)
        .join('\n'),
    )
  console.log('')
}

let n = 0
for await (const line of createInterface({ input: process.stdin })) {
  const text = line.trim()
  if (text === '') continue
  n++
  const before = discord.calls.length
  const m = /^\/(ask|source|quote)\b\s*(.*)$/.exec(text)
  if (m !== null) {
    const option = { ask: 'question', source: 'query', quote: 'who_or_what' }[m[1] as 'ask' | 'source' | 'quote']
    // Discord itself never sends a required option empty: say so, as its client would.
    if (m[2] === '' && m[1] !== 'source') {
      console.log(
        `/${m[1]} needs its ${option} option, for example /${m[1]} ${m[1] === 'ask' ? 'Who is Witkoff?' : 'Witkoff'}`,
      )
      continue
    }
    discord.interaction(2, m[1], m[2] === '' ? [] : [{ name: option, type: 3, value: m[2] }], `sandbox-${n}`)
    const edit = await eventually(() => discord.calls.slice(before).find((c) => c.method === 'PATCH')).catch(() => null)
    if (edit !== null) show(edit.body)
  } else {
    const dm = /^dm\s+(.*)$/i.exec(text)
    const thread = /^thread\s+(.*)$/i.exec(text)
    if (dm !== null) discord.userMessage(dm[1], { channel: DM, dm: true })
    else if (thread !== null) discord.userMessage(`<@${BOT}> ${thread[1]}`, { channel: THREAD, mentionsBot: true })
    else discord.userMessage(`<@${BOT}> ${text}`, { channel: CHANNEL, mentionsBot: true })
    const post = await eventually(() => discord.calls.slice(before).find((c) => c.method === 'POST')).catch(() => null)
    if (post !== null) show(post.body)
  }
}
await bot.stop()
await discord.close()
process.exit(0)
