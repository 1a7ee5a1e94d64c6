import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    setupFiles: ['test/support/setup.ts'],
    // The adapter tests start real Bolt and discord.js clients against local stand-ins.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
