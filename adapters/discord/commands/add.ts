import { MessageFlags, SlashCommandBuilder } from 'discord.js'
import { addFromChat } from '../../shared/add.js'
import { NO_PINGS } from '../deps.js'
import type { SlashCommand } from './types.js'

export default {
  data: new SlashCommandBuilder()
    .setName('add')
    .setDescription('Add an article by link (editors only)')
    .addStringOption((o) =>
      o.setName('url').setDescription('Link to the article').setRequired(true).setMaxLength(2000),
    ),

  // Private: what was understood is for the editor to check.
  async execute(interaction, deps) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral })
    const url = interaction.options.getString('url') ?? ''
    const content = await addFromChat(deps.engine, deps.adding, interaction.user.id, url)
    await interaction.editReply({ content, allowedMentions: NO_PINGS })
  },
} satisfies SlashCommand
