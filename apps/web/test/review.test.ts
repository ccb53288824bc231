import type { FeedbackIssue } from '@parley/core'
import { describe, expect, test } from 'vitest'
import type { Conversation } from '../lib/conversation'
import { normalizeConversation } from '../lib/conversation'
import { checkRewrite, collectItems, dueItems, emptyReviewState, NEW_PER_SESSION } from '../lib/review'
import { grade } from '../lib/review-grade'
import { isReviewRow, REVIEW_ROW_MARKER, REVIEW_ROW_TITLE, reviewRowId } from '../lib/review-row'

const issue = (original: string, suggestion: string): FeedbackIssue => ({
  start: 0,
  end: original.length,
  original,
  suggestions: [suggestion],
  category: 'grammar',
  explanation: 'why',
  source: 'rules',
})
const said = (content: string, at: string, issues: FeedbackIssue[]) => ({
  role: 'user' as const,
  content,
  at,
  feedback: { issues, betterWords: [], tips: [], corrected: content.replace('has went', 'went') },
})
const convos: Conversation[] = [
  {
    id: 'a',
    title: 'a',
    conversation: [
      said('I has went home.', '2026-11-01T00:00:00Z', [issue('has went', 'went'), issue('cat', 'a cat')]),
      said('Then I has went out.', '2026-11-02T00:00:00Z', [issue('has went', 'went')]),
    ],
  },
]

describe('review cards', () => {
  test('recurring mistakes first, with the newest sentence', () => {
    const items = collectItems(convos)
    expect(items.map((i) => [i.original, i.count])).toEqual([
      ['has went', 2],
      ['cat', 1],
    ])
    expect(items[0]!.sentence).toBe('Then I has went out.')
  })

  test('FSRS: a right answer pushes the card out, a wrong one brings it back soon', () => {
    const now = new Date('2026-12-01T10:00:00Z')
    const [item] = collectItems(convos)
    const right = grade(emptyReviewState(), item!.key, true, now)
    const wrong = grade(emptyReviewState(), item!.key, false, now)
    expect(right.due.getTime()).toBeGreaterThan(wrong.due.getTime())
    expect(wrong.due.getTime() - now.getTime()).toBeLessThanOrEqual(10 * 60_000)
    // Not due again right after; due once its time has come.
    expect(dueItems([item!], right.state, now)).toEqual([])
    expect(dueItems([item!], right.state, new Date(right.due.getTime() + 1))).toEqual([item])
    // Stored as JSON, it still schedules.
    const again = grade(JSON.parse(JSON.stringify(right.state)), item!.key, true, right.due)
    expect(again.due.getTime()).toBeGreaterThan(right.due.getTime())
  })

  test('new cards are limited per session', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...collectItems(convos)[0]!, key: `k${i}` }))
    expect(dueItems(many, emptyReviewState(), new Date())).toHaveLength(NEW_PER_SESSION)
  })

  test('a rewrite passes only when the mistake is gone and not flagged again', () => {
    const [wentItem, catItem] = collectItems(convos)
    expect(checkRewrite(wentItem!, 'Then I went out.', undefined).correct).toBe(true)
    expect(checkRewrite(wentItem!, 'Then I has went out!', undefined).correct).toBe(false)
    expect(checkRewrite(wentItem!, 'Then I HAS  WENT out', undefined).correct).toBe(false)
    expect(checkRewrite(wentItem!, '   ', undefined).correct).toBe(false)
    // The fix keeps the wrong word ("cat" → "a cat"): the fix must be there.
    expect(checkRewrite(catItem!, 'I have a cat.', undefined).correct).toBe(true)
    expect(checkRewrite(catItem!, 'I have cat.', undefined).correct).toBe(false)
    // The checker still flags the same phrase: not right.
    const flagged = {
      issues: [issue('a cat', 'the cat'), issue('cat', 'a cat')],
      betterWords: [],
      tips: [],
      corrected: '',
    }
    expect(checkRewrite(catItem!, 'I have a cat.', flagged).correct).toBe(false)
  })
})

describe('the review schedule row', () => {
  test('is never read as a conversation, and its id is stable per learner', async () => {
    const row = {
      id: 'x',
      title: REVIEW_ROW_TITLE,
      conversation: [{ role: 'system', content: `${REVIEW_ROW_MARKER}{}` }],
    }
    expect(isReviewRow(row)).toBe(true)
    expect(normalizeConversation(row)).toBeUndefined()
    expect(isReviewRow({ ...row, title: 'My chat' })).toBe(false)
    const id = await reviewRowId('sub-1')
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(await reviewRowId('sub-1')).toBe(id)
    expect(await reviewRowId('sub-2')).not.toBe(id)
  })
})
