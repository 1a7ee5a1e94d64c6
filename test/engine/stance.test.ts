import { describe, expect, it } from 'vitest'
import { claimParts, stanceOf } from '../../src/answer/stance.js'

// Every word weighs the same here: the rules, not the corpus statistics, are under test.
const even = (): number => 1

describe('stanceOf', () => {
  it.each([
    [
      'The council approved the harbour budget on Monday.',
      'The council approved the harbour budget on Monday.',
      'supports',
    ],
    ['The council approved the harbour budget.', 'The council did not approve the harbour budget.', 'contradicts'],
    ['The council approved the harbour budget.', 'The council refused to approve the harbour budget.', 'contradicts'],
    [
      'No injuries were reported after the harbour fire.',
      'No injuries were reported after the harbour fire.',
      'supports',
    ],
    ['The harbour fire injured 12 workers.', 'The harbour fire injured 7 workers.', 'contradicts'],
    [
      'The council approved the harbour budget on Monday.',
      'The council approved the harbour budget on Friday.',
      'contradicts',
    ],
    ['Mayor Lind opened the bridge in Velmora.', 'Mayor Lind opened the bridge in Dunmere.', 'contradicts'],
    ['Anna Brandt opened the new bridge.', 'Mara Keller opened the new bridge.', 'contradicts'],
    ['The club made a bid for the goalkeeper.', 'The club reportedly made a bid for the goalkeeper.', 'mentions'],
    ['The council approved the harbour budget.', 'The harbour budget goes to the council next week.', 'mentions'],
    ['The council approved the harbour budget.', 'Gulls nest on the lighthouse roof.', 'mentions'],
  ] as const)('%s / %s → %s', (claim, excerpt, stance) => {
    expect(stanceOf(claim, excerpt, even)).toBe(stance)
  })

  it('takes a place from the article setting, but never what happened', () => {
    const excerpt = 'Dock workers ended their strike on Sunday.'
    expect(
      stanceOf('Velmora dock workers ended their strike on Sunday.', excerpt, even, 'Strike ends in Velmora'),
    ).toBe('supports')
    expect(stanceOf('Velmora dock workers won a pay rise.', excerpt, even, 'Velmora workers won a pay rise')).toBe(
      'mentions',
    )
  })
})

describe('claimParts', () => {
  it('splits a claim of two statements, never a list of names or a single statement', () => {
    expect(claimParts('Fourteen homes were destroyed in the fire and two firefighters died.')).toEqual([
      'Fourteen homes were destroyed in the fire',
      'two firefighters died.',
    ])
    expect(claimParts('Board members Jonas Weber and Nadia Frost voted to keep the rate.')).toHaveLength(1)
    expect(claimParts('He said it was a fair deal but not the end of the conversation.')).toHaveLength(1)
  })
})
