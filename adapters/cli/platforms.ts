import { ConfigError, type Logger, type Newsdesk } from '../../src/index.js'
import { readDiscordConfig, startDiscord } from '../discord/index.js'
import type { ChatAdding } from '../shared/add.js'
import type { HealthSource } from '../shared/health.js'
import type { ChatWatching } from '../shared/watch.js'
import { readSlackConfig, startSlack } from '../slack/index.js'

/** A running platform connection. */
export interface Running {
  name: string
  stop: () => Promise<void>
  /** Whether it is connected now (for /readyz). */
  connected: () => boolean
}

/** Which platforms the environment asks for; throws (naming the variable) when one is set but wrong. */
export function wantedPlatforms(env: NodeJS.ProcessEnv): {
  slack: ReturnType<typeof readSlackConfig>
  discord: ReturnType<typeof readDiscordConfig>
} {
  // Both are read before either starts, so every bad variable is reported at once.
  const errors: string[] = []
  const read = <T>(f: () => T): T | null => {
    try {
      return f()
    } catch (err) {
      errors.push((err as Error).message)
      return null
    }
  }
  const wanted = { slack: read(() => readSlackConfig(env)), discord: read(() => readDiscordConfig(env)) }
  if (errors.length > 0) throw new ConfigError(errors.join('\n'))
  return wanted
}

/**
 * Starts every chat platform whose variables are set, all on one engine. Returns an empty list
 * when none are, so the caller opens the console instead.
 */
export async function startPlatforms(
  engine: Newsdesk,
  wanted: ReturnType<typeof wantedPlatforms>,
  logger: Logger,
  adding?: ChatAdding,
  watching?: ChatWatching,
  health?: HealthSource,
): Promise<Running[]> {
  const running: Running[] = []
  try {
    if (wanted.slack !== null) {
      const slack = await startSlack(engine, wanted.slack, logger, {}, adding, watching, health)
      running.push({ name: 'Slack', stop: slack.stop, connected: slack.connected })
    }
    if (wanted.discord !== null) {
      const discord = await startDiscord(engine, wanted.discord, logger, {}, adding, watching)
      running.push({ name: 'Discord', stop: discord.stop, connected: discord.connected })
    }
  } catch (err) {
    // One platform failing to start stops the others too: a half-started service hides the fault.
    await Promise.allSettled(running.map((r) => r.stop()))
    throw err
  }
  return running
}
