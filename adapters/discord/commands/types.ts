import type { AutocompleteInteraction, ChatInputCommandInteraction, SlashCommandOptionsOnlyBuilder } from 'discord.js'
import type { Deps } from '../deps.js'

/** A slash command: its definition, what it does, and its autocomplete if it has one. */
export interface SlashCommand {
  data: SlashCommandOptionsOnlyBuilder
  execute: (interaction: ChatInputCommandInteraction, deps: Deps) => Promise<void>
  autocomplete?: (interaction: AutocompleteInteraction, deps: Deps) => Promise<void>
}
