import type { FeedbackIssue } from '@parley/core'
import { describe, expect, test } from 'vitest'
import { segmentText } from '../lib/feedback-segments'

const issue = (start: number, end: number, original: string, category: FeedbackIssue['category'] = 'grammar') =>
  ({ start, end, original, suggestions: ['x'], category, explanation: 'because', source: 'rules' }) as FeedbackIssue

describe('segmentText', () => {
  test('splits around flagged spans and keeps every character once', () => {
    const text = 'I has went to school'
    const segs = segmentText(text, [issue(2, 5, 'has'), issue(6, 10, 'went', 'word-choice')])
    expect(segs.map((s) => [s.start, s.text, s.issue?.category])).toEqual([
      [0, 'I ', undefined],
      [2, 'has', 'grammar'],
      [5, ' ', undefined],
      [6, 'went', 'word-choice'],
      [10, ' to school', undefined],
    ])
    expect(segs.map((s) => s.text).join('')).toBe(text)
  })

  test('overlapping and out-of-range spans are dropped', () => {
    const text = 'abc def'
    const segs = segmentText(text, [issue(0, 7, 'abc def'), issue(4, 7, 'def'), issue(5, 50, 'zz')])
    expect(segs.filter((s) => s.issue)).toHaveLength(1)
    expect(segs.map((s) => s.text).join('')).toBe(text)
  })

  test('offsets after emoji are JavaScript string offsets; a wrong offset is re-anchored by its text', () => {
    const text = '🎉 I goed home'
    const right = text.indexOf('goed')
    expect(segmentText(text, [issue(right, right + 4, 'goed')]).find((s) => s.issue)?.text).toBe('goed')
    expect(segmentText(text, [issue(right - 1, right + 3, 'goed')]).find((s) => s.issue)?.text).toBe('goed')
    expect(segmentText(text, [issue(0, 2, 'missing')]).some((s) => s.issue)).toBe(false)
  })
})
