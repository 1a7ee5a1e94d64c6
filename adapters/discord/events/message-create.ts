import { ChannelType, Events, type Client, type Message } from 'discord.js'
import { renderEmbeds } from '../render.js'
import { NO_PINGS, rememberQuestion, type Deps } from '../deps.js'

export function register (client: Client, deps: Deps): void {
  client.on(Events.MessageCreate, message => { void handleMessage(message, deps) })
}

/** Mentions in servers and threads, and DMs: answered as a reply that pings nobody. */
export async function handleMessage (message: Message, deps: Deps): Promise<void> {
  if (message.author.bot) return
  const me = message.client.user
  const isDm = message.channel.type === ChannelType.DM
  if (!isDm) {
    if (!message.mentions.users.has(me.id)) return
    // DISCORD_CHANNELS names channels; a thread counts as its parent channel too.
    const parent = 'parentId' in message.channel ? message.channel.parentId : null
    if (deps.config.channels !== null && !deps.config.channels.has(message.channelId) && (parent === null || !deps.config.channels.has(parent))) return
  }
  try {
    const question = message.content.replace(/<@!?\d+>/g, ' ').replace(/\s+/g, ' ').trim()
    // Earlier questions here (a thread or a DM where the bot answered) are context for a follow-up.
    const threadLike = isDm || message.channel.isThread()
    const context = threadLike ? deps.threads.get(message.channelId) ?? [] : []
    const result = deps.engine.ask(question, { context })
    if (threadLike && question !== '') rememberQuestion(deps, message.channelId, question)
    await message.reply({ embeds: renderEmbeds(result), allowedMentions: NO_PINGS })
  } catch (err) {
    deps.logger.error('Newsdesk: answering a Discord message failed', err)
    await message.reply({ content: 'Sorry, something went wrong while answering. Please try again in a moment.', allowedMentions: NO_PINGS })
      .catch(e => deps.logger.error('Newsdesk: could not send the apology to Discord', e))
  }
}
