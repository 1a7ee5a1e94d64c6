import { SlashCommandBuilder } from 'discord.js'
import { answerInteraction } from './respond.js'
import type { SlashCommand } from './types.js'

export default {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask the articles a question; answered with cited excerpts')
    .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(2000))
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer')),

  async execute(interaction, deps) {
    const question = interaction.options.getString('question') ?? ''
    await answerInteraction(interaction, () => deps.engine.ask(question))
  },
} satisfies SlashCommand
