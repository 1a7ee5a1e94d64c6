// The proof of issue 13, end to end on 127.0.0.1: a feed server publishes an item, the poller
// reads it and fetches its page, the live folder indexes it, a question about it is answered,
// and the watch match is posted to the Slack and Discord stand-ins — once. The feed then
// reorders and edits its items: nothing is added or posted twice. A restart re-posts nothing.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { APIEmbed } from 'discord.js'
import { describe, expect, it } from 'vitest'
import { startDiscord } from '../../adapters/discord/index.js'
import { startSlack } from '../../adapters/slack/index.js'
import {
  type Article,
  addFeed,
  FeedPoller,
  keepLive,
  type LiveCorpus,
  Newsdesk,
  WatchDispatcher,
  WatchStore,
} from '../../src/index.js'
import { APP, CHANNEL, DiscordStandIn } from '../discord/stand-in.js'
import { SlackStandIn } from '../slack/stand-in.js'
import { eventually } from '../support/eventually.js'
import { recordingLogger } from '../support/logger.js'
import { postSigned } from '../support/slack-request.js'
import { folderWith } from '../support/temp-dir.js'
import { articlePage, HTML_TYPE, RSS_TYPE, rss, site } from './helpers.js'

const SECRET = 'stand1n5ecret0123456789abcdefABCD'
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAy.GstndIn.abcdefghijklmnopqrstuvwxyz0123'
const STRIKE = [
  'Dock workers in Velmora went on strike on Tuesday over pay, closing the container terminal.',
  '"We have waited three years for a fair offer," said the union leader, Mira Holt.',
]
const FERRY = ['The Oberau ferry will leave at six from Monday, the operator said.']

/** One service as `newsdesk start` wires it: live folder, watches, feeds, Slack and Discord. */
async function service(dataDir: string, slack: SlackStandIn, discord: DiscordStandIn) {
  const engine = await Newsdesk.fromDirectory(dataDir)
  const logger = recordingLogger()
  const store = await WatchStore.open(dataDir, logger)
  const dispatcher = new WatchDispatcher(engine, store, { logger })
  let onUpdate: ((added: readonly Article[]) => void) | null = null
  const live: LiveCorpus = keepLive(engine, dataDir, {
    logger,
    debounceMs: 50,
    stableMs: 50,
    onUpdate: ({ added }) =>
      void dispatcher.articlesAdded(added).then(() => {
        onUpdate?.(added)
      }),
  })
  await live.ready
  const poller = new FeedPoller({ dataDir, logger, startDelaySeconds: 3600, fetch: { allowPrivate: true } })
  await poller.start()
  const watching = { store, dispatcher, feeds: { dataDir, poller } }
  const slackBot = await startSlack(
    engine,
    { botToken: 'xoxb-7-test', mode: 'http', signingSecret: SECRET, port: 0, channels: null, apiUrl: slack.apiUrl },
    logger,
    {},
    undefined,
    watching,
  )
  const discordBot = await startDiscord(
    engine,
    { token: TOKEN, applicationId: APP, guildId: null, channels: null, apiUrl: discord.api },
    logger,
    { restRetries: 1 },
    undefined,
    watching,
  )
  return {
    engine,
    poller,
    slackPort: slackBot.port as number,
    /** Polls the feeds now and resolves once the folder watcher has indexed what the poll wrote. */
    async poll(): Promise<{ added: number; updated: number; indexed: readonly Article[] }> {
      const indexed = new Promise<readonly Article[]>((r) => (onUpdate = r))
      const [report] = await poller.pollNow()
      const wrote = report.added + report.updated
      return { added: report.added, updated: report.updated, indexed: wrote === 0 ? [] : await indexed }
    },
    async stop(): Promise<void> {
      await poller.stop()
      await slackBot.stop()
      await discordBot.stop()
      await live.close()
      await dispatcher.close()
    },
  }
}

describe('a feed, a watch, and two chat platforms', () => {
  it('posts a new feed article to the watching channels once, and never twice', async () => {
    const news = await site()
    const strikePage = () => articlePage('Dock workers strike in Velmora', 'Coast Gazette', STRIKE)
    news.routes.set('/strike', () => ({ headers: HTML_TYPE, body: strikePage() }))
    news.routes.set('/ferry', { headers: HTML_TYPE, body: articlePage('Ferry timetable', 'Coast Gazette', FERRY) })
    const ferry = { guid: 'g-ferry', link: `${news.origin}/ferry`, title: 'Ferry timetable', date: new Date(1e12) }
    let feed = rss('Coast Gazette', [ferry])
    news.routes.set('/rss.xml', () => ({ headers: RSS_TYPE, body: feed }))

    const dataDir = folderWith({ 'seed.md': '---\ntitle: Seed\n---\nThe Tolberg council met on Monday.\n' })
    await addFeed(dataDir, `${news.origin}/rss.xml`, 'Coast Gazette')
    const slack = new SlackStandIn()
    await slack.start()
    const discord = new DiscordStandIn()
    await discord.start()
    const slackPosts = () => slack.callsOf('chat.postMessage')
    const discordPosts = () =>
      discord.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL}/messages`)
    let running = await service(dataDir, slack, discord)
    try {
      // The first poll: the feed's one item becomes an article.
      expect((await running.poll()).added).toBe(1)

      // Both channels watch the strike.
      await postSigned(
        `http://127.0.0.1:${running.slackPort}/slack/events`,
        SECRET,
        new URLSearchParams({
          team_id: 'T0STANDIN',
          channel_id: 'C0NEWS',
          user_id: 'U0ASKER',
          command: '/watch',
          text: 'Velmora dock strike',
          response_url: slack.responseUrl('watch'),
          trigger_id: '1.2.3',
        }).toString(),
      )
      discord.interaction(2, 'watch', [{ name: 'topic', type: 3, value: 'Velmora dock strike' }], 'tok-watch')
      await eventually(() => slack.responses.some((r) => r.id === 'watch'))
      await eventually(() => discord.calls.some((c) => c.method === 'PATCH' && c.path.includes('tok-watch')))

      // The feed publishes the strike: polled, fetched, indexed, answerable, posted to both.
      const strike = { guid: 'g-strike', link: `${news.origin}/strike`, title: 'Dock strike', date: new Date(2e12) }
      feed = rss('Coast Gazette', [strike, ferry])
      const published = performance.now()
      const first = await running.poll()
      expect(first.added).toBe(1)
      const answer = running.engine.ask('Why did the dock workers in Velmora go on strike?')
      const answerableMs = performance.now() - published
      expect(answer.excerpts[0].text).toContain('went on strike on Tuesday over pay')
      expect(answer.excerpts[0].article.outlet).toBe('Coast Gazette')
      await eventually(() => slackPosts().length === 1 && discordPosts().length === 1, 10_000)
      expect(slackPosts()[0].body.channel).toBe('C0NEWS')
      expect(String(slackPosts()[0].body.text)).toContain('went on strike on Tuesday over pay')
      const embeds = (discordPosts()[0].body as { embeds: APIEmbed[] }).embeds
      expect(JSON.stringify(embeds)).toContain('went on strike on Tuesday over pay')
      // For the closing note: from the item appearing in the feed to its article answering.
      process.stderr.write(`feed item to answerable: ${Math.round(answerableMs)} ms\n`)

      // Three polls of a reordered, re-dated and edited feed: nothing added, nothing posted again.
      const files = () => readdirSync(join(dataDir, 'feeds'), { recursive: true }).length
      const before = files()
      const edited = () => ({
        headers: HTML_TYPE,
        body: articlePage('Dock workers strike', 'Coast Gazette', [`${STRIKE[0]} Talks resume on Friday.`, STRIKE[1]]),
      })
      news.routes.set('/strike', edited)
      const changes = [
        rss('Coast Gazette', [ferry, strike]),
        rss('Coast Gazette', [
          { ...ferry, date: new Date(3e12) },
          { ...strike, date: new Date(4e12) },
        ]),
        rss('Coast Gazette', [{ ...strike, title: 'Dock strike: talks on Friday', date: new Date(5e12) }, ferry]),
      ]
      let added = 0
      for (const next of changes) {
        feed = next
        added += (await running.poll()).added
      }
      expect(added).toBe(0)
      expect(files()).toBe(before)
      expect(running.engine.ask('When do the Velmora strike talks resume?').excerpts[0].text).toContain('Friday')
      expect(slackPosts()).toHaveLength(1)
      expect(discordPosts()).toHaveLength(1)

      // A restart: the same folder, a new service; polling again adds and posts nothing.
      await running.stop()
      running = await service(dataDir, slack, discord)
      expect((await running.poll()).added).toBe(0)
      expect(slackPosts()).toHaveLength(1)
      expect(discordPosts()).toHaveLength(1)
    } finally {
      await running.stop()
      await discord.close()
      await slack.close()
    }
  }, 30_000)
})
