import { describe, expect, it } from 'vitest'
import { runLoad, runStopInBurst } from './load.js'

// `npm run load` in small: the service, on Slack (HTTP mode) and Discord at once, gets a burst of
// every kind of request; each is acknowledged in time and answered exactly once.
describe('the service under a burst of requests', () => {
  it('answers every Slack and Discord request exactly once, none lost', async () => {
    const report = await runLoad(25)
    for (const kind of report.kinds) {
      expect(kind, kind.kind).toMatchObject({ sent: 25, ackedInTime: 25, answeredOnce: 25, duplicated: 0, lost: 0 })
    }
    expect(report.errors).toEqual([])
  }, 120_000)

  it('on SIGTERM in the middle of a burst, answers everything it acknowledged once, then exits 0', async () => {
    const report = await runStopInBurst(30)
    expect(report.acked).toBeGreaterThan(0)
    expect(report).toMatchObject({ lost: 0, duplicated: 0, exitCode: 0 })
    expect(report.answeredOnce).toBe(report.acked)
  }, 120_000)
})
