import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Article, Newsdesk } from '../../src/index.js'
import { recordingLogger } from '../support/logger.js'
import { folderWith, tempDir } from '../support/temp-dir.js'
import { SEEDS } from './helpers.js'

// An article as plain data, its paragraphs included (a restored one cuts them when asked).
const plain = (articles: readonly Article[]): Article[] => JSON.parse(JSON.stringify(articles)) as Article[]

const QUESTIONS = [
  'How many airstrikes did Russia launch?',
  'Who is the White House press secretary?',
  'What did Witkoff say about security guarantees?',
  'What is the capital of Peru?',
]

describe('a saved index', async () => {
  const built = await Newsdesk.fromDirectory(SEEDS)
  const dir = join(tempDir('newsdesk-saved-'), 'slot')
  await built.save(dir)
  const restored = await Newsdesk.restore(dir)

  it('answers every command exactly as the engine that wrote it', () => {
    expect(restored).not.toBeNull()
    for (const q of QUESTIONS) expect(restored!.ask(q)).toEqual(built.ask(q))
    expect(restored!.source('')).toEqual(built.source(''))
    expect(restored!.source('security guarantees')).toEqual(built.source('security guarantees'))
    expect(restored!.quote('Witkoff')).toEqual(built.quote('Witkoff'))
    expect(restored!.quote('Zelensky')).toEqual(built.quote('Zelensky'))
    expect(restored!.speakers()).toEqual(built.speakers())
    // Autocomplete finds a speaker by any spelling seen, after a restart too.
    expect(restored!.speakers('zelensky')).toEqual(built.speakers('zelensky'))
  })

  it('keeps article texts, paragraphs and quotation words intact', () => {
    expect(plain(restored!.articles)).toEqual(plain(built.articles))
    const excerpt = restored!.quote('Witkoff').excerpts[0]
    const article = restored!.articles.find((a) => a.id === excerpt.article.id)!
    expect(article.text).toContain(excerpt.text)
  })

  it('is not read when damaged: the folder is indexed again, with a warning', async () => {
    const cache = tempDir('newsdesk-cache-')
    await Newsdesk.fromDirectory(SEEDS, {}, { cacheDir: cache })
    const [slot] = (await import('node:fs')).readdirSync(cache)
    const texts = join(cache, slot, 'texts.txt')
    writeFileSync(texts, readFileSync(texts, 'utf8').slice(0, 100))
    const warnings: string[] = []
    const logger = {
      debug() {},
      info() {},
      warn(m: string) {
        warnings.push(m)
      },
      error() {},
    }
    const engine = await Newsdesk.fromDirectory(SEEDS, { logger }, { cacheDir: cache })
    expect(engine.ask(QUESTIONS[0]).excerpts[0].text).toContain('more than 60 airstrikes')
    expect(warnings.join('\n')).toMatch(/could not read the saved index.*rebuilding/)
  })

  /** A cache of the seed articles, the folder of its one slot, and a start that records its warnings. */
  async function cached() {
    const data = folderWith(Object.fromEntries(readdirSync(SEEDS).map((f) => [f, readFileSync(join(SEEDS, f))])))
    const cache = tempDir('newsdesk-cache-')
    await Newsdesk.fromDirectory(data, {}, { cacheDir: cache })
    const slot = join(cache, readdirSync(cache)[0])
    const start = async () => {
      const logger = recordingLogger()
      const engine = await Newsdesk.fromDirectory(data, { logger }, { cacheDir: cache })
      return { engine, warnings: logger.warnings.join('\n'), infos: logger.infos.join('\n') }
    }
    return { data, cache, slot, start }
  }

  it.each([
    ['one edited byte in the saved texts', 'texts.txt', (b: Buffer) => b.fill(0x5a, 200, 201)],
    [
      'one flipped byte in the saved postings',
      'arrays.bin',
      (b: Buffer) => {
        b[b.length - 9] ^= 0xff
        return b
      },
    ],
    ['a truncated meta.jsonl', 'meta.jsonl', (b: Buffer) => b.subarray(0, b.length >> 1)],
    ['its texts deleted', 'texts.txt', null],
    ['its postings deleted', 'arrays.bin', null],
  ])('is never served with %s: it is rebuilt, with a warning saying why', async (_what, file, damage) => {
    const { slot, start } = await cached()
    if (damage === null) rmSync(join(slot, file))
    else writeFileSync(join(slot, file), damage(readFileSync(join(slot, file))))
    const { engine, warnings } = await start()
    expect(warnings).toMatch(new RegExp(`damaged \\(${file.replace('.', '\\.')} `))
    const answer = engine.ask(QUESTIONS[1])
    expect(answer.excerpts[0].text).toContain('Karoline Leavitt')
    for (const a of engine.articles) expect(readFileSync(join(SEEDS, a.source), 'utf8')).toContain(a.paragraphs[0])
    // The rebuild saved a sound copy: the next start reads it without a word.
    const again = await start()
    expect(again.warnings).toBe('')
    expect(again.infos).toMatch(/restored 2 articles/)
  })

  it('notices an edit that keeps the size and modification time of a file (cp -p, touch -r)', async () => {
    const { data, start } = await cached()
    const file = join(data, readdirSync(data)[0])
    const before = statSync(file)
    const text = readFileSync(file, 'utf8')
    writeFileSync(file, text.replace('airstrikes', 'airstrokes'))
    utimesSync(file, before.atime, before.mtime)
    expect(statSync(file).size).toBe(before.size)
    const { engine, infos } = await start()
    // The saved index, with that one file read again.
    expect(infos).toMatch(/earlier state of .*; read the 1 files changed since \(0 gone\)/)
    expect(JSON.stringify(engine.ask('How many airstrokes did Russia launch?'))).toContain('airstrokes')
  })

  it('cleans up what a save that never finished left behind', async () => {
    const { cache, data } = await cached()
    // A process that is gone (pid 2^22 + 1 is above Linux's pid_max) left half a save.
    const left = join(cache, `${'a'.repeat(40)}.tmp-4194305`)
    mkdirSync(left)
    writeFileSync(join(left, 'meta.jsonl'), '{')
    writeFileSync(join(data, 'extra.md'), '---\ntitle: Extra\n---\nThe Brill bridge opened on Friday.\n')
    await Newsdesk.fromDirectory(data, {}, { cacheDir: cache })
    expect(readdirSync(cache)).toHaveLength(1)
    expect(readdirSync(cache)[0]).toMatch(/^[0-9a-f]{40}$/)
  })
})

describe('a corpus large enough to have very common words', () => {
  // 1,500 articles: every one says "report" and "today"; only a few say anything else.
  const filler = (i: number): Article['paragraphs'] => [
    `The report today covers item ${i} of the weekly series.`,
    'Officials said the report was published today as usual.',
  ]
  const articles: Article[] = Array.from({ length: 1500 }, (_, i) => {
    const paragraphs =
      i === 777
        ? ['The report today names the Okavango delta as the wettest place of the season.', ...filler(i)]
        : i === 1203
          ? ['A budget report today said harbour fees at Wrocław’s café port rose by 12 percent to £40.'].concat(
              filler(i),
            )
          : filler(i)
    return {
      id: `a${i}`,
      title: `Weekly report ${i}`,
      outlet: 'Test',
      url: null,
      published: null,
      author: null,
      summary: null,
      captions: [],
      paragraphs,
      text: paragraphs.join('\n\n'),
      source: `a${i}.md`,
    }
  })
  const engine = Newsdesk.build(articles)

  it('finds the one article with a rare word among common ones', () => {
    const r = engine.ask('Which place does the report name as the wettest?')
    expect(r.answered).toBe(true)
    expect(r.excerpts[0].text).toContain('Okavango delta')
  })

  it('still finds candidates for a question made only of common words', () => {
    const r = engine.source('report today')
    expect(r.articles.length).toBeGreaterThan(0)
    expect(r.excerpts[0].text).toMatch(/report/i)
  })

  it('answers the same after a save and restore', async () => {
    const dir = join(tempDir('newsdesk-saved-'), 'slot')
    await engine.save(dir)
    const restored = await Newsdesk.restore(dir)
    for (const q of [
      'Which place does the report name as the wettest?',
      'How much did harbour fees rise?',
      'report today',
    ]) {
      expect(restored!.ask(q)).toEqual(engine.ask(q))
      expect(restored!.source(q)).toEqual(engine.source(q))
    }
    expect(plain(restored!.articles)).toEqual(plain(engine.articles))
  })

  it('keeps texts that fit in Latin-1 intact after a save and restore', async () => {
    const latin = articles.slice(0, 50).map((a) => {
      const paragraphs = [...a.paragraphs, 'Café prices rose to £5 in Zürich.']
      return { ...a, paragraphs, text: paragraphs.join('\n\n') }
    })
    const built = Newsdesk.build(latin)
    const dir = join(tempDir('newsdesk-saved-'), 'slot')
    await built.save(dir)
    const restored = await Newsdesk.restore(dir)
    expect(plain(restored!.articles)).toEqual(plain(built.articles))
    expect(restored!.ask('What did café prices rise to?')).toEqual(built.ask('What did café prices rise to?'))
  })

  it('keeps titles, outlets and links beyond Latin-1 when every text fits it, and fields that are null', async () => {
    const fields = [
      { ...articles[0], title: 'Łódź council votes', outlet: 'Gazeta Łódzka', url: 'https://example.pl/łódź' },
      { ...articles[1], outlet: null, url: null, published: null, author: 'Zoë Brandt', summary: '' },
    ]
    const built = Newsdesk.build(fields)
    const dir = join(tempDir('newsdesk-saved-'), 'slot')
    await built.save(dir)
    const restored = await Newsdesk.restore(dir)
    expect(plain(restored!.articles)).toEqual(plain(built.articles))
  })

  it("keeps a caller's paragraphs that are not its text's, and a restored article's after a second save", async () => {
    const own = { ...articles[0], paragraphs: ['A paragraph of', 'its own, cut elsewhere.'] }
    const built = Newsdesk.build([own, ...articles.slice(1, 20)])
    const first = join(tempDir('newsdesk-saved-'), 'slot')
    await built.save(first)
    const restored = await Newsdesk.restore(first)
    expect(restored!.articles[0].paragraphs).toEqual(own.paragraphs)
    expect(restored!.articles[1].paragraphs).toEqual(articles[1].paragraphs)
    // Saved again from the restored engine, whose paragraphs are cut from the texts when asked for.
    const second = join(tempDir('newsdesk-saved-'), 'slot')
    await restored!.save(second)
    const again = await Newsdesk.restore(second)
    expect(plain(again!.articles)).toEqual(plain(built.articles))
    expect(again!.quote('said')).toEqual(built.quote('said'))
    // A restored article added again under a taken id is copied with its paragraphs.
    const [copy] = again!.update({ add: [again!.articles[1]] })
    expect(copy.id).toBe(`${articles[1].id}-2`)
    expect(copy.paragraphs).toEqual(articles[1].paragraphs)
  })
})
