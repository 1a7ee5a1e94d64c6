import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A temporary folder holding the given files (path → content). */
export function folderWith (files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-test-'))
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), content)
  }
  return dir
}

export const SEEDS = 'data/articles'
export const FOX = '000_4fb8c82197bca96d'
export const K24 = '002_7cc908e2b26b98af'
