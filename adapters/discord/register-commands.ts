// `npm run discord:register`: registers /ask, /source, /quote and /add — to DISCORD_GUILD_ID when set
// (instant, for testing), globally otherwise (may take up to an hour to appear).
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { REST, Routes } from 'discord.js'
import { config as loadDotenv } from 'dotenv'
import { ConfigError } from '../../src/index.js'
import { commands } from './commands/index.js'
import { readDiscordConfig } from './config.js'

export async function registerCommands(env: NodeJS.ProcessEnv): Promise<string> {
  const config = readDiscordConfig(env)
  if (config === null)
    throw new ConfigError(
      'Newsdesk: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example) to register the commands',
    )
  const rest = new REST(config.apiUrl === null ? {} : { api: config.apiUrl }).setToken(config.token)
  const body = [...commands.values()].map((c) => c.data.toJSON())
  const route =
    config.guildId === null
      ? Routes.applicationCommands(config.applicationId)
      : Routes.applicationGuildCommands(config.applicationId, config.guildId)
  await rest.put(route, { body })
  return config.guildId === null
    ? `Registered ${body.length} commands globally; they can take up to an hour to show.`
    : `Registered ${body.length} commands in server ${config.guildId}; they show at once.`
}

// Run as a script (not imported by the tests): the file node was asked to run is this one.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  loadDotenv({ quiet: true })
  registerCommands(process.env).then(
    (message) => {
      process.stdout.write(`${message}\n`)
    },
    (err) => {
      process.stderr.write(`${(err as Error).message}\n`)
      process.exitCode = 1
    },
  )
}
