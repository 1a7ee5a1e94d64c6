import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js'
import type { Deps } from '../deps.js'
import { answerInteraction } from './respond.js'

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask the articles a question; answered with cited excerpts')
  .addStringOption(o => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(2000))
  .addBooleanOption(o => o.setName('private').setDescription('Only you see the answer'))

export async function execute (interaction: ChatInputCommandInteraction, deps: Deps): Promise<void> {
  const question = interaction.options.getString('question', true)
  await answerInteraction(interaction, () => deps.engine.ask(question))
}
