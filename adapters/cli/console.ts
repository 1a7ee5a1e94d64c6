import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import type { Logger, Newsdesk, Result } from '../../src/index.js'
import { cutToLength } from '../shared/cut.js'
import { feedsCommand } from '../shared/feeds.js'
import {
  type ChatWatching,
  unwatchCommand,
  WATCHES_OFF,
  watchCommand,
  watchesCommand,
  watchResult,
} from '../shared/watch.js'
import { renderText } from './render-text.js'

const HELP = `Ask a question in plain words, or use a command:
  /source [claim]     which articles back a claim (no text: list them all)
  /quote <who/what>   what a person said, or quotations on a topic
  /watch <topic>      show each new article on a topic as it arrives (/watch quote <name>: what a person says)
  /watches            the watches; /unwatch <number> stops one
  /feeds [list]       the feeds followed; /feeds add <url> [name], /feeds remove <url or number>
  /ask <question>     the same as typing the question
  /help               this text
  /exit               leave (Ctrl-D works too)`

// A follow-up ("and what about Donetsk?") is read with the questions just before it.
const CONTEXT_QUESTIONS = 2

/**
 * The interactive console: questions and /commands on input, rendered answers with numbered
 * citations on output. Ends on /exit or end of input. A fault answers with an apology and the
 * console goes on.
 */
export async function runConsole(
  engine: Newsdesk,
  input: Readable,
  output: Writable,
  logger: Logger,
  source: string,
  watching?: ChatWatching,
): Promise<void> {
  const interactive = (input as { isTTY?: boolean }).isTTY === true
  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    crlfDelay: Infinity,
  })
  const say = (text: string): void => {
    output.write(`${text}\n`)
  }
  const history: string[] = []
  const articles = `${engine.size} article${engine.size === 1 ? '' : 's'}`
  say(`Newsdesk: ${articles} from ${source}. Ask a question, or /help. /exit to leave.`)
  rl.setPrompt('newsdesk> ')
  if (interactive) rl.prompt()

  // New articles that match a watch are shown as they arrive.
  watching?.dispatcher.addSender('console', {
    post: async (_channel, post) => say(`\n${renderText(watchResult([post]))}\n`),
    digest: async (_channel, posts) => say(`\n${renderText(watchResult(posts))}\n`),
  })

  await new Promise<void>((resolve) => {
    let closed = false
    // Lines are handled one after the other, a watch command's file write included.
    let queue = Promise.resolve()
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        // Lines already read past /exit are not commands any more.
        if (closed) return
        const input = line.trim()
        let stop = false
        try {
          stop = await handle(input)
        } catch (err) {
          logger.error('Newsdesk: console command failed', err)
          say('Sorry, something went wrong answering that. Please try again or rephrase.')
        }
        if (stop) {
          closed = true
          rl.close()
          return
        }
        if (interactive) rl.prompt()
      })
    })
    rl.on('close', () => {
      void queue.then(() => {
        closed = true
        say('Bye.')
        resolve()
      })
    })
    rl.on('SIGINT', () => rl.close())
  })

  async function handle(text: string): Promise<boolean> {
    if (text === '') {
      say('Type a question about the articles, or /help.')
      return false
    }
    if (!text.startsWith('/')) return answer(engine.ask(text, { context: history.slice(-CONTEXT_QUESTIONS) }), text)
    const [, name, rest] = /^\/(\S*)\s*([\s\S]*)$/.exec(text) ?? ['', '', '']
    switch (name.toLowerCase()) {
      case 'exit':
      case 'quit':
      case 'q':
        return true
      case 'help':
      case '?':
        say(HELP)
        return false
      case 'ask':
        if (rest === '') say('Usage: /ask <question>')
        else answer(engine.ask(rest, { context: history.slice(-CONTEXT_QUESTIONS) }), rest)
        return false
      case 'source':
        return answer(engine.source(rest))
      case 'quote':
        if (rest === '') {
          const example = engine.speakers('', 3).length > 0 ? `, for example /quote ${engine.speakers('', 1)[0]}` : ''
          say(`Usage: /quote <speaker or topic>${example}`)
        } else answer(engine.quote(rest))
        return false
      case 'watch':
        say(watching === undefined ? WATCHES_OFF : await watchCommand(watching.store, 'console', null, rest))
        return false
      case 'watches':
        say(watching === undefined ? WATCHES_OFF : watchesCommand(watching.store, 'console'))
        return false
      case 'feeds':
        say(watching?.feeds === undefined ? 'Feeds are not available here.' : await feedsCommand(watching.feeds, rest))
        return false
      case 'unwatch':
        say(watching === undefined ? WATCHES_OFF : await unwatchCommand(watching.store, 'console', rest))
        return false
      default:
        say(`Unknown command /${cutToLength(name, 40)}. Type /help for the commands.`)
        return false
    }
  }

  function answer(result: Result, question?: string): false {
    say(renderText(result))
    say('')
    if (question !== undefined) history.push(cutToLength(question, 2000, { marker: '' }))
    return false
  }
}
