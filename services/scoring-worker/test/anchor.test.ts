import { describe, expect, test } from 'vitest'
import { anchor } from '../src/feedback/anchor.js'
import { placeFindings } from '../src/feedback/llm-layer.js'
import { readsAsProse } from '../src/feedback/prose.js'

describe('re-anchoring the LLM quotes', () => {
  test('takes the first occurrence not already claimed', () => {
    const text = 'I go to go there'
    expect(anchor(text, 'go', [])).toEqual({ start: 2, end: 4 })
    expect(anchor(text, 'go', [{ start: 2, end: 4 }])).toEqual({ start: 8, end: 10 })
    expect(anchor(text, 'go', [{ start: 0, end: 16 }])).toBeUndefined()
  })

  test('ignores case and surrounding spaces, and never invents a span', () => {
    expect(anchor('Yesterday I go', ' yesterday ', [])).toEqual({ start: 0, end: 9 })
    expect(anchor('Yesterday I go', 'tomorrow', [])).toBeUndefined()
    expect(anchor('Yesterday', '   ', [])).toBeUndefined()
  })
})

describe('merging LLM findings with the rules', () => {
  const text = '😀 I has went to the school in yesterday and make a photo.'
  const reply = {
    issues: [
      // Overlaps the rules finding on "has": dropped.
      { original: 'I has', suggestion: 'I have', category: 'grammar' as const, explanation: '' },
      { original: 'the school', suggestion: 'school', category: 'grammar' as const, explanation: 'No article here.' },
      { original: 'in yesterday', suggestion: 'yesterday', category: 'grammar' as const, explanation: '#8@@@@ 3' },
      { original: 'make a photo', suggestion: 'take a photo', category: 'word-choice' as const, explanation: 'x' },
      // Duplicate of the one above, and a quote that is not in the text: both dropped.
      { original: 'make a photo', suggestion: 'take a photo', category: 'word-choice' as const, explanation: 'x' },
      { original: 'went home', suggestion: 'gone home', category: 'grammar' as const, explanation: 'x' },
      // A no-op suggestion: dropped.
      { original: 'school', suggestion: 'school', category: 'style' as const, explanation: 'x' },
    ],
    betterWords: [
      { original: 'make', better: 'take', why: 'collocation' },
      { original: 'photo', better: '%%%%', why: '' },
    ],
    tips: [' Use "take a photo". ', '', ',itL they we heg first all3for.@@@@@@@@@@@@', 'hows hows hows hows'],
  }
  const rules = [{ start: 5, end: 8 }]

  test('keeps only placeable, non-overlapping findings on exact spans', () => {
    const result = placeFindings(text, reply, rules, 'en', 'all')
    expect(result.issues.map((i) => i.original)).toEqual(['the school', 'in yesterday', 'make a photo'])
    for (const issue of result.issues) {
      expect(text.slice(issue.start, issue.end)).toBe(issue.original)
      expect(issue.source).toBe('llm')
    }
    expect(result.tips).toEqual(['Use "take a photo".'])
    expect(result.betterWords.map((w) => w.better)).toEqual(['take'])
  })

  test('fills an empty explanation from the template in the learner language', () => {
    const result = placeFindings(text, reply, rules, 'id', 'all')
    expect(result.issues[1]!.explanation).toBe(
      'Tata bahasa (grammar): “in yesterday” → “yesterday”. Bagian kalimat ini tidak gramatikal.',
    )
  })
})

describe('reading as prose', () => {
  test.each([
    ['Use "take a photo" instead.', true],
    ['Используйте «take a photo».', true],
    ['Gunakan "have gone" untuk present perfect.', true],
    ['@@@@@@@@', false],
    [',itL they we heg first all3for.@@@@', false],
    ['hows hows hows hows', false],
    ['a', false],
    ['#8 %% 3 !!', false],
  ])('%s → %s', (text, expected) => {
    expect(readsAsProse(text)).toBe(expected)
  })
})
