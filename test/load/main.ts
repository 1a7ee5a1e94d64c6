import { parseArgs } from 'node:util'
import { runLoad, runStopInBurst } from './load.js'

// npm run load [-- --n 200] [--data DIR]: the service under a burst of every kind of request.
const { values } = parseArgs({ options: { n: { type: 'string', default: '200' }, data: { type: 'string' } } })
const n = Number(values.n)
if (!Number.isInteger(n) || n < 1) {
  process.stderr.write('load: --n must be a whole number of requests per kind\n')
  process.exit(2)
}
const started = performance.now()
const report = await runLoad(n, values.data)
const rows = report.kinds.map((k) => ({
  kind: k.kind,
  sent: k.sent,
  'acked ≤3 s': k.ackedInTime,
  'answered once': k.answeredOnce,
  duplicated: k.duplicated,
  lost: k.lost,
  'p50 ms': k.p50,
  'p99 ms': k.p99,
  'max ms': k.max,
}))
console.table(rows)
console.log(`service RSS: ${report.rssBefore} MB before, ${report.rssAfter} MB after`)
console.log(
  `error log lines: ${report.errors.length}; whole run ${((performance.now() - started) / 1000).toFixed(1)} s`,
)
for (const line of report.errors.slice(0, 5)) console.log(line)
const stop = await runStopInBurst(n)
console.log(
  `SIGTERM after the first of ${stop.sent} Slack requests was answered: ${stop.acked} acknowledged, ` +
    `${stop.answeredOnce} of them answered once, ${stop.lost} lost, ${stop.duplicated} duplicated; exit code ${stop.exitCode}`,
)
const bad =
  report.kinds.some((k) => k.lost > 0 || k.duplicated > 0 || k.ackedInTime < k.sent) ||
  stop.lost > 0 ||
  stop.duplicated > 0 ||
  stop.exitCode !== 0
process.exit(bad ? 1 : 0)
