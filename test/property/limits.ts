// What Slack and Discord accept, and what would ping someone, as checks that list every problem
// of a rendered message (an empty list: the platform takes it and nobody is notified).
import type { APIEmbed } from 'discord.js'
import { renderText } from '../../adapters/cli/render-text.js'
import { renderEmbeds } from '../../adapters/discord/render.js'
import { type Rendered, renderResult } from '../../adapters/slack/blocks.js'
import { moreAfter, shareValue } from '../../adapters/slack/listeners/commands.js'
import type { Result } from '../../src/index.js'
import { LONE_SURROGATE, stringsOf } from './arbitraries.js'

// Slack: https://api.slack.com/reference/block-kit/blocks (and chat.postMessage for `text`).
const SLACK = { blocks: 50, section: 3000, context: 10, header: 150, button: 75, value: 2000, text: 40_000 }
// Discord: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
const DISCORD = { embeds: 10, title: 256, description: 4096, fields: 25, name: 256, value: 1024, footer: 2048 }
const DISCORD_TOTAL = 6000

// Slack notifies for <!channel>, <!here>, <!everyone>, <!subteam^…>, <@U…> and <@W…> in mrkdwn.
const SLACK_PING = /<[!@]/
// Bare words Slack may link when a message is posted with link_names; the adapter defangs them.
const SLACK_BARE = /@(?:channel|here|everyone)\b/i
// An & that does not start one of the three entities Slack knows: escaping was cut through.
const BROKEN_ENTITY = /&(?!(?:amp|lt|gt);)/

function checkMrkdwn(where: string, text: string, max: number, problems: string[]): void {
  if (text.length === 0) problems.push(`${where}: empty text`)
  if (text.length > max) problems.push(`${where}: ${text.length} > ${max} characters`)
  // Links are ours (<https://…|title>): take them out before looking for mentions.
  const bare = text.replace(/<https?:\/\/[^<>|\s]*\|/g, '')
  if (SLACK_PING.test(bare)) problems.push(`${where}: a mention: ${JSON.stringify(/<[!@][^>]{0,30}/.exec(bare)?.[0])}`)
  if (SLACK_BARE.test(bare)) problems.push(`${where}: a bare @channel/@here/@everyone`)
  if (BROKEN_ENTITY.test(bare)) problems.push(`${where}: an & not escaped, or an entity cut through`)
}

/** Every way a rendered Slack message breaks Slack's limits or could ping someone. */
export function slackProblems(rendered: Rendered): string[] {
  const problems: string[] = []
  const { blocks, text } = rendered
  if (blocks.length > SLACK.blocks) problems.push(`${blocks.length} blocks > ${SLACK.blocks}`)
  checkMrkdwn('text', text, SLACK.text, problems)
  blocks.forEach((block, i) => {
    const where = `block ${i} (${block.type})`
    switch (block.type) {
      case 'section':
        if (block.text === undefined) problems.push(`${where}: no text`)
        else checkMrkdwn(where, block.text.text, SLACK.section, problems)
        break
      case 'context':
        if (block.elements.length > SLACK.context) problems.push(`${where}: too many elements`)
        for (const e of block.elements) {
          if (e.type === 'mrkdwn') checkMrkdwn(where, e.text, SLACK.section, problems)
          else problems.push(`${where}: an element of type ${e.type}`)
        }
        break
      case 'header': {
        const t = block.text.text
        if (t.length === 0 || t.length > SLACK.header) problems.push(`${where}: ${t.length} characters`)
        if (t.includes('<') || SLACK_BARE.test(t)) problems.push(`${where}: mention syntax in a header`)
        break
      }
      case 'actions':
        for (const e of block.elements) {
          if (e.type !== 'button') continue
          if (e.text.text.length > SLACK.button) problems.push(`${where}: button text too long`)
          if ((e.value ?? '').length > SLACK.value) problems.push(`${where}: button value ${e.value?.length}`)
        }
        break
      default:
        problems.push(`${where}: a block type the renderer does not make`)
    }
  })
  return problems
}

// What Discord reads as a mention (with allowed_mentions it pings only what `parse` allows).
const DISCORD_MENTION = /@everyone|@here|<@[!&]?\d+>|<#\d+>/g

/**
 * Every way embeds break Discord's limits, or show a mention that is not in the input's own text
 * (the renderer must not make one; those it passes on are sent with `allowed_mentions: {parse: []}`).
 */
export function discordProblems(embeds: APIEmbed[], input: unknown): string[] {
  const problems: string[] = []
  if (embeds.length > DISCORD.embeds) problems.push(`${embeds.length} embeds > ${DISCORD.embeds}`)
  let total = 0
  const field = (where: string, text: string | undefined, max: number): void => {
    if (text === undefined) return
    total += text.length
    if (text.length === 0) problems.push(`${where}: empty`)
    if (text.length > max) problems.push(`${where}: ${text.length} > ${max} characters`)
  }
  embeds.forEach((e, i) => {
    field(`embed ${i} title`, e.title, DISCORD.title)
    field(`embed ${i} description`, e.description, DISCORD.description)
    field(`embed ${i} footer`, e.footer?.text, DISCORD.footer)
    field(`embed ${i} author`, e.author?.name, DISCORD.name)
    if ((e.fields ?? []).length > DISCORD.fields) problems.push(`embed ${i}: too many fields`)
    for (const f of e.fields ?? []) {
      field(`embed ${i} field name`, f.name, DISCORD.name)
      field(`embed ${i} field value`, f.value, DISCORD.value)
    }
  })
  if (total > DISCORD_TOTAL) problems.push(`${total} characters in all > ${DISCORD_TOTAL}`)
  const given = stringsOf(input).join('\u0000')
  for (const m of stringsOf(embeds).join('\u0000').matchAll(DISCORD_MENTION)) {
    if (!given.includes(m[0])) problems.push(`a mention the input does not hold: ${m[0]}`)
  }
  return problems
}

/** Strings of `value` holding a lone surrogate (none may, when the input held none). */
export function halfCharacters(value: unknown): string[] {
  return stringsOf(value).filter((s) => LONE_SURROGATE.test(s))
}

/** Renders a result everywhere, as the adapters do, and lists what each platform would refuse. */
export function renderProblems(result: Result, echo: string, wellFormed: boolean): string[] {
  const share = shareValue(result.command, echo)
  const slack = renderResult(result, { echo, share, more: moreAfter(result) })
  const embeds = renderEmbeds(result)
  const text = renderText(result)
  const problems = [
    ...slackProblems(slack).map((p) => `Slack: ${p}`),
    ...discordProblems(embeds, [result, echo]).map((p) => `Discord: ${p}`),
  ]
  // The Share button carries the start of the question, whole characters only.
  const carried = (JSON.parse(share) as { t: string }).t
  if (!echo.startsWith(carried)) problems.push('Slack: the Share button does not carry the start of the question')
  if (wellFormed) {
    if (LONE_SURROGATE.test(carried)) problems.push('Slack: a lone surrogate in the Share button')
    for (const [name, out] of [
      ['Slack', slack],
      ['Discord', embeds],
      ['terminal', text],
    ] as const) {
      for (const s of halfCharacters(out)) problems.push(`${name}: a lone surrogate in ${JSON.stringify(s)}`)
    }
  }
  return problems
}

/** Fails with the problems themselves (fast-check's report would shorten an array to its size). */
export function expectNone(problems: string[]): void {
  if (problems.length > 0) throw new Error(problems.join('\n'))
}
