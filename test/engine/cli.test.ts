import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/temp-dir.js'
import { folderWith, K24 } from './helpers.js'

const MAIN = resolve('dist/adapters/cli/main.js')
const cache = tempDir('newsdesk-cache-')
// No platform tokens: `start` must open the console.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK|DISCORD)_/.test(k)))

function run(args: string[], input = ''): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args, '--cache', cache], {
    input,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  // `npm test` builds first (pretest); a bare `vitest` run builds here.
  if (!existsSync(MAIN)) spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' })
})

describe('newsdesk batch', () => {
  it('answers one JSON line per request, in order, with the documented fields', () => {
    const lines = [
      { command: 'ask', text: 'How many airstrikes did Russia launch?' },
      { command: 'quote', text: 'Zelensky' },
      { command: 'source', text: '' },
      { command: 'source' },
      { command: 'ask', text: 'What is the capital of France?' },
    ].map((l) => JSON.stringify(l))
    const input = `${[
      lines[0],
      '',
      'this is not json',
      lines[1],
      '{"command":"shout","text":"hi"}',
      '[1,2]',
      lines[2],
      lines[3],
      lines[4],
    ].join('\n')}\n`
    const r = run(['batch'], input)
    expect(r.code).toBe(0)
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(out).toHaveLength(8)
    expect(out.map((o) => o.answered)).toEqual([true, false, true, false, false, true, true, false])
    const [ask, bad, quote, badCommand, badShape, list] = out
    expect(Object.keys(ask)).toEqual(
      expect.arrayContaining(['command', 'query', 'answered', 'message', 'excerpts', 'articles']),
    )
    expect(ask.command).toBe('ask')
    expect(ask.query).toBe('How many airstrikes did Russia launch?')
    expect(Object.keys(ask.excerpts[0])).toEqual(expect.arrayContaining(['text', 'speaker', 'article', 'score']))
    expect(Object.keys(ask.excerpts[0].article).sort()).toEqual(['id', 'outlet', 'published', 'title', 'url'])
    expect(ask.excerpts[0].article.id).toBe(K24)
    expect(bad.error).toMatch(/line 3 is not valid JSON/)
    expect(quote.excerpts[0].speaker).toBe('Volodymyr Zelenskyy')
    expect(badCommand.error).toMatch(/"shout"/)
    expect(badShape.error).toMatch(/not a JSON object/)
    expect(list.articles).toHaveLength(2)
    expect(r.stderr).not.toMatch(/Error|at /)
  })

  it('writes each result as soon as its line is read (works as a pipe)', async () => {
    const child = spawn(process.execPath, [MAIN, 'batch', '--cache', cache], { env })
    const first = new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString()))
      child.once('error', reject)
    })
    child.stdin.write(`${JSON.stringify({ command: 'ask', text: 'Who is the White House press secretary?' })}\n`)
    const line = JSON.parse((await first).split('\n')[0])
    expect(line.excerpts[0].text).toContain('Karoline Leavitt')
    // stdin is still open here: the answer came before the end of input.
    child.stdin.end()
    await new Promise((resolve) => child.once('close', resolve))
  })

  it('reads another folder with --data or NEWSDESK_DATA', () => {
    const dir = folderWith({
      'zoo.json': JSON.stringify({
        title: 'Zoo news',
        text: 'The zoo welcomed a baby giraffe named Gerald on Friday.',
      }),
    })
    const req = `${JSON.stringify({ command: 'ask', text: 'What was the giraffe called?' })}\n`
    const a = JSON.parse(run(['batch', '--data', dir], req).stdout)
    expect(a.excerpts[0].text).toContain('Gerald')
    const r = spawnSync(process.execPath, [MAIN, 'batch', '--no-cache'], {
      input: req,
      env: { ...env, NEWSDESK_DATA: dir },
      encoding: 'utf8',
    })
    expect(JSON.parse(r.stdout).excerpts[0].text).toContain('Gerald')
  })

  it('refuses a --cache that cannot be used at once, naming why, instead of hanging', () => {
    const file = join(tempDir('newsdesk-cachefile-'), 'a-file')
    writeFileSync(file, 'not a folder')
    const places = [file, join(file, 'below'), ...(existsSync('/proc/self') ? ['/proc/newsdesk-cache/x'] : [])]
    for (const place of places) {
      const r = spawnSync(process.execPath, [MAIN, 'ask', 'Who is Witkoff?', '--cache', place], {
        env,
        encoding: 'utf8',
        timeout: 20_000,
      })
      expect(r.status, place).toBe(2)
      expect(r.stderr).toMatch(/the cache folder cannot be used: .*(is not a folder|cannot be (read|created))/)
      expect(r.stderr).toContain('--no-cache')
    }
  })

  it('stops with a clear message when the folder has no articles', () => {
    const r = run(['batch', '--data', '/nonexistent/articles'], '')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/no articles loaded from \/nonexistent\/articles \(the folder does not exist\)/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('one-shot commands', () => {
  it('prints text with numbered citations, or JSON with --json', () => {
    const text = run(['ask', 'How many airstrikes did Russia launch?'])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('more than 60 airstrikes')
    expect(text.stdout).toMatch(
      /\[1\] Trump Envoy Says ‘Substantial Progress’ Achieved in Summit With Putin — Kurdistan24/,
    )
    const json = JSON.parse(run(['quote', 'Leavitt', '--json']).stdout)
    expect(json.excerpts.every((e: { speaker: string }) => e.speaker === 'Karoline Leavitt')).toBe(true)
    expect(run(['source']).stdout).toMatch(/2 articles\.\n {2}1\. /)
  })

  it('reuses the saved index on the next run', () => {
    run(['source'])
    // One save of the bundled folder (other tests' folders keep theirs in the same cache folder).
    const seedSlots = () =>
      readdirSync(cache).filter(
        (f) =>
          /^[0-9a-f]{40}$/.test(f) &&
          JSON.parse(readFileSync(join(cache, f, 'folder.json'), 'utf8')).root === resolve('data/articles'),
      )
    const [slot] = seedSlots()
    expect(seedSlots()).toHaveLength(1)
    const made = statSync(join(cache, slot, 'manifest.json')).mtimeMs
    expect(run(['ask', 'How many airstrikes did Russia launch?']).stdout).toContain('more than 60 airstrikes')
    expect(seedSlots()).toEqual([slot])
    expect(statSync(join(cache, slot, 'manifest.json')).mtimeMs).toBe(made)
  })

  it('gives usage and exit code 2 for a wrong command line', () => {
    expect(run(['frobnicate']).code).toBe(2)
    const missing = run(['ask'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/ask needs text/)
    expect(run(['--colour']).stderr).toMatch(/unknown option --colour/)
  })
})

describe('the console (npm start with no tokens)', () => {
  it('answers questions and commands until /exit', () => {
    const input = `${[
      'How many airstrikes did Russia launch?',
      '/source',
      '/quote Witkoff',
      '/help',
      '',
      '/frobnicate',
      '🍕🍕',
      '¿Qué dijo el presidente?',
      'x'.repeat(10_000),
      '/exit',
      'this is never read',
    ].join('\n')}\n`
    const r = run(['start'], input)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Newsdesk: 2 articles from /)
    expect(r.stdout).toContain('more than 60 airstrikes')
    expect(r.stdout).toMatch(/\[1\] Trump Envoy Says/)
    expect(r.stdout).toContain('Steve Witkoff: 15 quotations')
    expect(r.stdout).toContain('/quote <who/what>')
    expect(r.stdout).toContain('Type a question about the articles, or /help.')
    expect(r.stdout).toContain('Unknown command /frobnicate')
    expect(r.stdout).toContain('That question has no words I can look up')
    expect(r.stdout).not.toContain('this is never read')
    expect(r.stdout.trim().endsWith('Bye.')).toBe(true)
  })

  it('leaves on end of input (Ctrl-D)', () => {
    const r = run(['start'], 'Who is the White House press secretary?\n')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Karoline Leavitt')
    expect(r.stdout.trim().endsWith('Bye.')).toBe(true)
  })
})

describe('watches in the console', () => {
  it('/watch shows each new article on the topic as it arrives, once', async () => {
    const dir = folderWith({ 'seed.md': '---\ntitle: Seed\n---\nThe Tolberg council met on Monday.\n' })
    const child = spawn(process.execPath, [MAIN, 'start', '--data', dir, '--no-cache'], { env })
    let out = ''
    let waiting: { pattern: RegExp; done: () => void } | null = null
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (waiting?.pattern.test(out)) waiting.done()
    })
    const seen = (pattern: RegExp): Promise<void> =>
      new Promise((done) => {
        waiting = { pattern, done }
        if (pattern.test(out)) done()
      })
    try {
      await seen(/Ask a question/)
      child.stdin.write('/watch ferry timetable\n')
      await seen(/Watching for "ferry timetable" here \(watch 1\)/)
      writeFileSync(
        join(dir, 'ferry.md'),
        '---\ntitle: Ferry timetable changes\n---\nThe Oberau ferry timetable changes on Monday, the operator said.\n',
      )
      await seen(/New article for watch 1 \("ferry timetable"\)/)
      expect(out).toContain('The Oberau ferry timetable changes on Monday, the operator said.')
      child.stdin.write('/watches\n/exit\n')
      await new Promise((r) => child.once('exit', r))
      expect(out).toContain('1. "ferry timetable"')
      expect(out.match(/New article for watch/g)).toHaveLength(1)
    } finally {
      child.kill()
    }
  }, 30_000)
})

describe('LOG_LEVEL', () => {
  it('refuses a level it does not know, naming the ones it does', () => {
    const r = spawnSync(process.execPath, [MAIN, 'ask', 'Who is Witkoff?', '--no-cache'], {
      env: { ...env, LOG_LEVEL: 'verbose' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('LOG_LEVEL must be one of debug, info, warn, error (got "verbose")')
  })
})

describe('small things a new user meets', () => {
  it('a --data folder that is not there is said so, with no word about the saved index first', () => {
    const r = run(['ask', 'Who is Witkoff?', '--data', '/no/such/folder/anywhere'])
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toMatch(
      /^Newsdesk: no articles loaded from \/no\/such\/folder\/anywhere \(the folder does not exist\)/,
    )
  })

  it('ask with blank text and --json prints a JSON result', () => {
    const r = run(['ask', '   ', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'none', command: 'ask', answered: false, excerpts: [] })
  })
})

describe('newsdesk doctor', () => {
  it('says what start would do without connecting, and flags tokens of the wrong kind by name only', () => {
    const ok = spawnSync(process.execPath, [MAIN, 'doctor', '--no-cache'], { env, encoding: 'utf8', timeout: 30_000 })
    expect(ok.status).toBe(0)
    expect(ok.stdout).toMatch(/^Articles: 2 in /m)
    expect(ok.stdout).toMatch(/^Start: the console/m)
    expect(ok.stdout).toContain('No problems found.')
    const bad = spawnSync(process.execPath, [MAIN, 'doctor', '--no-cache'], {
      env: { ...env, SLACK_BOT_TOKEN: 'xapp-1-secretvalue', SLACK_SIGNING_SECRET: 'tooshort' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(bad.status).toBe(1)
    expect(bad.stdout).toContain('SLACK_BOT_TOKEN holds the app-level token (xapp-…); it belongs in SLACK_APP_TOKEN')
    expect(bad.stdout).toContain('SLACK_SIGNING_SECRET does not look like a signing secret')
    expect(bad.stdout + bad.stderr).not.toContain('secretvalue')
  })

  it('says whether the saved index is up to date, or how many changed files the next start reads', () => {
    const dir = folderWith({ 'zoo.md': '---\ntitle: Zoo news\n---\nThe zoo welcomed a giraffe named Gerald.\n' })
    const doctor = () => run(['doctor', '--data', dir]).stdout
    expect(doctor()).toMatch(/^Saved index: .* none yet for the folder as it is now/m)
    expect(run(['ask', 'What was the giraffe called?', '--data', dir]).stdout).toContain('Gerald')
    expect(doctor()).toMatch(/^Saved index: .* up to date: the next start is a warm one/m)
    writeFileSync(join(dir, 'park.md'), '---\ntitle: Park news\n---\nThe park opened a new pond on Monday.\n')
    expect(doctor()).toMatch(/^Saved index: .* the next start reads the 1 files changed since \(0 gone\)/m)
    expect(run(['ask', 'When did the park open a new pond?', '--data', dir]).stdout).toContain('on Monday')
    expect(doctor()).toMatch(/up to date: the next start is a warm one/)
  })
})
