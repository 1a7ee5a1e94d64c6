import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js'
import type { Deps } from '../deps.js'
import { answerInteraction } from './respond.js'

export const data = new SlashCommandBuilder()
  .setName('quote')
  .setDescription('What a person said, or quotations on a topic')
  .addStringOption(o => o.setName('who_or_what').setDescription('A speaker or a topic').setRequired(true).setAutocomplete(true).setMaxLength(500))
  .addBooleanOption(o => o.setName('private').setDescription('Only you see the answer'))

export async function execute (interaction: ChatInputCommandInteraction, deps: Deps): Promise<void> {
  const who = interaction.options.getString('who_or_what', true)
  await answerInteraction(interaction, () => deps.engine.quote(who))
}

/** Quoted people matching what has been typed, most quoted first. */
export async function autocomplete (interaction: AutocompleteInteraction, deps: Deps): Promise<void> {
  const typed = interaction.options.getFocused()
  await interaction.respond(deps.engine.speakers(typed, 25).map(name => ({ name: name.slice(0, 100), value: name.slice(0, 100) })))
}
