// `node dist/src/bench/warm-start.js DIR QUESTION`: run by the bench as a fresh process, as a
// restarted bot is one. Restores the saved index in DIR, answers one question and prints its
// resident memory as JSON. Timed from outside, so Node's own start-up counts too.
import { Newsdesk } from '../index.js'

const [dir, question] = process.argv.slice(2)
const engine = dir === undefined ? null : await Newsdesk.restore(dir)
if (engine === null) {
  process.stderr.write(`Newsdesk: no saved index in ${dir ?? '(no folder given)'}\n`)
  process.exitCode = 2
} else {
  engine.ask(question ?? '')
  const rssMB = Math.round(process.memoryUsage().rss / 1e6)
  // maxRSS is in kibibytes: the peak of the whole restore, not only what is left after it.
  const peakRssMB = Math.round((process.resourceUsage().maxRSS * 1024) / 1e6)
  process.stdout.write(`${JSON.stringify({ rssMB, peakRssMB })}\n`)
}
