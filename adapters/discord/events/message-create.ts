import { ChannelType, type Client, Events, type Message } from 'discord.js'
import { addFromChat, linkToAdd, wantsAdd } from '../../shared/add.js'
import { inFlight } from '../../shared/in-flight.js'
import { loggedRequest, noteResult } from '../../shared/log.js'
import { slowDown } from '../../shared/rate-limit.js'
import { APOLOGY } from '../../shared/wording.js'
import { type Deps, NO_PINGS, once } from '../deps.js'
import { renderEmbeds } from '../render.js'

export function register(client: Client, deps: Deps): void {
  client.on(Events.MessageCreate, (message) => {
    if (!inFlight.closed)
      void inFlight.run(() =>
        loggedRequest(deps.logger, { platform: 'discord', command: 'message', quietUnlessAnswered: true }, () =>
          handleMessage(message, deps),
        ),
      )
  })
}

/** Mentions in servers and threads, and DMs: answered as a reply that pings nobody. */
export async function handleMessage(message: Message, deps: Deps): Promise<void> {
  if (message.author.bot) return
  const me = message.client.user
  const isDm = message.channel.type === ChannelType.DM
  if (!isDm) {
    if (!message.mentions.users.has(me.id)) return
    // DISCORD_CHANNELS names channels; a thread counts as its parent channel too.
    const parent = 'parentId' in message.channel ? message.channel.parentId : null
    if (
      deps.config.channels !== null &&
      !deps.config.channels.has(message.channelId) &&
      (parent === null || !deps.config.channels.has(parent))
    )
      return
  }
  const wait = deps.limiter?.take(message.author.id)
  if (wait !== null && wait !== undefined && deps.limiter !== undefined) {
    await message
      .reply({ content: slowDown(deps.limiter.perMinute, wait), allowedMentions: NO_PINGS, ...once() })
      .catch((e: unknown) => deps.logger.warn('Newsdesk: could not ask a Discord user to slow down', e))
    return
  }
  try {
    // "@newsdesk add <link>", or a file attached to a mention: an editor adds an article.
    const said = questionOf(message.content)
    const attached = message.attachments.first()?.url
    const file = attached !== undefined && wantsAdd(said) ? attached : undefined
    const link = linkToAdd(said)
    if (file !== undefined || link !== null) {
      const content = await addFromChat(deps.engine, deps.adding, message.author.id, file ?? (link as string))
      await message.reply({ content, allowedMentions: NO_PINGS, ...once() })
      return
    }
    const question = questionOf(message.content)
    // Earlier questions here (a thread or a DM where the bot answered) are context for a follow-up.
    const threadLike = isDm || message.channel.isThread()
    const context = threadLike ? await earlierQuestions(message, deps) : []
    const result = noteResult(deps.engine.ask(question, { context }), 'ask')
    if (threadLike && question !== '') deps.threads.remember(message.channelId, question)
    await message.reply({ embeds: renderEmbeds(result), allowedMentions: NO_PINGS, ...once() })
  } catch (err) {
    deps.logger.error('Newsdesk: answering a Discord message failed', err)
    await message
      .reply({ content: APOLOGY, allowedMentions: NO_PINGS })
      .catch((e) => deps.logger.error('Newsdesk: could not send the apology to Discord', e))
  }
}

/** The question in a message: its text without the mentions. */
function questionOf(content: string): string {
  return content
    .replace(/<@[!&]?\d+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The questions asked earlier in this thread or DM that the bot answered, oldest first. Known
 * from memory once the bot has answered here; otherwise (e.g. after a restart) read from the
 * recent history: the messages the bot's own replies refer to.
 */
async function earlierQuestions(message: Message, deps: Deps): Promise<string[]> {
  const remembered = deps.threads.recall(message.channelId)
  if (remembered !== undefined) return remembered
  let questions: string[] = []
  try {
    const recent = [...(await message.channel.messages.fetch({ limit: 50, before: message.id })).values()]
    const me = message.client.user.id
    const answered = new Set(
      recent
        .filter((m) => m.author.id === me)
        .map((m) => m.reference?.messageId)
        .filter((id) => id !== undefined),
    )
    questions = recent
      .filter((m) => answered.has(m.id) && !m.author.bot)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((m) => questionOf(m.content))
      .filter((q) => q !== '')
      .slice(-5)
  } catch (err) {
    // Without Read Message History the follow-up is answered on its own.
    deps.logger.warn('Newsdesk: could not read earlier messages for context', err)
  }
  deps.threads.replace(message.channelId, questions)
  return questions
}
