import { MessageFlags, SlashCommandBuilder } from 'discord.js'
import { WATCHES_OFF, watchesCommand } from '../../shared/watch.js'
import { NO_PINGS } from '../deps.js'
import type { SlashCommand } from './types.js'

export default {
  data: new SlashCommandBuilder().setName('watches').setDescription('List the watches of this channel'),

  async execute(interaction, deps) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral })
    const content =
      deps.watching === undefined
        ? WATCHES_OFF
        : watchesCommand(deps.watching.store, `discord:${interaction.channelId}`)
    await interaction.editReply({ content, allowedMentions: NO_PINGS })
  },
} satisfies SlashCommand
