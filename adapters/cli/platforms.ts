import type { Logger, Newsdesk } from '../../src/index.js'

/** A running platform connection. */
export interface Running {
  name: string
  stop: () => Promise<void>
}

/**
 * Starts every chat platform whose variables are set. Returns an empty list when none are, so
 * the caller opens the console instead. Throws (naming the variable) when one is set but wrong.
 */
export async function startPlatforms (_engine: Newsdesk, _env: NodeJS.ProcessEnv, _logger: Logger): Promise<Running[]> {
  return []
}
