import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll } from 'vitest'

const created: string[] = []

// Registered once per test file (this module is loaded by `test/support/setup.ts`): every
// folder a test made is removed when its file is done, whether it passed or not.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'newsdesk-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  created.push(dir)
  return dir
}

/** A temporary folder holding the given files (path → content), removed after the test file. */
export function folderWith(files: Record<string, string | Buffer>): string {
  const dir = tempDir()
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), content)
  }
  return dir
}
