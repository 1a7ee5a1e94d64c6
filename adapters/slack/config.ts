import { z } from 'zod'
import { anySet, idSet, platformConfigError, presentVariables } from '../shared/env.js'
import { rateLimitFrom } from '../shared/rate-limit.js'

interface SlackCommon {
  botToken: string
  /** Channel IDs where mentions are answered; null = everywhere. */
  channels: Set<string> | null
  /** Web API base, ending in a slash; null = Slack's own. */
  apiUrl: string | null
  /** Questions per person per minute (NEWSDESK_RATE_LIMIT, 20 by default); unset or 0: no limit. */
  rateLimit?: number
}

/** Socket Mode: Newsdesk dials out to Slack with an app-level token; no public URL needed. */
export interface SlackSocketConfig extends SlackCommon {
  mode: 'socket'
  appToken: string
}

/** HTTP mode: Slack posts events to `port`, each request checked with the signing secret. */
export interface SlackHttpConfig extends SlackCommon {
  mode: 'http'
  signingSecret: string
  port: number
}

/** What the Slack adapter needs, read once at start-up: one mode or the other, never both. */
export type SlackConfig = SlackSocketConfig | SlackHttpConfig

const SLACK_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_CHANNELS',
  'SLACK_API_URL',
]

// Shapes only, so every well-formed token passes; messages name the variable, never its value.
const schema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'SLACK_BOT_TOKEN is required (a bot token, xoxb-…)' })
    .regex(/^xoxb-[A-Za-z0-9-]+$/, 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-[A-Za-z0-9-]+$/, 'SLACK_APP_TOKEN must be an app-level token starting with xapp-')
    .optional(),
  SLACK_SIGNING_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9]{16,128}$/, "SLACK_SIGNING_SECRET must be the app's signing secret (letters and digits)")
    .optional(),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'PORT must be a port number')
    .transform(Number)
    .refine((n) => n > 0 && n < 65536, 'PORT must be between 1 and 65535')
    .optional(),
  SLACK_CHANNELS: z
    .string()
    .regex(
      /^\s*[A-Z0-9]+(\s*,\s*[A-Z0-9]+)*\s*$/,
      'SLACK_CHANNELS must be channel IDs separated by commas (C0123ABC,C0456DEF)',
    )
    .optional(),
  SLACK_API_URL: z
    .url({ protocol: /^https?$/, error: 'SLACK_API_URL must be an http(s) URL such as https://slack-gov.com/api/' })
    // A user name or password in it would end up in logs and errors; it is never echoed.
    .refine((u) => !/^[a-z]+:\/\/[^/?#]*@/i.test(u), 'SLACK_API_URL must not hold a user name or password')
    .optional(),
})

/**
 * Reads the Slack variables. `null` when none is set (Slack is not wanted); throws a ConfigError
 * naming each missing or malformed variable otherwise. With both tokens, Socket Mode wins.
 */
export function readSlackConfig(env: NodeJS.ProcessEnv): SlackConfig | null {
  const values = presentVariables(env, SLACK_VARIABLES)
  if (!anySet(values)) return null
  const parsed = schema.safeParse({ ...values, PORT: presentVariables(env, ['PORT']).PORT })
  if (!parsed.success)
    throw platformConfigError(
      'Slack',
      parsed.error.issues.map((i) => i.message),
    )
  const v = parsed.data
  const common: SlackCommon = {
    botToken: v.SLACK_BOT_TOKEN,
    channels: idSet(v.SLACK_CHANNELS),
    apiUrl: v.SLACK_API_URL === undefined ? null : v.SLACK_API_URL.replace(/\/?$/, '/'),
    rateLimit: rateLimitFrom(env),
  }
  if (v.SLACK_APP_TOKEN !== undefined) return { ...common, mode: 'socket', appToken: v.SLACK_APP_TOKEN }
  if (v.SLACK_SIGNING_SECRET !== undefined) {
    return { ...common, mode: 'http', signingSecret: v.SLACK_SIGNING_SECRET, port: v.PORT ?? 3000 }
  }
  throw platformConfigError('Slack', ['set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)'])
}
