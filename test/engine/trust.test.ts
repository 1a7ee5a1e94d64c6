import { readFileSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { beforeAll, describe, expect, it } from 'vitest'
import { runBatch } from '../../adapters/cli/batch.js'
import { loadArticles, Newsdesk } from '../../src/index.js'
import { makeArticle } from '../../src/ingest/article.js'

// Invented articles and claims written for this project (see test/fixtures/claims/README.md).
const CLAIMS = 'test/fixtures/claims'

describe('source: the stance of each excerpt towards a claim', () => {
  let engine: Newsdesk
  beforeAll(async () => {
    engine = Newsdesk.build((await loadArticles(`${CLAIMS}/articles`)).articles)
  })

  it('calls "supports" only what the articles state (precision ≥ 0.95 on the dev claims)', () => {
    const lines = readFileSync(`${CLAIMS}/claims-dev.jsonl`, 'utf8').trim().split('\n')
    let calls = 0
    let right = 0
    for (const line of lines) {
      const { claim, label } = JSON.parse(line) as { claim: string; label: string }
      for (const e of engine.source(claim).excerpts) {
        expect(['supports', 'contradicts', 'mentions']).toContain(e.stance)
        if (e.stance !== 'supports') continue
        calls++
        if (label === 'supports') right++
      }
    }
    expect(calls).toBeGreaterThan(10)
    expect(right / calls).toBeGreaterThanOrEqual(0.95)
  })

  it('says an article states the claim when it does', () => {
    const r = engine.source('The Brisca wildfire broke out on Sunday afternoon near the village of Hollin.')
    expect(r.message).toBe('1 article supports that.')
    expect(r.excerpts[0].stance).toBe('supports')
  })

  it('says otherwise for another day, another number or the opposite', () => {
    for (const claim of [
      'The wildfire near Brisca broke out on Saturday afternoon near Hollin.',
      'A record 16,000 runners finished the Ostravik marathon.',
    ]) {
      const r = engine.source(claim)
      expect(r.excerpts.some((e) => e.stance === 'supports')).toBe(false)
      expect(r.excerpts[0].stance).toBe('contradicts')
      expect(r.message).toMatch(/says? otherwise/)
    }
  })

  it('names the part of a claim no article backs', () => {
    const r = engine.source('Fourteen homes were destroyed in the Brisca fire and two firefighters died.')
    expect(r.excerpts.some((e) => e.stance === 'supports')).toBe(false)
    expect(r.message).not.toMatch(/supports that/)
  })

  it('still lists the corpus for an empty source, without stances', () => {
    const r = engine.source('')
    expect(r.kind).toBe('listing')
    expect(r.excerpts).toEqual([])
  })
})

describe('follow-up questions never make an answer worse', () => {
  const engine = Newsdesk.build([
    makeArticle(
      {
        id: 'talks',
        title: 'Envoy reports progress on regions',
        paragraphs: [
          'Envoy Mara Lind said the talks on the Velt region had moved forward on Friday.',
          'On the Orsa region, Lind said the two sides remained far apart.',
          'The harbour of Kessel reopened after repairs costing 4 million crowns.',
        ],
      },
      'x',
    ),
  ])

  it('answers a self-contained question the same with or without earlier questions', () => {
    const question = 'How much did the repairs of the Kessel harbour cost?'
    const alone = engine.ask(question)
    expect(alone.kind).toBe('answer')
    for (const earlier of ['What did Lind say about the Velt region?', 'Who is the envoy?']) {
      expect(engine.ask(question, { context: [earlier] })).toEqual(alone)
    }
  })

  it('reads a follow-up with no word of its own as the question before it asked again', () => {
    const r = engine.ask('What did she say then?', { context: ['What did Lind say about the Orsa region?'] })
    expect(r.kind).toBe('answer')
    expect(r.excerpts[0].text).toContain('Orsa region')
    expect(engine.ask('What did she say then?').kind).toBe('none')
  })

  it('reads an elliptical follow-up with the question just before it, the new subject first', () => {
    const r = engine.ask('And what about Orsa?', { context: ['Who is the envoy?', 'What did Lind say about Velt?'] })
    expect(r.kind).toBe('answer')
    expect(r.excerpts[0].text).toContain('Orsa region')
  })
})

describe('one answer shows each sentence once', () => {
  it('never shows an excerpt twice or one inside another', () => {
    const engine = Newsdesk.build([
      makeArticle(
        {
          id: 'glass',
          title: 'Glassblowers elect a chair',
          paragraphs: [
            'The Wenlow glassblowers guild elected Maren Ostrova as its chair on Tuesday. ' +
              'She has worked the furnace in the old quarter for twenty years.',
          ],
        },
        'x',
      ),
    ])
    const r = engine.ask('How long has Maren Ostrova worked the furnace?', { limit: 5 })
    const texts = r.excerpts.map((e) => e.text)
    for (const [i, a] of texts.entries()) {
      for (const [j, b] of texts.entries()) if (i !== j) expect(a.includes(b)).toBe(false)
    }
    expect(texts.join(' ')).toContain('twenty years')
  })
})

describe('newsdesk batch "limit"', () => {
  it('caps quote and ask at the limit, and refuses one outside 1–100', async () => {
    const engine = await Newsdesk.fromDirectory('data/articles')
    const input = new PassThrough()
    const output = new PassThrough()
    const chunks: string[] = []
    output.on('data', (c: Buffer) => chunks.push(c.toString()))
    input.end(
      [
        '{"command":"quote","text":"Witkoff","limit":2}',
        '{"command":"quote","text":"Witkoff","limit":101}',
        '{"command":"ask","text":"What did Witkoff say?","limit":1}',
      ].join('\n'),
    )
    await runBatch(engine, input, output)
    const [few, tooMany, one] = chunks
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(few.excerpts).toHaveLength(2)
    expect(few.message).toMatch(/quotations in \d+ articles?; showing 2\./)
    expect(tooMany.kind).toBe('error')
    expect(tooMany.error).toMatch(/"limit" must be a whole number from 1 to 100/)
    expect(one.excerpts).toHaveLength(1)
  })
})
