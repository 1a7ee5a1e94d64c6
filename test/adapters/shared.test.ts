import { describe, expect, it } from 'vitest'
import { readDiscordConfig } from '../../adapters/discord/config.js'
import { ConversationMemory } from '../../adapters/shared/conversation-memory.js'
import { presentVariables } from '../../adapters/shared/env.js'
import { countOf, quoteCount } from '../../adapters/shared/wording.js'
import { readSlackConfig } from '../../adapters/slack/config.js'
import { ConfigError } from '../../src/index.js'

describe('conversation memory', () => {
  it('keeps the last questions of each conversation, oldest first, and forgets the least recent conversation', () => {
    const memory = new ConversationMemory({ conversations: 2, questions: 2, questionChars: 5 })
    expect(memory.recall('a')).toBeUndefined()
    expect(memory.earlier('a')).toEqual([])
    memory.remember('a', 'first question')
    memory.remember('a', 'second')
    memory.remember('a', 'third')
    expect(memory.earlier('a')).toEqual(['secon', 'third'])
    memory.remember('b', 'b1')
    memory.remember('a', 'again') // a is now the most recent
    memory.remember('c', 'c1') // b goes
    expect(memory.recall('b')).toBeUndefined()
    expect(memory.earlier('a')).toEqual(['third', 'again'])
    memory.replace('c', ['x', 'y', 'z'])
    expect(memory.earlier('c')).toEqual(['y', 'z'])
  })
})

describe('shared wording', () => {
  it('counts quotes the same way everywhere', () => {
    expect(quoteCount(1)).toBe(' · 1 quote')
    expect(quoteCount(0)).toBe(' · 0 quotes')
    expect(quoteCount(undefined)).toBe('')
    expect(countOf(2, 'more article')).toBe('2 more articles')
  })
})

describe('platform configuration', () => {
  it('treats blank variables as unset', () => {
    expect(presentVariables({ A: '  ', B: ' x ' }, ['A', 'B', 'C'])).toEqual({ A: undefined, B: 'x', C: undefined })
    expect(readSlackConfig({ SLACK_BOT_TOKEN: ' ', SLACK_APP_TOKEN: '' })).toBeNull()
    expect(readDiscordConfig({ DISCORD_TOKEN: '' })).toBeNull()
  })

  it('builds Slack in one mode or the other, never a half of each', () => {
    const both = readSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_APP_TOKEN: 'xapp-1-A1-2-def',
      SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
    })
    expect(both?.mode).toBe('socket')
    const http = readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yy' })
    expect(http).toMatchObject({ mode: 'http', port: 3000 })
  })

  it('reports every bad variable as a ConfigError naming it, never its value', () => {
    let error: unknown
    try {
      readSlackConfig({ SLACK_BOT_TOKEN: 'secret-value', PORT: '99999' })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(/SLACK_BOT_TOKEN must be a bot token/)
    expect((error as Error).message).toMatch(/PORT must be between 1 and 65535/)
    expect((error as Error).message).not.toContain('secret-value')
    expect(() =>
      readDiscordConfig({ DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAy.GstndIn.abcdefghijklmnopqrstuvwxyz0123' }),
    ).toThrow(ConfigError)
  })
})
