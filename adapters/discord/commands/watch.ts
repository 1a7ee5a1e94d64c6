import { SlashCommandBuilder } from 'discord.js'
import { MAX_WATCH_CHARS } from '../../../src/index.js'
import { WATCHES_OFF, watchCommand } from '../../shared/watch.js'
import { NO_PINGS } from '../deps.js'
import type { SlashCommand } from './types.js'

export default {
  data: new SlashCommandBuilder()
    .setName('watch')
    .setDescription('Post new articles on a topic (or what a person says) in this channel')
    .addStringOption((o) =>
      o
        .setName('topic')
        .setDescription('Words to watch for; "quote <name>" for what a person says')
        .setRequired(true)
        .setMaxLength(MAX_WATCH_CHARS + 6),
    ),

  // In the channel: everyone there will see what it brings.
  async execute(interaction, deps) {
    await interaction.deferReply()
    const text = interaction.options.getString('topic') ?? ''
    const content =
      deps.watching === undefined
        ? WATCHES_OFF
        : await watchCommand(deps.watching.store, `discord:${interaction.channelId}`, interaction.user.id, text)
    await interaction.editReply({ content, allowedMentions: NO_PINGS })
  },
} satisfies SlashCommand
