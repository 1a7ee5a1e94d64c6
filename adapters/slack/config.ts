import { z } from 'zod'

/** What the Slack adapter needs, read once at start-up. */
export interface SlackConfig {
  botToken: string
  /** Socket Mode when set; HTTP mode otherwise. */
  appToken: string | null
  signingSecret: string | null
  port: number
  /** Channel IDs where mentions are answered; null = everywhere. */
  channels: Set<string> | null
  /** Web API base, ending in a slash. */
  apiUrl: string | null
}

const SLACK_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_CHANNELS', 'SLACK_API_URL']

// Shapes only, so every well-formed token passes; messages name the variable, never its value.
const schema = z.object({
  SLACK_BOT_TOKEN: z.string({ error: 'SLACK_BOT_TOKEN is required (a bot token, xoxb-…)' })
    .regex(/^xoxb-[A-Za-z0-9-]+$/, 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-[A-Za-z0-9-]+$/, 'SLACK_APP_TOKEN must be an app-level token starting with xapp-').optional(),
  SLACK_SIGNING_SECRET: z.string().regex(/^[A-Za-z0-9]{16,128}$/, 'SLACK_SIGNING_SECRET must be the app\'s signing secret (letters and digits)').optional(),
  PORT: z.string().regex(/^\d{1,5}$/, 'PORT must be a port number').transform(Number)
    .refine(n => n > 0 && n < 65536, 'PORT must be between 1 and 65535').optional(),
  SLACK_CHANNELS: z.string().regex(/^\s*[A-Z0-9]+(\s*,\s*[A-Z0-9]+)*\s*$/, 'SLACK_CHANNELS must be channel IDs separated by commas (C0123ABC,C0456DEF)').optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'SLACK_API_URL must be an http(s) URL such as https://slack-gov.com/api/' }).optional()
})

/**
 * Reads the Slack variables. `null` when none is set (Slack is not wanted); throws an Error
 * naming each missing or malformed variable otherwise.
 */
export function readSlackConfig (env: NodeJS.ProcessEnv): SlackConfig | null {
  const present = (k: string): string | undefined => {
    const v = env[k]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  if (!SLACK_VARIABLES.some(k => present(k) !== undefined)) return null
  const parsed = schema.safeParse(Object.fromEntries(['PORT', ...SLACK_VARIABLES].map(k => [k, present(k)])))
  if (!parsed.success) {
    throw new Error(`Newsdesk: Slack is not configured correctly: ${parsed.error.issues.map(i => i.message).join('; ')}`)
  }
  const v = parsed.data
  if (v.SLACK_APP_TOKEN === undefined && v.SLACK_SIGNING_SECRET === undefined) {
    throw new Error('Newsdesk: Slack is not configured correctly: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)')
  }
  return {
    botToken: v.SLACK_BOT_TOKEN,
    appToken: v.SLACK_APP_TOKEN ?? null,
    signingSecret: v.SLACK_SIGNING_SECRET ?? null,
    port: v.PORT ?? 3000,
    channels: v.SLACK_CHANNELS === undefined ? null : new Set(v.SLACK_CHANNELS.split(',').map(s => s.trim())),
    apiUrl: v.SLACK_API_URL === undefined ? null : v.SLACK_API_URL.replace(/\/?$/, '/')
  }
}
