import { type FeedbackIssue, SCORE_ASPECTS, type ScoreResponse } from '@parley/core'
import { describe, expect, test } from 'vitest'
import type { Conversation, Turn } from '../lib/conversation'
import { chatMessages, normalizeConversation, titleFor } from '../lib/conversation'
import { computeProgress, countWords } from '../lib/progress'

const issue = (original: string, suggestion: string, category: FeedbackIssue['category']): FeedbackIssue => ({
  start: 0,
  end: original.length,
  original,
  suggestions: [suggestion],
  category,
  explanation: '',
  source: 'rules',
})

const score = (value: number): ScoreResponse => ({
  aspects: Object.fromEntries(
    SCORE_ASPECTS.map((a) => [a, { score: value, justification: '' }]),
  ) as ScoreResponse['aspects'],
  cefr: { level: 'B1', confidence: 0.5 },
  signals: {},
})

const user = (content: string, issues: FeedbackIssue[]): Turn => ({
  role: 'user',
  content,
  feedback: { issues, betterWords: [], tips: [], corrected: content },
})

describe('computeProgress', () => {
  const convos: Conversation[] = [
    {
      id: 'b',
      title: 'Second',
      created_at: '2026-02-01T00:00:00Z',
      conversation: [
        user('I has a dog and I goed home', [issue('has', 'have', 'grammar'), issue('goed', 'went', 'grammar')]),
        { role: 'assistant', content: 'Nice', score: score(70) },
      ],
    },
    {
      id: 'a',
      title: 'First',
      created_at: '2026-01-01T00:00:00Z',
      conversation: [
        user('I has cat', [issue('has', 'have', 'grammar'), issue('cat', 'a cat', 'word-choice')]),
        { role: 'assistant', content: 'Ok', score: score(40) },
        { role: 'assistant', content: 'Later', score: score(50) },
      ],
    },
    { id: 'c', title: 'Unscored', created_at: '2026-03-01T00:00:00Z', conversation: [] },
  ]

  test('oldest first, latest score per conversation, errors per 100 words', () => {
    const p = computeProgress(convos)
    expect(p.points.map((x) => [x.id, x.overall, x.words, x.errors, x.errorsPer100Words])).toEqual([
      ['a', 50, 3, 2, 66.7],
      ['b', 70, 8, 2, 25],
      ['c', undefined, 0, 0, 0],
    ])
  })

  test('categories by count and mistakes made more than once', () => {
    const p = computeProgress(convos)
    expect(p.categories).toEqual([
      { category: 'grammar', count: 3 },
      { category: 'word-choice', count: 1 },
    ])
    expect(p.recurring).toEqual([{ original: 'has', suggestion: 'have', category: 'grammar', count: 2 }])
  })

  test('word counting handles apostrophes and non-Latin scripts', () => {
    expect(countWords("I don't know, Привет мир!")).toBe(5)
  })
})

describe('conversation helpers', () => {
  test('failed and empty turns never reach the tutor', () => {
    expect(
      chatMessages([
        { role: 'assistant', content: 'Hi' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: '', failed: 'boom' },
        { role: 'user', content: '   ' },
      ]),
    ).toEqual([
      { role: 'assistant', content: 'Hi' },
      { role: 'user', content: 'Hello' },
    ])
  })

  test('titles come from the first learner message, shortened', () => {
    expect(titleFor([{ role: 'user', content: 'x'.repeat(80) }], 'Free talk')).toHaveLength(58)
    expect(titleFor([], 'Job interview')).toBe('Job interview')
  })

  test('rows with foreign shapes are cleaned, not trusted', () => {
    expect(normalizeConversation({ title: 'no id' })).toBeUndefined()
    expect(
      normalizeConversation({ id: 'x', title: 't', conversation: [{ role: 'system', content: 'x' }, { role: 'user' }] })
        ?.conversation,
    ).toEqual([])
  })
})
