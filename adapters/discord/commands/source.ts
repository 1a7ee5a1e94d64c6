import { SlashCommandBuilder } from 'discord.js'
import { cutPrefix, cutToLength } from '../../shared/cut.js'
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
    // Discord allows 100 characters in a choice's name and value: the name shows the cut, the
    // value stays a plain prefix (whole characters) to search with.
    const titles = deps.engine.titles(typed, 25).map((c) => c.title)
    await interaction.respond(titles.map((title) => ({ name: cutToLength(title, 100), value: cutPrefix(title, 100) })))
  },
} satisfies SlashCommand
