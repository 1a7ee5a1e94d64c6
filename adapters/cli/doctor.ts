import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { earlierSave, folderState, loadArticles, readFeedList } from '../../src/index.js'
import { editorsFrom } from '../shared/add.js'
import { rateLimitFrom } from '../shared/rate-limit.js'
import { wantedPlatforms } from './platforms.js'

/**
 * `newsdesk doctor`: what `newsdesk start` would do with this environment, without connecting to
 * anything: the platforms and their mode, the articles, the feeds, the saved index, the editors,
 * health and limits; and what cannot work, with the variable to fix (never its value). Returns
 * the exit code: 0 when nothing is wrong.
 */
export async function doctor(
  dataDir: string,
  cacheDir: string | undefined,
  env: NodeJS.ProcessEnv,
  say: (line: string) => void,
): Promise<number> {
  const problems: string[] = []
  say('Newsdesk doctor: what `newsdesk start` would do (nothing is connected)')

  try {
    const loaded = await loadArticles(dataDir)
    const skipped = loaded.warnings.filter((w) => w.loaded !== true).length
    say(`Articles: ${loaded.articles.length} in ${dataDir}${skipped > 0 ? ` (${skipped} skipped: see the log)` : ''}`)
  } catch (err) {
    say(`Articles: none (${(err as Error).message.replace(/^Newsdesk: /, '').split('. It reads')[0]})`)
  }
  const feeds = await readFeedList(dataDir)
  say(`Feeds: ${feeds.feeds.length} in feeds.txt${feeds.feeds.length === 0 ? '' : ', polled while running'}`)
  problems.push(...feeds.problems)

  if (cacheDir === undefined) say('Saved index: off (--no-cache): every start indexes the folder')
  else {
    const folder = await folderState(dataDir).catch(() => null)
    const warm = folder !== null && existsSync(join(cacheDir, folder.fingerprint, 'manifest.json'))
    const earlier = warm || folder === null ? null : await earlierSave(cacheDir, folder).catch(() => null)
    const state = warm
      ? 'up to date: the next start is a warm one'
      : earlier !== null
        ? `of an earlier state of the folder: the next start reads the ${earlier.changed.length} files changed ` +
          `since (${earlier.removed.length} gone)`
        : 'none yet for the folder as it is now'
    say(`Saved index: ${cacheDir} — ${state}`)
  }

  const kinds: Array<[string, RegExp, string]> = [
    ['SLACK_BOT_TOKEN', /^xoxp-/, 'holds a user token (xoxp-…); use the bot token (xoxb-…), OAuth & Permissions'],
    ['SLACK_BOT_TOKEN', /^xapp-/, 'holds the app-level token (xapp-…); it belongs in SLACK_APP_TOKEN'],
    ['SLACK_APP_TOKEN', /^xox[bp]-/, 'holds a bot or user token; the app-level token starts with xapp-'],
  ]
  for (const [name, pattern, why] of kinds) if (pattern.test(env[name] ?? '')) problems.push(`${name} ${why}`)
  const secret = env.SLACK_SIGNING_SECRET
  if (secret !== undefined && !/^[0-9a-f]{32}$/i.test(secret)) {
    problems.push(
      'SLACK_SIGNING_SECRET does not look like a signing secret (32 hexadecimal characters, Basic Information)',
    )
  }
  try {
    const wanted = wantedPlatforms(env)
    const slack = wanted.slack
    if (slack === null) say('Slack: not configured (SLACK_BOT_TOKEN unset)')
    else if (slack.mode === 'socket') say('Slack: Socket Mode (SLACK_APP_TOKEN): no public URL needed')
    else say(`Slack: HTTP mode on port ${slack.port}: Slack sends requests to /slack/events`)
    const discord = wanted.discord
    say(
      discord === null
        ? 'Discord: not configured (DISCORD_TOKEN unset)'
        : `Discord: application ${discord.applicationId}`,
    )
    if (slack === null && discord === null) say('Start: the console (no platform token is set)')
    const health = env.HEALTH_PORT ?? (slack?.mode === 'http' ? `${slack.port} (Slack's port)` : null)
    say(`Health: ${health === null ? 'off (set HEALTH_PORT)' : `/healthz and /readyz on port ${health}`}`)
  } catch (err) {
    problems.push(...(err as Error).message.split('\n').map((l) => l.replace(/^Newsdesk: /, '')))
  }
  const editors = editorsFrom(env)
  say(`Editors: ${editors === null ? 'none: adding articles and feeds from chat is off' : `${editors.size}`}`)
  try {
    const limit = rateLimitFrom(env)
    say(`Rate limit: ${limit === 0 ? 'none' : `${limit} questions per person per minute`}`)
  } catch (err) {
    problems.push((err as Error).message)
  }
  const level = env.LOG_LEVEL?.trim().toLowerCase()
  if (level !== undefined && level !== '' && !['debug', 'info', 'warn', 'error'].includes(level)) {
    problems.push('LOG_LEVEL must be one of debug, info, warn, error')
  }
  if (problems.length === 0) {
    say('No problems found.')
    return 0
  }
  say(`Problems (${problems.length}):`)
  for (const p of problems) say(`  ✗ ${p}`)
  return 1
}
