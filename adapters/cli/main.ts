#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { config as loadDotenv } from 'dotenv'
import {
  type Command,
  ConfigError,
  consoleLogger,
  DEFAULT_POLLER_OPTIONS,
  FeedPoller,
  keepLive,
  type Logger,
  Newsdesk,
  NewsdeskError,
  NoArticlesError,
  prepareCacheDir,
  readFeedList,
  WatchDispatcher,
  WatchStore,
} from '../../src/index.js'
import { editorsFrom } from '../shared/add.js'
import { cutToLength } from '../shared/cut.js'
import { FEEDS_USAGE, feedsCommand } from '../shared/feeds.js'
import { type HealthSource, startHealthServer } from '../shared/health.js'
import { inFlight } from '../shared/in-flight.js'
import { serviceLogger as pinoLogger } from '../shared/log.js'
import { addArticles } from './add.js'
import { type CliArgs, parseArgs, USAGE, UsageError } from './args.js'
import { runBatch } from './batch.js'
import { runConsole } from './console.js'
import { doctor } from './doctor.js'
import { type Running, startPlatforms, wantedPlatforms } from './platforms.js'
import { indexingProgress } from './progress.js'
import { renderText } from './render-text.js'

// dist/adapters/cli/main.js → the package root, where the bundled articles live.
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

async function main(argv: string[]): Promise<number> {
  // Variables already in the environment win over .env; quiet keeps stdout clean for batch.
  loadDotenv({ quiet: true })
  let args: CliArgs
  try {
    args = parseArgs(argv)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    process.stderr.write(`newsdesk: ${err.message}\n\n${USAGE}`)
    return 2
  }
  if (args.version) {
    process.stdout.write(`newsdesk ${VERSION}\n`)
    return 0
  }
  if (args.help || args.command === null || args.command === 'help') {
    process.stdout.write(USAGE)
    return args.help || args.command === 'help' ? 0 : 2
  }
  const level = process.env.LOG_LEVEL?.trim().toLowerCase()
  if (level !== undefined && level !== '' && !LEVELS.includes(level)) {
    process.stderr.write(`newsdesk: LOG_LEVEL must be one of ${LEVELS.join(', ')} (got "${cutToLength(level, 20)}")\n`)
    return 2
  }
  // Below the level asked for nothing is printed; warnings always are for one-off commands.
  const levelOr = (fallback: 'info' | 'warn'): 'debug' | 'info' | 'warn' | 'error' =>
    level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : fallback
  const logger = consoleLogger(levelOr('warn') === 'info' ? 'warn' : levelOr('warn'))
  const guarded = { logger }
  guardProcess(guarded)
  // An empty variable (as left by copying .env.example) counts as unset.
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && v.trim() === '') delete process.env[k]
  const dataDir = resolveDataDir(args.data ?? process.env.NEWSDESK_DATA ?? null)
  const chosenCache = args.cache === false ? undefined : (args.cache ?? process.env.NEWSDESK_CACHE)
  let cacheDir =
    args.cache === false ? undefined : resolve(chosenCache ?? resolve(PACKAGE_ROOT, 'node_modules/.cache/newsdesk'))
  // A cache folder that cannot be used is found before any work: named by the user, it stops the
  // command; the default one is skipped with a warning.
  if (cacheDir !== undefined && ['ask', 'source', 'quote', 'batch', 'add', 'start'].includes(args.command)) {
    try {
      await prepareCacheDir(cacheDir)
    } catch (err) {
      const why = (err as Error).message
      if (chosenCache !== undefined) {
        process.stderr.write(
          `newsdesk: the cache folder cannot be used: ${why}. Give another with --cache DIR, or --no-cache\n`,
        )
        return 2
      }
      logger.warn(`Newsdesk: working without a saved index: ${why}`)
      cacheDir = undefined
    }
  }

  switch (args.command) {
    case 'ask':
    case 'source':
    case 'quote': {
      if (args.command !== 'source' && args.text.trim() === '' && !args.json) {
        const example = args.command === 'ask' ? '"What did Witkoff say about security guarantees?"' : 'Witkoff'
        process.stderr.write(`newsdesk: ${args.command} needs text, for example: newsdesk ${args.command} ${example}\n`)
        return 2
      }
      const engine = await load(dataDir, cacheDir, logger)
      const result = engine.run(args.command as Command, args.text)
      process.stdout.write(`${args.json ? JSON.stringify(result) : renderText(result)}\n`)
      return 0
    }
    case 'batch': {
      const engine = await load(dataDir, cacheDir, logger)
      const live = args.watch ? keepLive(engine, dataDir, { logger, cacheDir }) : null
      const poller = args.watch ? await startFeeds(dataDir, logger) : null
      await live?.ready
      try {
        await runBatch(engine, process.stdin, process.stdout)
      } finally {
        await poller?.stop()
        await live?.close()
      }
      return 0
    }
    case 'doctor':
      return await doctor(dataDir, cacheDir, process.env, (line) => process.stdout.write(`${line}\n`))
    case 'feeds': {
      const text = args.words.join(' ')
      if (args.words.length === 0 || !/^(add|list|remove|rm|delete)$/i.test(args.words[0])) {
        process.stderr.write(`newsdesk: ${FEEDS_USAGE.replace(/feeds /g, 'newsdesk feeds ')}\n`)
        return 2
      }
      if (/^add$/i.test(args.words[0])) await mkdir(dataDir, { recursive: true })
      process.stdout.write(`${await feedsCommand({ dataDir, poller: null }, text)}\n`)
      return 0
    }
    case 'add': {
      if (args.words.length === 0) {
        process.stderr.write(
          'newsdesk: add needs a link or a file, for example: newsdesk add https://news.example/story\n',
        )
        return 2
      }
      return await addArticles(args.words, dataDir, cacheDir, logger)
    }
    case 'start': {
      // Read the platform variables first: a bad one stops start-up before any work is done.
      const wanted = wantedPlatforms(process.env)
      const service = Object.values(wanted).some((c) => c !== null)
      // A service logs JSON lines (pretty on a terminal); the console keeps plain warnings.
      const serviceLogger = service ? pinoLogger(levelOr('info')) : consoleLogger(levelOr('warn'))
      guarded.logger = serviceLogger
      const engine = await load(dataDir, cacheDir, serviceLogger)
      const store = await WatchStore.open(dataDir, serviceLogger)
      const dispatcher = new WatchDispatcher(engine, store, { logger: serviceLogger })
      const poller = await startFeeds(dataDir, serviceLogger)
      const watching = { store, dispatcher, feeds: { dataDir, poller } }
      const live = keepLive(engine, dataDir, {
        logger: serviceLogger,
        cacheDir,
        onUpdate: ({ articles, before, added }) => {
          if (!service) process.stdout.write(`\n(The data folder changed: ${before} → ${articles} articles.)\n`)
          void dispatcher.articlesAdded(added)
        },
      })
      if (!service) {
        await runConsole(engine, process.stdin, process.stdout, logger, displayPath(dataDir), watching)
        await poller.stop()
        await live.close()
        await dispatcher.close()
        return 0
      }
      const adding = {
        dataDir,
        editors: editorsFrom(process.env),
        allowPrivate: process.env.NEWSDESK_ALLOW_PRIVATE_URLS === '1',
      }
      let running: Running[] = []
      const health: HealthSource = {
        engine,
        version: VERSION,
        // A platform still starting counts as not connected: ready means every one is up.
        platforms: () => ({
          ...(wanted.slack === null ? {} : { Slack: false }),
          ...(wanted.discord === null ? {} : { Discord: false }),
          ...Object.fromEntries(running.map((r) => [r.name, r.connected()])),
        }),
        stopping: () => inFlight.closed,
      }
      running = await startPlatforms(engine, wanted, serviceLogger, adding, watching, health)
      // /healthz and /readyz: on Slack's own port in HTTP mode, else on HEALTH_PORT when it is set.
      const healthPort = healthPortFrom(process.env)
      const healthServer =
        wanted.slack?.mode === 'http' || healthPort === null ? null : await startHealthServer(healthPort, health)
      // A service: stdin is not read; it runs until a signal stops it.
      serviceLogger.info(`Newsdesk: running on ${running.map((r) => r.name).join(' and ')}; stop with Ctrl-C`)
      const finished = await new Promise<boolean>((resolve) => {
        const stop = async (): Promise<void> => {
          serviceLogger.info('Newsdesk: stopping: no new questions; finishing the replies under way')
          // Whatever happens below, the process is gone within STOP_MS.
          setTimeout(() => resolve(false), STOP_MS).unref()
          inFlight.close()
          await Promise.allSettled([poller.stop(), live.close()])
          const done = await inFlight.drain(STOP_MS - 2000)
          await Promise.allSettled([dispatcher.close(), ...running.map((r) => r.stop())])
          healthServer?.close()
          resolve(done)
        }
        process.once('SIGINT', () => void stop())
        process.once('SIGTERM', () => void stop())
      })
      if (!finished) serviceLogger.error(`Newsdesk: stopped with ${inFlight.size} replies unfinished`)
      // Pending platform retries must not keep a stopped service alive.
      return process.exit(finished ? 0 : 1)
    }
    default:
      process.stderr.write(`newsdesk: unknown command "${args.command}"\n\n${USAGE}`)
      return 2
  }
}

/** The package's version, from its package.json. */
const VERSION = (JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version

/** HEALTH_PORT, checked: null when unset. */
function healthPortFrom(env: NodeJS.ProcessEnv): number | null {
  const value = env.HEALTH_PORT
  if (value === undefined) return null
  const port = Number(value)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`Newsdesk: HEALTH_PORT must be a port number from 1 to 65535 (got "${value}")`)
  }
  return port
}

const LEVELS = ['debug', 'info', 'warn', 'error']

// A stopping service finishes its replies within this, or gives them up and says so.
const STOP_MS = 10_000

/**
 * A rejection nobody handled (a platform library choking on an odd payload, say) is logged and
 * the service goes on: one bad message must not stop answering everyone else. An exception that
 * escaped everything is a real fault: logged, then a non-zero exit for a supervisor to restart.
 */
function guardProcess(guarded: { logger: Logger }): void {
  process.on('unhandledRejection', (reason) => {
    guarded.logger.error('Newsdesk: an unexpected error was caught; still serving', reason)
  })
  process.on('uncaughtException', (err) => {
    guarded.logger.error('Newsdesk: a fatal error; stopping', err)
    process.exit(1)
  })
}

/** `--data` is relative to where you are; the default is the bundled folder wherever you run from. */
function resolveDataDir(given: string | null): string {
  if (given !== null) return resolve(given)
  const local = resolve('data/articles')
  return existsSync(local) ? local : resolve(PACKAGE_ROOT, 'data/articles')
}

function displayPath(dir: string): string {
  const rel = dir.startsWith(`${process.cwd()}/`) ? dir.slice(process.cwd().length + 1) : dir
  return rel
}

async function load(dir: string, cacheDir: string | undefined, logger: Logger): Promise<Newsdesk> {
  const progress = indexingProgress(logger)
  try {
    return await Newsdesk.fromDirectory(dir, { logger, onProgress: progress.onProgress }, { cacheDir })
  } catch (err) {
    // A data folder that only lists feeds so far starts empty and fills as they are read.
    const feeds = err instanceof NoArticlesError ? (await readFeedList(dir)).feeds.length : 0
    if (feeds === 0) throw err
    process.stderr.write(`Newsdesk: no articles in ${displayPath(dir)} yet; waiting for its ${feeds} feed(s)\n`)
    return Newsdesk.build([], { logger })
  } finally {
    progress.done()
  }
}

/**
 * Polls the feeds listed in the data folder (none listed: it waits for a list), every
 * NEWSDESK_FEED_INTERVAL seconds by default (15 minutes when unset).
 */
async function startFeeds(dataDir: string, logger: Logger): Promise<FeedPoller> {
  const interval = process.env.NEWSDESK_FEED_INTERVAL
  const seconds = interval === undefined ? DEFAULT_POLLER_OPTIONS.intervalSeconds : Number(interval)
  if (!Number.isFinite(seconds) || seconds < 30) {
    throw new ConfigError(
      `Newsdesk: NEWSDESK_FEED_INTERVAL must be a number of seconds, at least 30 (got "${interval}")`,
    )
  }
  const poller = new FeedPoller({
    dataDir,
    logger,
    intervalSeconds: seconds,
    fetch: { allowPrivate: process.env.NEWSDESK_ALLOW_PRIVATE_URLS === '1' },
  })
  await poller.start()
  return poller
}

// A reader that goes away (`newsdesk batch | head`) ends the output, not with a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err) => {
    if (err instanceof NewsdeskError) {
      process.stderr.write(`${err.message}\n`)
    } else {
      process.stderr.write(`Newsdesk: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`)
    }
    process.exitCode = 1
  },
)
