import type { AutocompleteInteraction, ChatInputCommandInteraction, SlashCommandOptionsOnlyBuilder } from 'discord.js'
import type { Deps } from '../deps.js'
import * as ask from './ask.js'
import * as quote from './quote.js'
import * as source from './source.js'

/** A slash command: its definition, what it does, and its autocomplete if it has one. */
export interface SlashCommand {
  data: SlashCommandOptionsOnlyBuilder
  execute: (interaction: ChatInputCommandInteraction, deps: Deps) => Promise<void>
  autocomplete?: (interaction: AutocompleteInteraction, deps: Deps) => Promise<void>
}

export const commands: Map<string, SlashCommand> = new Map([ask, source, quote].map(c => [c.data.name, c as SlashCommand]))
