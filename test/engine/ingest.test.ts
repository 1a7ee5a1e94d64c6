import { describe, expect, it } from 'vitest'
import { loadArticles, NoArticlesError } from '../../src/index.js'
import { FOX, folderWith, K24, SEEDS } from './helpers.js'

describe('ingest of the seed articles', async () => {
  const { articles, warnings } = await loadArticles(SEEDS)
  const fox = articles.find((a) => a.id === FOX)!
  const k24 = articles.find((a) => a.id === K24)!

  it('loads both with their titles and outlets', () => {
    expect(warnings).toEqual([])
    expect(fox.title).toBe('Russians made concessions ‘almost immediately,’ Trump envoy says of Putin summit')
    expect(fox.outlet).toBe('Fox News')
    expect(k24.title).toBe('Trump Envoy Says ‘Substantial Progress’ Achieved in Summit With Putin')
    expect(k24.outlet).toBe('Kurdistan24')
  })

  it('leaves url and date empty when the file does not state them', () => {
    expect(fox.url).toBeNull()
    expect(fox.published).toBeNull()
    expect(k24.url).toBeNull()
  })

  it('removes page furniture from the body', () => {
    for (const junk of [
      'https://static.foxnews.com',
      'listen to Fox News articles',
      'JD VANCE STEPS INTO THE SPOTLIGHT',
      'TRUMP: EUROPE WILL',
      'TRUMP CALLS WHITE HOUSE TALKS',
      'Advertisment',
      'Getty Images',
      '(Photo: AFP)',
    ]) {
      expect(fox.text + k24.text).not.toContain(junk)
    }
  })

  it('keeps captions apart, never as body text', () => {
    expect(fox.captions.some((c) => c.includes('Kremlin Palace in Moscow'))).toBe(true)
    expect(fox.captions).toContain('Witkoff meets with Putin')
    expect(fox.text).not.toContain('Kremlin Palace')
    expect(k24.captions).toEqual([
      'US special envoy Steve Witkoff, in Anchorage, Alaska, on Aug. 15, 2025. (Photo: AFP)',
    ])
  })

  it('keeps the standfirst as the summary', () => {
    expect(k24.summary).toMatch(/^U\.S\. envoy Witkoff revealed "substantial progress"/)
    expect(k24.text).not.toContain('Territorial disputes remain unresolved ahead of')
    expect(k24.paragraphs[0]).toMatch(/^ERBIL \(Kurdistan24\) – U\.S\. Special Envoy Steve Witkoff/)
    expect(fox.summary).toBeNull()
    expect(fox.paragraphs[0]).toMatch(/^Russia gave in quickly/)
  })
})

describe('other formats', () => {
  it('reads front matter, which overrides detection', async () => {
    const dir = folderWith({
      'a.md':
        '---\ntitle: "Harbour reopens"\noutlet: Coast Gazette\nurl: https://gazette.example/harbour\n' +
        'published: 2025-03-04\nauthor: Ann Lee\n---\n# Ignored heading\n\n' +
        'The harbour reopened on Monday after repairs.\n',
      'b.txt': '---\ntitle: Plain text with front matter\n---\nBody sentence one. Body sentence two.\n',
    })
    const { articles } = await loadArticles(dir)
    const a = articles.find((x) => x.title === 'Harbour reopens')!
    expect(a).toMatchObject({
      outlet: 'Coast Gazette',
      url: 'https://gazette.example/harbour',
      published: '2025-03-04',
      author: 'Ann Lee',
    })
    expect(a.text).toContain('The harbour reopened on Monday after repairs.')
    expect(articles.find((x) => x.title === 'Plain text with front matter')!.text).toBe(
      'Body sentence one. Body sentence two.',
    )
  })

  it('reads JSON objects, arrays and JSON lines', async () => {
    const dir = folderWith({
      'one.json': JSON.stringify({
        title: 'One',
        text: 'First paragraph.\n\nSecond paragraph.',
        outlet: 'Wire',
        published: 'August 19, 2025',
      }),
      'many.json': JSON.stringify([
        { title: 'Two', text: 'Two text.' },
        { title: 'Three', text: 'Three text.' },
      ]),
      'lines.jsonl':
        '{"title":"Four","text":"Four text."}\n\n{"title":"Five","text":"Five text.","url":"https://x.example/5"}\n',
    })
    const { articles, warnings } = await loadArticles(dir)
    expect(warnings).toEqual([])
    expect(articles.map((a) => a.title).sort()).toEqual(['Five', 'Four', 'One', 'Three', 'Two'])
    const one = articles.find((a) => a.title === 'One')!
    expect(one.paragraphs).toEqual(['First paragraph.', 'Second paragraph.'])
    expect(one.published).toBe('2025-08-19')
    expect(new Set(articles.map((a) => a.id)).size).toBe(5)
    // One article in a file is named after it; several are numbered by their place in it.
    expect(one.id).toBe('one')
    expect(articles.filter((a) => a.source.startsWith('lines.jsonl')).map((a) => a.id)).toEqual(['lines-1', 'lines-2'])
  })

  it('reads JSON lines with Windows line endings, a byte-order mark and non-ASCII text', async () => {
    const dir = folderWith({
      'crlf.jsonl':
        '\ufeff{"title":"Café reopens","text":"The café on Rue Cler reopened — with “new” owners."}\r\n' +
        '{"title":"Second","text":"Two."}\r\n',
    })
    const { articles, warnings } = await loadArticles(dir)
    expect(warnings).toEqual([])
    expect(articles.map((a) => a.text)).toEqual(['The café on Rue Cler reopened — with “new” owners.', 'Two.'])
  })

  it('reads a dateline outlet, byline, stated URL and date from a scraped page', async () => {
    const dir = folderWith({
      'page.txt':
        'Port strike ends\n\nBy Maria Gomez\n\nPublished: March 3, 2025\n\n' +
        'https://www.reuters.com/world/port-strike-ends\n\n' +
        'LISBON (Reuters) – Dock workers ended their strike on Sunday.\n\n' +
        'Advertisement\n\nUnions said talks would continue.\n',
    })
    const [a] = (await loadArticles(dir)).articles
    expect(a).toMatchObject({
      title: 'Port strike ends',
      outlet: 'Reuters',
      author: 'Maria Gomez',
      published: '2025-03-03',
      url: 'https://www.reuters.com/world/port-strike-ends',
    })
    expect(a.paragraphs).toEqual([
      'LISBON (Reuters) – Dock workers ended their strike on Sunday.',
      'Unions said talks would continue.',
    ])
  })
})

describe('bad files', () => {
  it('skips each bad file with a warning naming it and the reason, and loads the rest', async () => {
    const dir = folderWith({
      'good.txt': 'A good title\n\nA good body sentence.\n',
      'empty.txt': '',
      'binary.txt': Buffer.from([0x41, 0x00, 0x42, 0x43]),
      'latin1.txt': Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0x0a, 0xe9, 0xe8, 0x0a]),
      'broken.json': '{"title": "x", "text": ',
      'untitled.json': '{"text": "No title here."}',
      'lines.jsonl': '{"title":"Fine","text":"Fine text."}\nnot json\n',
      'bytes.jsonl': Buffer.concat([
        Buffer.from('{"title":"Ok","text":"Ok text."}\n{"title":"Caf'),
        Buffer.from([0xe9]),
        Buffer.from('","text":"x"}\n'),
      ]),
      'notes.pdf': 'whatever',
    })
    const { articles, warnings } = await loadArticles(dir)
    // One bad line of a JSON lines file skips that line, not the file.
    expect(articles.map((a) => a.title)).toEqual(['Ok', 'A good title', 'Fine'])
    const reason = (file: string): string => warnings.find((w) => w.file.startsWith(file))?.reason ?? ''
    expect(reason('empty.txt')).toMatch(/empty/)
    expect(reason('binary.txt')).toMatch(/binary/)
    expect(reason('latin1.txt')).toMatch(/UTF-8/)
    expect(reason('broken.json')).toMatch(/JSON/)
    expect(reason('untitled.json')).toMatch(/title/)
    const line = (file: string): string => {
      const w = warnings.find((x) => x.file.startsWith(file))
      return w === undefined ? '' : `${w.file}: ${w.reason}`
    }
    expect(line('lines.jsonl')).toMatch(/lines\.jsonl line 2: .*not valid JSON/)
    expect(line('bytes.jsonl')).toMatch(/bytes\.jsonl line 2: .*UTF-8/)
    expect(reason('notes.pdf')).toMatch(/unknown file type/)
  })

  it('loads the same article twice only once', async () => {
    const body = 'Same story\n\nThe council voted to close the bridge.\n'
    const dir = folderWith({ 'a.txt': body, 'copy/b.txt': body })
    const { articles, warnings } = await loadArticles(dir)
    expect(articles).toHaveLength(1)
    expect(warnings[0].reason).toMatch(/same article as a\.txt; loaded once/)
  })

  it('says where it looked and what it accepts when nothing loads', async () => {
    const empty = folderWith({})
    await expect(loadArticles(empty)).rejects.toThrow(NoArticlesError)
    await expect(loadArticles(empty)).rejects.toThrow(new RegExp(`${empty}.*\\.txt and \\.md`))
    await expect(loadArticles(`${empty}/missing`)).rejects.toThrow(/does not exist/)
    await expect(loadArticles(folderWith({ 'x.txt': '' }))).rejects.toThrow(/none of its 1 file/)
  })
})
