import { ConfigError } from '../../src/index.js'

/**
 * The named variables that are set, trimmed. An empty or blank variable (as left by copying
 * `.env.example`) counts as unset.
 */
export function presentVariables(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(
    names.map((name) => {
      const value = env[name]
      return [name, value === undefined || value.trim() === '' ? undefined : value.trim()]
    }),
  )
}

/** True when any of the named variables is set: the platform is wanted. */
export function anySet(values: Record<string, string | undefined>): boolean {
  return Object.values(values).some((v) => v !== undefined)
}

/** A platform's configuration error; the messages name variables, never their values. */
export function platformConfigError(platform: string, problems: string[]): ConfigError {
  return new ConfigError(`Newsdesk: ${platform} is not configured correctly: ${problems.join('; ')}`)
}

/** A comma-separated list of IDs as a set. */
export function idSet(list: string | undefined): Set<string> | null {
  return list === undefined ? null : new Set(list.split(',').map((s) => s.trim()))
}
