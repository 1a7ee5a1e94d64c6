import { type Client, Events, type Interaction, MessageFlags } from 'discord.js'
import { inFlight } from '../../shared/in-flight.js'
import { loggedRequest } from '../../shared/log.js'
import { slowDown } from '../../shared/rate-limit.js'
import { APOLOGY } from '../../shared/wording.js'
import { commands } from '../commands/index.js'
import { type Deps, NO_PINGS } from '../deps.js'

export function register(client: Client, deps: Deps): void {
  client.on(Events.InteractionCreate, (interaction) => {
    if (!inFlight.closed)
      void inFlight.run(() =>
        loggedRequest(deps.logger, requestName(interaction), () => handleInteraction(interaction, deps)),
      )
  })
}

/** How an interaction is named in the logs; autocomplete is logged at debug level only. */
function requestName(interaction: Interaction): { platform: string; command: string; quietUnlessAnswered: boolean } {
  const name = 'commandName' in interaction ? `/${String(interaction.commandName)}` : 'component'
  const autocomplete = interaction.isAutocomplete()
  return {
    platform: 'discord',
    command: autocomplete ? `${name}:autocomplete` : name,
    quietUnlessAnswered: autocomplete,
  }
}

/** Slash commands and their autocomplete. Never silent: a failure gets an ephemeral apology. */
export async function handleInteraction(interaction: Interaction, deps: Deps): Promise<void> {
  if (interaction.isAutocomplete()) {
    try {
      await commands.get(interaction.commandName)?.autocomplete?.(interaction, deps)
    } catch (err) {
      deps.logger.error(`Newsdesk: autocomplete for /${interaction.commandName} failed`, err)
    }
    return
  }
  if (!interaction.isChatInputCommand()) return
  const command = commands.get(interaction.commandName)
  if (command === undefined) {
    deps.logger.warn(`Newsdesk: unknown Discord command /${interaction.commandName}; run npm run discord:register`)
    await interaction
      .reply({
        content:
          'I do not know that command any more. An admin can refresh the commands with `npm run discord:register`.',
        flags: MessageFlags.Ephemeral,
      })
      .catch(() => {})
    return
  }
  // Questions count against the person's rate; managing watches and feeds does not.
  const wait = ['ask', 'source', 'quote'].includes(interaction.commandName)
    ? deps.limiter?.take(interaction.user.id)
    : null
  if (wait !== null && wait !== undefined && deps.limiter !== undefined) {
    await interaction
      .reply({
        content: slowDown(deps.limiter.perMinute, wait),
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_PINGS,
      })
      .catch((e: unknown) => deps.logger.warn('Newsdesk: could not ask a Discord user to slow down', e))
    return
  }
  try {
    await command.execute(interaction, deps)
  } catch (err) {
    deps.logger.error(`Newsdesk: /${interaction.commandName} failed`, err)
    try {
      if (interaction.deferred || interaction.replied) {
        const placeholder = interaction.deferred && !interaction.replied
        await interaction.followUp({ content: APOLOGY, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS })
        // A deferred reply shows "thinking…" (publicly, unless private:) until edited; remove it
        // so the channel is not left with a reply that never comes.
        if (placeholder)
          await interaction
            .deleteReply()
            .catch((e: unknown) => deps.logger.warn('Newsdesk: could not remove the deferred reply', e))
      } else {
        await interaction.reply({ content: APOLOGY, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS })
      }
    } catch (e) {
      deps.logger.error('Newsdesk: could not send the apology to Discord', e)
    }
  }
}
