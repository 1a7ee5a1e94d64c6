// `npm run eval -- [--split dev|test] [--datasets DIR] [--json] [--limit N] [--only squad,offtopic,scifact]
//   [--tune knob=value,…] [--min-coverage X]`
// Answer quality of the real engine, through the same `run` path as `newsdesk batch`.

import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { answerType, needsContext } from '../answer/question.js'
import { bbc, datasetsDir, scifact, squad } from '../datasets/public-data.js'
import { prng } from '../datasets/recombine.js'
import { UsageError } from '../errors.js'
import { type Article, DEFAULT_OPTIONS, DEFAULT_TUNING, loadArticles, Newsdesk, type Tuning } from '../index.js'
import { indexTerm, words } from '../text/tokenize.js'
import { hitAt, ndcgAt, recallAt } from './metrics.js'

interface Args {
  split: 'dev' | 'test'
  datasets: string
  json: boolean
  limit: number
  only: Set<string>
  tuning: Partial<Tuning>
  minCoverage: number
}

function parse(argv: string[]): Args {
  const out: Args = {
    split: 'dev',
    datasets: datasetsDir(undefined),
    json: false,
    limit: Infinity,
    only: new Set(['squad', 'offtopic', 'scifact', 'claims']),
    tuning: {},
    minCoverage: DEFAULT_OPTIONS.minCoverage,
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new UsageError(`Newsdesk: ${a} needs a value`)
      return v
    }
    if (a === '--split') {
      const v = value()
      if (v !== 'dev' && v !== 'test') throw new UsageError('Newsdesk: --split is dev or test')
      out.split = v
    } else if (a === '--datasets') out.datasets = datasetsDir(value())
    else if (a === '--json') out.json = true
    else if (a === '--limit') out.limit = Number(value())
    else if (a === '--only') out.only = new Set(value().split(','))
    else if (a === '--min-coverage') out.minCoverage = Number(value())
    else if (a === '--tune') {
      // Any knob of the ranking, without editing a source file: --tune minParagraphs=500,typeBonus=0.2
      for (const pair of value().split(',')) {
        const [name, v] = pair.split('=')
        if (!(name in DEFAULT_TUNING) || v === undefined || !Number.isFinite(Number(v))) {
          throw new UsageError(
            `Newsdesk: --tune takes knob=number pairs; knobs: ${Object.keys(DEFAULT_TUNING).join(', ')}`,
          )
        }
        out.tuning[name as keyof Tuning] = Number(v)
      }
    } else throw new UsageError(`Newsdesk: unknown option ${a}`)
  }
  return out
}

const THRESHOLDS = Array.from({ length: 13 }, (_, i) => Math.round((0.2 + i * 0.05) * 100) / 100)
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`
const log = (s: string): void => {
  process.stderr.write(`${s}\n`)
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2))
  const threshold = args.minCoverage
  const report: Record<string, unknown> = { split: args.split, threshold, tuning: args.tuning, node: process.version }
  const started = performance.now()

  const inCorpus: number[] = []
  const answerable: Array<{ question: string; answers: string[] }> = []
  if (args.only.has('squad') || args.only.has('offtopic')) {
    const { articles, questions } = squad(args.datasets, args.split)
    const engine = Newsdesk.build(articles, { minCoverage: threshold, tuning: args.tuning })
    // The same engine with abstention off measures ranking alone (every question answered).
    const ranking = Newsdesk.build(articles, { minCoverage: 0, tuning: args.tuning })
    let rank1 = 0
    let rank3 = 0
    const qs = questions.slice(0, args.limit)
    log(`SQuAD ${args.split}: ${articles.length} articles, ${qs.length} questions`)
    let hit1 = 0
    let hit3 = 0
    let answered = 0
    let unanswerable = 0
    let abstained = 0
    const unanswerableConf: number[] = []
    // hit@1 at the threshold, and the share answered, by the kind of thing a question asks for.
    const byType = new Map<string, { questions: number; answered: number; hit1: number }>()
    const t0 = performance.now()
    for (const q of qs) {
      const r = engine.ask(q.question)
      if (q.unanswerable) {
        unanswerable++
        if (!r.answered) abstained++
        unanswerableConf.push(r.confidence ?? 0)
        continue
      }
      answerable.push({ question: q.question, answers: q.answers })
      const type = answerType(q.question) ?? 'other'
      const t = byType.get(type) ?? { questions: 0, answered: 0, hit1: 0 }
      byType.set(type, t)
      t.questions++
      if (r.answered) t.answered++
      if (
        r.answered &&
        hitAt(
          r.excerpts.map((e) => e.text),
          q.answers,
          1,
        )
      )
        t.hit1++
      const all = ranking.run('ask', q.question).excerpts.map((e) => e.text)
      if (hitAt(all, q.answers, 1)) rank1++
      if (hitAt(all, q.answers, 3)) rank3++
      inCorpus.push(r.confidence ?? 0)
      if (!r.answered) continue
      answered++
      const texts = r.excerpts.map((e) => e.text)
      if (hitAt(texts, q.answers, 1)) hit1++
      if (hitAt(texts, q.answers, 3)) hit3++
    }
    const n = answerable.length
    report.squad = {
      answerable: n,
      hit1: rank1 / n,
      hit3: rank3 / n,
      hit1AtThreshold: hit1 / n,
      hit3AtThreshold: hit3 / n,
      hit1WhenAnswered: hit1 / Math.max(1, answered),
      answered: answered / n,
      unanswerable,
      unanswerableAbstained: abstained / Math.max(1, unanswerable),
      msPerQuestion: (performance.now() - t0) / qs.length,
      unanswerableCurve: THRESHOLDS.map((t) => ({
        threshold: t,
        abstained: unanswerableConf.filter((c) => c < t).length / Math.max(1, unanswerableConf.length),
      })),
      byType: Object.fromEntries(
        [...byType].map(([type, t]) => [
          type,
          { questions: t.questions, answered: t.answered / t.questions, hit1AtThreshold: t.hit1 / t.questions },
        ]),
      ),
    }

    // Follow-ups never hurt: each question asked again with a random other question as the
    // earlier one. A self-contained question must get the same answer, byte for byte.
    const random = prng(7)
    const sample = qs.slice(0, 500)
    let selfContained = 0
    let same = 0
    let sameSelfContained = 0
    for (const q of sample) {
      const earlier = qs[Math.floor(random() * qs.length)].question
      const own = new Set(words(q.question).flatMap((w) => indexTerm(w.word) ?? [])).size
      const alone = JSON.stringify(engine.ask(q.question))
      const isSame = JSON.stringify(engine.ask(q.question, { context: [earlier] })) === alone
      if (isSame) same++
      if (!needsContext(q.question, own)) {
        selfContained++
        if (isSame) sameSelfContained++
      }
    }
    report.followUps = {
      questions: sample.length,
      selfContained: selfContained / sample.length,
      sameAnswerSelfContained: sameSelfContained / Math.max(1, selfContained),
      sameAnswerAll: same / sample.length,
    }
  }

  if (args.only.has('offtopic')) {
    const articles = bbc(args.datasets)
    log(`Off-topic: ${answerable.length} answerable questions against ${articles.length} BBC News articles`)
    const engine = Newsdesk.build(articles, { minCoverage: threshold, tuning: args.tuning })
    const offTopic = answerable.map((q) => engine.ask(q.question).confidence ?? 0)
    const curve = THRESHOLDS.map((t) => ({
      threshold: t,
      answeredInCorpus: inCorpus.filter((c) => c >= t).length / inCorpus.length,
      abstainedOffTopic: offTopic.filter((c) => c < t).length / offTopic.length,
    }))
    const best = curve.reduce((b, c) =>
      Math.min(c.answeredInCorpus, c.abstainedOffTopic) > Math.min(b.answeredInCorpus, b.abstainedOffTopic) ? c : b,
    )
    report.offTopic = {
      bbcArticles: articles.length,
      atShippedThreshold: {
        answeredInCorpus: inCorpus.filter((c) => c >= threshold).length / inCorpus.length,
        abstainedOffTopic: offTopic.filter((c) => c < threshold).length / offTopic.length,
      },
      curve,
      bestThreshold: best.threshold,
      rule:
        'the threshold that maximises min(answered in corpus, abstained off-topic); ' +
        'the shipped one is chosen on dev',
    }
  }

  if (args.only.has('scifact')) {
    const { articles, queries, qrels } = scifact(args.datasets)
    log(`SciFact: ${articles.length} abstracts, ${queries.length} test claims`)
    const engine = Newsdesk.build(articles, { minCoverage: threshold, tuning: args.tuning })
    let ndcg = 0
    let recall = 0
    for (const q of queries) {
      const ranked = engine.rankArticles(q.text, 100).map((r) => r.id)
      ndcg += ndcgAt(ranked, qrels.get(q.id)!, 10)
      recall += recallAt(ranked, qrels.get(q.id)!, 100)
    }
    report.scifact = {
      claims: queries.length,
      ndcg10: ndcg / queries.length,
      recall100: recall / queries.length,
      bm25Published: 0.665,
    }
  }
  if (args.only.has('claims')) report.claims = await claims(args.split, threshold, args.tuning)
  report.seconds = (performance.now() - started) / 1000

  if (args.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    return
  }
  const rows: Array<[string, string, string]> = []
  const s = report.squad as
    | {
        hit1: number
        hit3: number
        hit1AtThreshold: number
        hit3AtThreshold: number
        hit1WhenAnswered: number
        answered: number
        unanswerableAbstained: number
        msPerQuestion: number
        answerable: number
      }
    | undefined
  if (s !== undefined) {
    rows.push([`SQuAD ${args.split} hit@1 (${s.answerable} answerable, all answered)`, s.hit1.toFixed(3), '≥ 0.80'])
    rows.push([`SQuAD ${args.split} hit@3 (all answered)`, s.hit3.toFixed(3), '≥ 0.90'])
    rows.push([
      `hit@1 / hit@3 at threshold ${threshold} (abstained = miss)`,
      `${s.hit1AtThreshold.toFixed(3)} / ${s.hit3AtThreshold.toFixed(3)}`,
      '',
    ])
    rows.push(['hit@1 among answered', s.hit1WhenAnswered.toFixed(3), ''])
    rows.push(['answerable questions answered', pct(s.answered), ''])
    rows.push(['unanswerable questions abstained', pct(s.unanswerableAbstained), ''])
    rows.push(['time per question', `${s.msPerQuestion.toFixed(2)} ms`, ''])
  }
  const o = report.offTopic as
    | {
        atShippedThreshold: { answeredInCorpus: number; abstainedOffTopic: number }
        curve: Array<{ threshold: number; answeredInCorpus: number; abstainedOffTopic: number }>
        bestThreshold: number
      }
    | undefined
  if (o !== undefined) {
    rows.push([`in-corpus answered at threshold ${threshold}`, pct(o.atShippedThreshold.answeredInCorpus), '≥ 90%'])
    rows.push([
      `off-topic (BBC) abstained at threshold ${threshold}`,
      pct(o.atShippedThreshold.abstainedOffTopic),
      '≥ 90%',
    ])
  }
  const u = report.followUps as
    | { selfContained: number; sameAnswerSelfContained: number; sameAnswerAll: number }
    | undefined
  if (u !== undefined) {
    rows.push(['questions read as self-contained (500)', pct(u.selfContained), ''])
    rows.push(['same answer with a random earlier question (self-contained)', pct(u.sameAnswerSelfContained), '100%'])
  }
  const k = report.claims as
    | { supportsPrecision: number; supportsRecall: number; contradictsPrecision: number; contradictsRecall: number }
    | undefined
  if (k !== undefined) {
    rows.push([`claims (${args.split}): "supports" precision`, k.supportsPrecision.toFixed(3), '≥ 0.95'])
    rows.push([`claims (${args.split}): "supports" recall`, k.supportsRecall.toFixed(3), ''])
    rows.push([
      `claims (${args.split}): "contradicts" precision / recall`,
      `${k.contradictsPrecision.toFixed(2)} / ${k.contradictsRecall.toFixed(2)}`,
      '',
    ])
  }
  const f = report.scifact as { ndcg10: number; recall100: number } | undefined
  if (f !== undefined) {
    rows.push(['SciFact nDCG@10', f.ndcg10.toFixed(3), '≥ 0.70 (BM25 0.665)'])
    rows.push(['SciFact Recall@100', f.recall100.toFixed(3), ''])
  }
  const w = Math.max(...rows.map((r) => r[0].length))
  console.log(`${'measure'.padEnd(w)}  ${'value'.padStart(8)}  target`)
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w)}  ${b.padStart(8)}  ${c}`)
  const types = (
    report.squad as { byType?: Record<string, { questions: number; answered: number; hit1AtThreshold: number }> }
  )?.byType
  if (types !== undefined) {
    console.log('\nby question type: questions, answered, hit@1 at the threshold')
    for (const [type, t] of Object.entries(types)) {
      console.log(
        [
          type.padEnd(8),
          String(t.questions).padStart(5),
          '',
          pct(t.answered).padStart(6),
          '',
          t.hit1AtThreshold.toFixed(3),
        ].join(' '),
      )
    }
  }
  if (o !== undefined) {
    console.log('\nabstention threshold curve (confidence ≥ threshold answers):')
    console.log('threshold  answered in corpus  abstained off-topic')
    for (const c of o.curve) {
      const answered = pct(c.answeredInCorpus).padStart(18)
      const abstained = pct(c.abstainedOffTopic).padStart(19)
      console.log(`${c.threshold.toFixed(2).padStart(9)}  ${answered}  ${abstained}`)
    }
    console.log(`best on this split: ${o.bestThreshold} (max of min(answered, abstained))`)
  }
  console.log(`\n${(report.seconds as number).toFixed(1)} s on Node ${process.version}`)
}

/**
 * `source`'s stance on the labelled claims (test/fixtures/claims: invented articles, claims
 * labelled supports, contradicts-*, partly, mentions, unrelated). Precision of "supports" is the
 * share of excerpts called "supports" whose claim is labelled supports; recall, the share of
 * supported claims whose labelled article's excerpt is called "supports".
 */
async function claims(split: 'dev' | 'test', minCoverage: number, tuning: Partial<Tuning>): Promise<unknown> {
  const dir = fileURLToPath(new URL('../../../test/fixtures/claims/', import.meta.url))
  const { articles } = await loadArticles(join(dir, 'articles'))
  const engine = Newsdesk.build(articles, { minCoverage, tuning })
  const lines = readFileSync(join(dir, `claims-${split}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
  const labelled = lines.map((l) => JSON.parse(l) as { claim: string; label: string; article: string | null })
  let supportsCalls = 0
  let supportsRight = 0
  let supported = 0
  let found = 0
  let againstCalls = 0
  let againstRight = 0
  let contradicted = 0
  let caught = 0
  const wrong: string[] = []
  for (const c of labelled) {
    const r = engine.source(c.claim)
    const isSupported = c.label === 'supports'
    const isContradicted = c.label.startsWith('contradicts')
    if (isSupported) supported++
    if (isContradicted) contradicted++
    const id = (a: string): string => a.replace(/\.md$/, '')
    for (const e of r.excerpts) {
      if (e.stance === 'supports') {
        supportsCalls++
        if (isSupported) supportsRight++
        else wrong.push(`supports ← ${c.label}: ${c.claim} | ${e.text.slice(0, 160)}`)
      }
      if (e.stance === 'contradicts') {
        againstCalls++
        if (isContradicted) againstRight++
      }
    }
    const own = r.excerpts.find((e) => c.article !== null && id(articleFile(articles, e.article.id)) === c.article)
    if (isSupported && own?.stance === 'supports') found++
    if (isContradicted && r.excerpts.some((e) => e.stance === 'contradicts')) caught++
  }
  for (const w of wrong) log(`  ${w}`)
  return {
    claims: labelled.length,
    supportsPrecision: supportsCalls === 0 ? 1 : supportsRight / supportsCalls,
    supportsRecall: supported === 0 ? 0 : found / supported,
    supportsVerdicts: supportsCalls,
    contradictsPrecision: againstCalls === 0 ? 1 : againstRight / againstCalls,
    contradictsRecall: contradicted === 0 ? 0 : caught / contradicted,
  }
}

function articleFile(articles: Article[], id: string): string {
  const a = articles.find((x) => x.id === id)
  return a === undefined ? '' : basename(a.source)
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`)
  process.exitCode = 1
})
