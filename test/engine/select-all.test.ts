// The "select all, copy" text of a page, which `npm run eval:html` feeds to the plain-text reader.
import { describe, expect, it } from 'vitest'
import { selectAllText } from '../../src/eval/select-all.js'

describe('selectAllText', () => {
  it('gives the visible text in document order, blocks on their own lines', () => {
    const html = `<!DOCTYPE html>
<html><head><title>Tab title</title><style>p{color:red}</style><script>var x = "script text"</script></head>
<body>
  <header><a href="/">Harbour Post</a><nav><a href="/news">News</a><a href="/sport">Sport</a></nav></header>
  <noscript><p>Please turn on JavaScript.</p></noscript>
  <article>
    <h1>Sea wall   repaired</h1>
    <div class="byline">By <a href="/jane">Jane Roe</a></div>
    <p>The wall was
       rebuilt in <em>three</em> weeks.</p>
    <p>Line one<br>line two</p>
    <template><p>Template text</p></template>
    <div hidden>Hidden text</div>
    <span aria-hidden="true">Icon</span>
    <ul><li>First point</li><li>Second point</li></ul>
    <table><tr><th>Year</th><td>Cost</td></tr><tr><td>2024</td><td>£3m</td></tr></table>
    <figure><img src="wall.jpg" alt="Alt text is not copied"><figcaption>The new wall.</figcaption></figure>
    <details><summary>Show more</summary><p>Folded text</p></details>
    <details open><summary>Notes</summary><p>Open text</p></details>
  </article>
  <footer>© Harbour Post</footer>
</body></html>`
    expect(selectAllText(html).split('\n')).toEqual([
      'Harbour Post',
      'News',
      'Sport',
      'Sea wall repaired',
      'By Jane Roe',
      '',
      'The wall was rebuilt in three weeks.',
      '',
      'Line one',
      'line two',
      '',
      'First point',
      'Second point',
      'Year\tCost',
      '2024\t£3m',
      'The new wall.',
      'Show more',
      'Notes',
      '',
      'Open text',
      '',
      '© Harbour Post',
    ])
  })

  it('reads a fragment without <html> or <body>', () => {
    expect(selectAllText('<p>One.</p><div>Two</div> <span>three</span>')).toBe('One.\n\nTwo\nthree')
  })

  it('keeps inline elements on their line, with the spaces written between them', () => {
    const html = '<p><a href="/a">Home</a> | <a href="/b">News</a></p><p>By <b>Ann</b> and <b>Bo</b></p>'
    expect(selectAllText(html)).toBe('Home | News\n\nBy Ann and Bo')
  })

  it('puts links and buttons that stand side by side, with no text between, on lines of their own', () => {
    const menu = '<div><a href="/">Home</a>\n  <a href="/news">News</a><button>Search</button></div>'
    expect(selectAllText(menu)).toBe('Home\nNews\nSearch')
    // In a block with text of its own they are words of a sentence.
    expect(selectAllText('<p>See <a href="/a">this</a> <a href="/b">map</a>.</p>')).toBe('See this map.')
  })
})
