import { SlashCommandBuilder } from 'discord.js'
import { cutPrefix, cutToLength } from '../../shared/cut.js'
import { answerInteraction } from './respond.js'
import type { SlashCommand } from './types.js'

// Quotations a page: as many as fit Discord's embeds with room to spare.
const PAGE = 10

export default {
  data: new SlashCommandBuilder()
    .setName('quote')
    .setDescription('What a person said, or quotations on a topic')
    .addStringOption((o) =>
      o
        .setName('who_or_what')
        .setDescription('A speaker or a topic')
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(500),
    )
    .addIntegerOption((o) =>
      o
        .setName('page')
        .setDescription(`Which ${PAGE} quotations: 1 for the first, 2 for the next…`)
        .setMinValue(1)
        .setMaxValue(10),
    )
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer')),

  async execute(interaction, deps) {
    const who = interaction.options.getString('who_or_what') ?? ''
    const page = interaction.options.getInteger('page') ?? 1
    await answerInteraction(interaction, () => deps.engine.quote(who, { limit: PAGE, offset: (page - 1) * PAGE }))
  },

  /** Quoted people matching what has been typed, most quoted first. */
  async autocomplete(interaction, deps) {
    const typed = interaction.options.getFocused()
    // Discord allows 100 characters in a choice's name and value: the name shows the cut, the
    // value stays a plain prefix (whole characters) to search with.
    const names = deps.engine.speakers(typed, 25)
    await interaction.respond(names.map((name) => ({ name: cutToLength(name, 100), value: cutPrefix(name, 100) })))
  },
} satisfies SlashCommand
