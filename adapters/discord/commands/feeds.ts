import { MessageFlags, SlashCommandBuilder } from 'discord.js'
import { cutToLength } from '../../shared/cut.js'
import { feedsFromChat } from '../../shared/feeds.js'
import { NO_PINGS } from '../deps.js'
import type { SlashCommand } from './types.js'

export default {
  data: new SlashCommandBuilder()
    .setName('feeds')
    .setDescription('List, add or remove the feeds Newsdesk follows (editors only)')
    .addStringOption((o) =>
      o
        .setName('action')
        .setDescription('What to do')
        .setRequired(true)
        .addChoices(
          { name: 'list', value: 'list' },
          { name: 'add', value: 'add' },
          { name: 'remove', value: 'remove' },
        ),
    )
    .addStringOption((o) =>
      o.setName('feed').setDescription('add: the feed URL and a name; remove: its URL or number').setMaxLength(2000),
    ),

  // Private: the list and its errors are for the editor.
  async execute(interaction, deps) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral })
    const text = `${interaction.options.getString('action') ?? ''} ${interaction.options.getString('feed') ?? ''}`
    const content = await feedsFromChat(deps.watching?.feeds, deps.adding?.editors, interaction.user.id, text)
    await interaction.editReply({ content: cutToLength(content, 2000), allowedMentions: NO_PINGS })
  },
} satisfies SlashCommand
