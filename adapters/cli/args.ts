/** The command line, read once: a command, its text, and options. */
export interface CliArgs {
  command: string | null
  text: string
  /** The words after the command, one by one (`add` takes several links or files). */
  words: string[]
  data: string | null
  /** Where the saved index lives; `false` with --no-cache. */
  cache: string | false | null
  json: boolean
  /** `batch --watch`: pick up changes to the data folder while reading. */
  watch: boolean
  help: boolean
  version: boolean
}

import { UsageError } from '../../src/index.js'

export { UsageError }

export function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = {
    command: null,
    text: '',
    words: [],
    data: null,
    cache: null,
    json: false,
    watch: false,
    help: false,
    version: false,
  }
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      rest.push(...argv.slice(i + 1))
      break
    } else if (a === '--json') {
      out.json = true
    } else if (a === '--watch') {
      out.watch = true
    } else if (a === '--help' || a === '-h') {
      out.help = true
    } else if (a === '--version' || a === '-v') {
      out.version = true
    } else if (a === '--data' || a.startsWith('--data=')) {
      const value = a === '--data' ? argv[++i] : a.slice('--data='.length)
      if (value === undefined || value === '')
        throw new UsageError('--data needs a folder, for example: --data ./my-articles')
      out.data = value
    } else if (a === '--no-cache') {
      out.cache = false
    } else if (a === '--cache' || a.startsWith('--cache=')) {
      const value = a === '--cache' ? argv[++i] : a.slice('--cache='.length)
      if (value === undefined || value === '')
        throw new UsageError('--cache needs a folder, for example: --cache ~/.cache/newsdesk')
      out.cache = value
    } else if (a.startsWith('--')) {
      throw new UsageError(`unknown option ${a}`)
    } else {
      rest.push(a)
    }
  }
  out.command = rest[0] ?? null
  out.text = rest.slice(1).join(' ')
  out.words = rest.slice(1)
  return out
}

export const USAGE = `Usage: newsdesk <command> [text] [--data DIR] [--json]

Commands:
  ask "<question>"          answer with verbatim, cited excerpts
  source ["<claim>"]        the articles that back a claim; with no text, list them all
  quote "<speaker or topic>" what a person said, or quotations on a topic
  batch                     JSON lines {"command":"ask"|"source"|"quote","text":"…"} on stdin,
                            one JSON result per line on stdout
  add <url|file>…           add articles by link or file to the data folder (as .md), saying
                            what was understood; a page already there is reported, not added
  feeds add <url> [name]    follow a feed (RSS, Atom or JSON Feed): its new items become articles
  feeds list                the feeds, each with its last read, last error and articles
  feeds remove <url|n>      stop following a feed
  doctor                    what start would do with this environment (platforms, articles,
                            feeds, saved index, editors, health), and what cannot work
  start                     Slack and/or Discord when their tokens are set, else the console;
                            files added to, changed in or removed from the data folder are
                            picked up while it runs, and the feeds are polled

Options:
  --data DIR   the articles folder (or NEWSDESK_DATA; default data/articles)
  --json       print the JSON result instead of text (ask, source, quote)
  --watch      batch: pick up changes to the data folder and poll the feeds while reading
               (as start does)
  --cache DIR  where the index is saved for a fast next start (or NEWSDESK_CACHE;
               default node_modules/.cache/newsdesk); --no-cache to always rebuild
  --help       this text
`
