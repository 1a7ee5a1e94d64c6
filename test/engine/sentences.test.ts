import { describe, expect, it } from 'vitest'
import { splitSentences } from '../../src/text/sentences.js'

const split = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end))

const AGREED = '“We agreed,” he said.'
const DONE = '“It is done.”'
describe('sentence splitting', () => {
  it.each([
    ['The U.S. and European allies met. Then they left.', ['The U.S. and European allies met.', 'Then they left.']],
    ['They arrived on Aug. 15, 2025. Talks began.', ['They arrived on Aug. 15, 2025.', 'Talks began.']],
    ['Gov. Newsom spoke. Mr. Smith replied.', ['Gov. Newsom spoke.', 'Mr. Smith replied.']],
    ['J. K. Rowling wrote it. Fans cheered.', ['J. K. Rowling wrote it.', 'Fans cheered.']],
    ['Growth was 3.5 percent. Prices rose 0.2 points.', ['Growth was 3.5 percent.', 'Prices rose 0.2 points.']],
    [
      'He lives at No. 10 Downing Street. He said no. Then he left.',
      ['He lives at No. 10 Downing Street.', 'He said no.', 'Then he left.'],
    ],
    [`${AGREED} ${DONE} She nodded.`, [AGREED, DONE, 'She nodded.']],
    ['Is it over? Yes! It is.', ['Is it over?', 'Yes!', 'It is.']],
  ])('%s', (text, expected) => {
    expect(split(text)).toEqual(expected)
  })

  it('gives offsets into the paragraph', () => {
    const text = 'One. Two.'
    expect(splitSentences(text)).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 9 },
    ])
  })
})
