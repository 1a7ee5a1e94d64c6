import { SlashCommandBuilder } from 'discord.js'
import { answerInteraction } from './respond.js'
import type { SlashCommand } from './types.js'

export default {
  data: new SlashCommandBuilder()
    .setName('source')
    .setDescription('Which articles back a claim; with no query, list the articles')
    .addStringOption((o) =>
      o.setName('query').setDescription('A claim or topic (optional)').setAutocomplete(true).setMaxLength(2000),
    )
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer')),

  async execute(interaction, deps) {
    const query = interaction.options.getString('query') ?? ''
    await answerInteraction(interaction, () => deps.engine.source(query))
  },

  /** Article titles matching what has been typed. */
  async autocomplete(interaction, deps) {
    const typed = interaction.options.getFocused()
    const titles = deps.engine.titles(typed, 25).map((c) => c.title.slice(0, 100))
    await interaction.respond(titles.map((title) => ({ name: title, value: title })))
  },
} satisfies SlashCommand
