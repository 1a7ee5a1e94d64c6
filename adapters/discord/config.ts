import { z } from 'zod'
import { anySet, idSet, platformConfigError, presentVariables } from '../shared/env.js'
import { rateLimitFrom } from '../shared/rate-limit.js'

/** What the Discord adapter needs, read once at start-up. */
export interface DiscordConfig {
  token: string
  applicationId: string
  guildId: string | null
  /** Channel IDs where mentions are answered; null = everywhere. */
  channels: Set<string> | null
  /** REST base (a REST proxy in front of Discord), e.g. https://proxy.example/api; null = Discord's. */
  apiUrl: string | null
  /** Questions per person per minute (NEWSDESK_RATE_LIMIT, 20 by default); unset or 0: no limit. */
  rateLimit?: number
}

const VARIABLES = ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID', 'DISCORD_CHANNELS', 'DISCORD_API_URL']
const snowflake = (name: string): z.ZodString =>
  z.string().regex(/^\d{15,22}$/, `${name} must be a Discord ID (digits only)`)

// Shapes only, so every well-formed token passes; messages name the variable, never its value.
const schema = z.object({
  DISCORD_TOKEN: z
    .string({ error: 'DISCORD_TOKEN is required (the bot token from the developer portal)' })
    .regex(
      /^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/,
      'DISCORD_TOKEN does not look like a bot token (three dot-separated parts)',
    ),
  DISCORD_APPLICATION_ID: snowflake('DISCORD_APPLICATION_ID').optional(),
  DISCORD_GUILD_ID: snowflake('DISCORD_GUILD_ID').optional(),
  DISCORD_CHANNELS: z
    .string()
    .regex(/^\s*\d{15,22}(\s*,\s*\d{15,22})*\s*$/, 'DISCORD_CHANNELS must be channel IDs separated by commas')
    .optional(),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api' })
    // A user name or password in it would end up in logs and errors; it is never echoed.
    .refine((u) => !/^[a-z]+:\/\/[^/?#]*@/i.test(u), 'DISCORD_API_URL must not hold a user name or password')
    .optional(),
})

/**
 * Reads the Discord variables. `null` when none is set (Discord is not wanted); throws a
 * ConfigError naming each missing or malformed variable otherwise.
 */
export function readDiscordConfig(env: NodeJS.ProcessEnv): DiscordConfig | null {
  const values = presentVariables(env, VARIABLES)
  if (!anySet(values)) return null
  const parsed = schema.safeParse(values)
  if (!parsed.success)
    throw platformConfigError(
      'Discord',
      parsed.error.issues.map((i) => i.message),
    )
  const v = parsed.data
  if (v.DISCORD_APPLICATION_ID === undefined) {
    const missing = 'DISCORD_APPLICATION_ID is required (General Information → Application ID)'
    throw platformConfigError('Discord', [missing])
  }
  return {
    token: v.DISCORD_TOKEN,
    applicationId: v.DISCORD_APPLICATION_ID,
    guildId: v.DISCORD_GUILD_ID ?? null,
    channels: idSet(v.DISCORD_CHANNELS),
    apiUrl: v.DISCORD_API_URL === undefined ? null : v.DISCORD_API_URL.replace(/\/+$/, ''),
    rateLimit: rateLimitFrom(env),
  }
}
