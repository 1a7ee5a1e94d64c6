import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/temp-dir.js'

// `npm run eval:batch`: scores what `newsdesk batch` wrote, with the same hit@k as `npm run eval`.
const CHECK = resolve('dist/src/eval/batch-check.js')
const MAIN = resolve('dist/adapters/cli/main.js')
const dir = tempDir('newsdesk-check-')

function node(args: string[], input = ''): { code: number | null; stdout: string; stderr: string } {
  // Run from elsewhere: the repository is found from the script, not from the working folder.
  const r = spawnSync(process.execPath, args, { input, cwd: tmpdir(), encoding: 'utf8', timeout: 30_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  if (!existsSync(CHECK)) spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' })
})

describe('eval:batch', () => {
  it('scores the answers newsdesk batch wrote against the gold answers', () => {
    const questions = ['How many airstrikes did Russia launch?', 'Who is the White House press secretary?']
    const gold = join(dir, 'gold.jsonl')
    writeFileSync(
      gold,
      `${[
        { question: questions[0], answers: ['more than 60'] },
        { question: questions[1], answers: ['a penguin'] },
      ]
        .map((g) => JSON.stringify(g))
        .join('\n')}\n`,
    )
    const batch = node(
      [MAIN, 'batch', '--data', resolve('data/articles'), '--no-cache'],
      `${questions.map((text) => JSON.stringify({ command: 'ask', text })).join('\n')}\n`,
    )
    expect(batch.code).toBe(0)
    const results = join(dir, 'results.jsonl')
    writeFileSync(results, batch.stdout)
    const r = node([CHECK, 'score', gold, results])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /2 answerable questions: answered 100\.0%, hit@1 \/ hit@3 at the shipped threshold 0\.500 \/ 0\.500/,
    )
  })

  it('names the file and line of a result that is not JSON, and refuses results for other questions', () => {
    const gold = join(dir, 'gold1.jsonl')
    writeFileSync(gold, `${JSON.stringify({ question: 'Q?', answers: ['a'] })}\n`)
    const broken = join(dir, 'broken.jsonl')
    writeFileSync(broken, 'not json\n')
    expect(node([CHECK, 'score', gold, broken]).stderr).toMatch(/broken\.jsonl line 1 is not valid JSON/)
    const other = join(dir, 'other.jsonl')
    writeFileSync(other, `${JSON.stringify({ query: 'Another?', answered: true, excerpts: [] })}\n`)
    const r = node([CHECK, 'score', gold, other])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/result 1 answers another question/)
  })

  it('never exports the data sets into the repository, wherever it is run from', () => {
    const r = node([CHECK, 'export', '--out', resolve('scratch-export'), '--split', 'test'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--out must be outside the repository/)
    expect(existsSync(resolve('scratch-export'))).toBe(false)
  })
})
