import type { Logger, Newsdesk } from '../../src/index.js'
import { readSlackConfig, startSlack } from '../slack/index.js'

/** A running platform connection. */
export interface Running {
  name: string
  stop: () => Promise<void>
}

/** Which platforms the environment asks for; throws (naming the variable) when one is set but wrong. */
export function wantedPlatforms (env: NodeJS.ProcessEnv): { slack: ReturnType<typeof readSlackConfig> } {
  return { slack: readSlackConfig(env) }
}

/**
 * Starts every chat platform whose variables are set, all on one engine. Returns an empty list
 * when none are, so the caller opens the console instead.
 */
export async function startPlatforms (engine: Newsdesk, wanted: ReturnType<typeof wantedPlatforms>, logger: Logger): Promise<Running[]> {
  const running: Running[] = []
  try {
    if (wanted.slack !== null) {
      const slack = await startSlack(engine, wanted.slack, logger)
      running.push({ name: 'Slack', stop: slack.stop })
    }
  } catch (err) {
    // One platform failing to start stops the others too: a half-started service hides the fault.
    await Promise.allSettled(running.map(r => r.stop()))
    throw err
  }
  return running
}
