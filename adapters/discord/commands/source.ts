import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js'
import type { Deps } from '../deps.js'
import { answerInteraction } from './respond.js'

export const data = new SlashCommandBuilder()
  .setName('source')
  .setDescription('Which articles back a claim; with no query, list the articles')
  .addStringOption(o => o.setName('query').setDescription('A claim or topic (optional)').setAutocomplete(true).setMaxLength(2000))
  .addBooleanOption(o => o.setName('private').setDescription('Only you see the answer'))

export async function execute (interaction: ChatInputCommandInteraction, deps: Deps): Promise<void> {
  const query = interaction.options.getString('query') ?? ''
  await answerInteraction(interaction, () => deps.engine.source(query))
}

/** Article titles matching what has been typed. */
export async function autocomplete (interaction: AutocompleteInteraction, deps: Deps): Promise<void> {
  const typed = interaction.options.getFocused()
  const choices = deps.engine.titles(typed, 25).map(c => ({ name: c.title.slice(0, 100), value: c.title.slice(0, 100) }))
  await interaction.respond(choices)
}
