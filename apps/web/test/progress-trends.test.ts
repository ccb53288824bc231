import { SCORE_ASPECTS, type ScoreResponse } from '@parley/core'
import { describe, expect, test } from 'vitest'
import type { Conversation } from '../lib/conversation'
import { aspectTrends, smoothedLevel, weeklyActivity, weekStart } from '../lib/progress-trends'

const score = (value: number, level: ScoreResponse['cefr']['level'], confidence = 1): ScoreResponse => ({
  aspects: Object.fromEntries(
    SCORE_ASPECTS.map((a) => [a, { score: value, justification: '' }]),
  ) as ScoreResponse['aspects'],
  cefr: { level, confidence },
  signals: {},
})

const convo = (id: string, date: string, s?: ScoreResponse, messages = 1): Conversation => ({
  id,
  title: `T${id}`,
  created_at: date,
  conversation: [
    ...Array.from({ length: messages }, () => ({ role: 'user' as const, content: 'hello there' })),
    { role: 'assistant', content: 'Hi', ...(s ? { score: s } : {}) },
  ],
})

describe('progress trends', () => {
  test('aspect trends are per scored conversation, oldest first', () => {
    const t = aspectTrends([
      convo('b', '2026-11-10T00:00:00Z', score(70, 'B1')),
      convo('a', '2026-11-03T00:00:00Z', score(40, 'A2')),
      convo('c', '2026-11-11T00:00:00Z'),
    ])
    expect(t.grammar.map((p) => [p.title, p.value])).toEqual([
      ['Ta', 40],
      ['Tb', 70],
    ])
  })

  test('the smoothed level moves toward a new level without jumping to it', () => {
    const l = smoothedLevel([
      convo('a', '2026-11-01T00:00:00Z', score(50, 'A2')),
      convo('b', '2026-11-02T00:00:00Z', score(50, 'A2')),
      convo('c', '2026-11-03T00:00:00Z', score(50, 'C2')),
    ])
    expect(l.map((p) => p.raw)).toEqual(['A2', 'A2', 'C2'])
    expect(l[0]!.value).toBe(2)
    expect(l[2]!.value).toBeGreaterThan(2)
    expect(l[2]!.value).toBeLessThan(4)
    // A low-confidence level moves it less.
    const unsure = smoothedLevel([
      convo('a', '2026-11-01T00:00:00Z', score(50, 'A2')),
      convo('c', '2026-11-03T00:00:00Z', score(50, 'C2', 0.2)),
    ])
    expect(unsure[1]!.value).toBeLessThan(l[2]!.value)
  })

  test('weeks start on Monday and empty weeks between are zero', () => {
    expect(weekStart('2026-12-02T10:00:00Z')).toBe('2026-11-30')
    expect(weekStart('2026-11-30T00:00:00Z')).toBe('2026-11-30')
    const w = weeklyActivity([
      convo('a', '2026-11-02T09:00:00Z', undefined, 3),
      convo('b', '2026-11-18T09:00:00Z'),
      convo('c', '2026-11-19T09:00:00Z'),
    ])
    expect(w).toEqual([
      { week: '2026-11-02', conversations: 1, messages: 3 },
      { week: '2026-11-09', conversations: 0, messages: 0 },
      { week: '2026-11-16', conversations: 2, messages: 2 },
    ])
    expect(weeklyActivity([])).toEqual([])
  })
})
