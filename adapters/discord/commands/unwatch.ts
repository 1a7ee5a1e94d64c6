import { SlashCommandBuilder } from 'discord.js'
import { MAX_WATCHES_PER_CHANNEL } from '../../../src/index.js'
import { unwatchCommand, WATCHES_OFF } from '../../shared/watch.js'
import { NO_PINGS } from '../deps.js'
import type { SlashCommand } from './types.js'

export default {
  data: new SlashCommandBuilder()
    .setName('unwatch')
    .setDescription('Stop a watch of this channel')
    .addIntegerOption((o) =>
      o
        .setName('number')
        .setDescription('Its number, as /watches lists them')
        .setRequired(true)
        .setMinValue(1)
        .setMaxValue(MAX_WATCHES_PER_CHANNEL),
    ),

  async execute(interaction, deps) {
    await interaction.deferReply()
    const n = interaction.options.getInteger('number', true)
    const content =
      deps.watching === undefined
        ? WATCHES_OFF
        : await unwatchCommand(deps.watching.store, `discord:${interaction.channelId}`, String(n))
    await interaction.editReply({ content, allowedMentions: NO_PINGS })
  },
} satisfies SlashCommand
