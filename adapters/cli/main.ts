#!/usr/bin/env node
import { existsSync } from 'node:fs'
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
  readFeedList,
  WatchDispatcher,
  WatchStore,
} from '../../src/index.js'
import { editorsFrom } from '../shared/add.js'
import { FEEDS_USAGE, feedsCommand } from '../shared/feeds.js'
import { addArticles } from './add.js'
import { type CliArgs, parseArgs, USAGE, UsageError } from './args.js'
import { runBatch } from './batch.js'
import { runConsole } from './console.js'
import { startPlatforms, wantedPlatforms } from './platforms.js'
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
    process.stdout.write('newsdesk 0.1.0\n')
    return 0
  }
  if (args.help || args.command === null || args.command === 'help') {
    process.stdout.write(USAGE)
    return args.help || args.command === 'help' ? 0 : 2
  }
  const logger = consoleLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn')
  // An empty variable (as left by copying .env.example) counts as unset.
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && v.trim() === '') delete process.env[k]
  const dataDir = resolveDataDir(args.data ?? process.env.NEWSDESK_DATA ?? null)
  const cacheDir =
    args.cache === false
      ? undefined
      : resolve(args.cache ?? process.env.NEWSDESK_CACHE ?? resolve(PACKAGE_ROOT, 'node_modules/.cache/newsdesk'))

  switch (args.command) {
    case 'ask':
    case 'source':
    case 'quote': {
      if (args.command !== 'source' && args.text.trim() === '') {
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
      const serviceLogger = consoleLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : service ? 'info' : 'warn')
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
      const running = await startPlatforms(engine, wanted, serviceLogger, adding, watching)
      // A service: stdin is not read; it runs until a signal stops it.
      serviceLogger.info(`Newsdesk: running on ${running.map((r) => r.name).join(' and ')}; stop with Ctrl-C`)
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          serviceLogger.info('Newsdesk: stopping')
          Promise.allSettled([poller.stop(), live.close(), dispatcher.close(), ...running.map((r) => r.stop())]).then(
            () => resolve(),
            () => resolve(),
          )
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      // Pending platform retries must not keep a stopped service alive.
      return process.exit(0)
    }
    default:
      process.stderr.write(`newsdesk: unknown command "${args.command}"\n\n${USAGE}`)
      return 2
  }
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
