import { type ChatInputCommandInteraction, MessageFlags } from 'discord.js'
import type { Result } from '../../../src/index.js'
import { noteResult } from '../../shared/log.js'
import { NO_PINGS } from '../deps.js'
import { renderEmbeds } from '../render.js'

/**
 * Runs an engine call for a slash command: deferred first (Discord wants an answer within 3
 * seconds), then the result edited in. `private:` makes it ephemeral.
 */
export async function answerInteraction(
  interaction: ChatInputCommandInteraction,
  compute: () => Result,
): Promise<void> {
  const ephemeral = interaction.options.getBoolean('private') ?? false
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {})
  const result = noteResult(compute())
  await interaction.editReply({ embeds: renderEmbeds(result), allowedMentions: NO_PINGS })
}
