// The three renderers over any Result an engine could hand them, hostile text everywhere: nothing
// throws, every Slack message and Discord embed set is one the platform accepts, nothing pings
// anyone, and no cut leaves half a character.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NO_PINGS } from '../../adapters/discord/deps.js'
import type { Result } from '../../src/index.js'
import { anyResult, hostileText, longLine, SEED, wellFormedText } from './arbitraries.js'
import { expectNone, renderProblems } from './limits.js'

describe('renderers over any result', () => {
  it('well-formed hostile text: within the limits, no pings, no half characters', () => {
    fc.assert(
      fc.property(anyResult(wellFormedText(25)), fc.oneof(wellFormedText(20), longLine(400)), (result, echo) => {
        expectNone(renderProblems(result, `/${result.command} ${echo}`, true))
      }),
      { seed: SEED, numRuns: 150 },
    )
  })

  it('lone surrogates and control characters too: nothing throws, within the limits, no pings', () => {
    fc.assert(
      fc.property(anyResult(hostileText(25)), fc.oneof(hostileText(20), longLine(400)), (result, echo) => {
        expectNone(renderProblems(result, `/${result.command} ${echo}`, false))
      }),
      { seed: SEED + 1, numRuns: 100 },
    )
  })

  it('a 20 MB excerpt, title and message render within the limits', () => {
    const huge = `${'👨‍👩‍👧‍👦 <!channel> **x** & '.repeat(700_000)}`.slice(0, 20_000_000)
    const citation = { id: 'a', title: huge, outlet: huge, url: `https://a.example/${huge}`, published: null }
    const result: Result = {
      kind: 'answer',
      command: 'ask',
      query: huge,
      answered: true,
      message: huge,
      excerpts: [{ text: huge, speaker: huge, article: citation, score: 1, also: [] }],
      articles: [citation],
    }
    const started = performance.now()
    expect(renderProblems(result, huge.slice(0, 4000), true)).toEqual([])
    expect(performance.now() - started).toBeLessThan(10_000)
  })
})

describe('Discord sends nothing that can ping', () => {
  it('every message is sent with mentions disabled', () => {
    expect(NO_PINGS).toEqual({ parse: [], repliedUser: false })
    // The client's default, for any call that passes none.
    expect(readFileSync('adapters/discord/bot.ts', 'utf8')).toMatch(
      /allowedMentions: \{ parse: \[\], repliedUser: false \}/,
    )
    // Every call that sends or edits a message in the Discord adapter passes allowedMentions, or
    // sends fixed text only (no ${…} in it).
    const dir = 'adapters/discord'
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    const sends: string[] = []
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8')
      for (const m of source.matchAll(/\.(?:reply|editReply|followUp|send)\(\{[\s\S]*?\}\)/g)) {
        const fixedText = /^\.\w+\(\{\s*content:\s*'[^'$]*',\s*(?:flags: [\w.]+,?\s*)?\}\)$/.test(m[0])
        if (!/allowedMentions/.test(m[0]) && !fixedText) sends.push(`${file}: ${m[0].slice(0, 80)}`)
      }
    }
    expect(sends).toEqual([])
  })
})
