import type { FeedbackResponse, IssueCategory } from '@parley/core'
import type { Card } from 'ts-fsrs'
import type { Conversation } from './conversation'

/**
 * Review: the learner's own corrected mistakes become cards, scheduled by FSRS (ts-fsrs, in review-grade.ts so the
 * home screen's due count does not load the scheduler). A card shows the sentence
 * as the learner wrote it; they rewrite it, the scoring worker's /feedback checks the rewrite, and the result grades
 * the card (right = Good, wrong = Again).
 */
export type ReviewItem = {
  key: string
  original: string
  suggestion: string
  category: IssueCategory
  explanation: string
  /** The learner's message that held the mistake (the newest one). */
  sentence: string
  /** The corrected message, when the feedback gave one. */
  corrected: string
  /** How many times the mistake was made: recurring ones come first. */
  count: number
  lastSeen: string
}

/** Stored per learner: one FSRS card per item key (dates as ISO strings, as JSON keeps them). */
export type ReviewState = { version: 1; cards: Record<string, StoredCard> }
export type StoredCard = Omit<Card, 'due' | 'last_review'> & { due: string; last_review?: string }

export const emptyReviewState = (): ReviewState => ({ version: 1, cards: {} })
/** Most cards kept: the stored state stays small (one row, a few tens of kB). */
export const MAX_CARDS = 300
/** New cards introduced per session, as Anki-style schedulers do, so a long history does not flood the first day. */
export const NEW_PER_SESSION = 10

const keyOf = (original: string, suggestion: string) =>
  `${original.trim().toLowerCase()}→${suggestion.trim().toLowerCase()}`

export function collectItems(conversations: readonly Conversation[]): ReviewItem[] {
  const items = new Map<string, ReviewItem>()
  for (const c of conversations) {
    for (const t of c.conversation) {
      if (t.role !== 'user' || !t.feedback) continue
      for (const issue of t.feedback.issues) {
        const original = issue.original.trim()
        if (!original || original.length > 80) continue
        const suggestion = issue.suggestions[0] ?? ''
        const key = keyOf(original, suggestion)
        const when = t.at ?? c.updated_at ?? c.created_at ?? ''
        const seen = items.get(key)
        if (seen) {
          seen.count++
          if (when >= seen.lastSeen)
            Object.assign(seen, { sentence: t.content, corrected: t.feedback.corrected, lastSeen: when })
        } else
          items.set(key, {
            key,
            original,
            suggestion,
            category: issue.category,
            explanation: issue.explanation,
            sentence: t.content,
            corrected: t.feedback.corrected,
            count: 1,
            lastSeen: when,
          })
      }
    }
  }
  return [...items.values()]
    .sort((a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen))
    .slice(0, MAX_CARDS)
}

/** What is due now: scheduled cards whose time has come, then up to `newLimit` never-seen items. */
export function dueItems(items: readonly ReviewItem[], state: ReviewState, now: Date, newLimit = NEW_PER_SESSION) {
  const due: ReviewItem[] = []
  const fresh: ReviewItem[] = []
  for (const item of items) {
    const stored = state.cards[item.key]
    if (!stored) fresh.length < newLimit && fresh.push(item)
    else if (new Date(stored.due) <= now) due.push(item)
  }
  due.sort((a, b) => state.cards[a.key]!.due.localeCompare(state.cards[b.key]!.due))
  return [...due, ...fresh]
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
const containsPhrase = (text: string, phrase: string) => ` ${norm(text)} `.includes(` ${norm(phrase)} `)

/**
 * Is the rewrite right? The mistake must be gone, and the checker must not flag the same phrase again. Other new mistakes are shown but do not fail the card.
 */
export function checkRewrite(item: ReviewItem, rewrite: string, feedback: FeedbackResponse | undefined) {
  if (!rewrite.trim()) return { correct: false, reason: 'Write the sentence again first.' }
  // When the fix keeps the wrong words ("cat" → "a cat"), the fix itself must be there; otherwise they must be gone.
  const fixed =
    item.suggestion && containsPhrase(item.suggestion, item.original)
      ? containsPhrase(rewrite, item.suggestion)
      : !containsPhrase(rewrite, item.original)
  const flaggedAgain = (feedback?.issues ?? []).some((i) => norm(i.original) === norm(item.original))
  if (!fixed || flaggedAgain)
    return {
      correct: false,
      reason: `“${item.original}” is still there${item.suggestion ? `: try “${item.suggestion}”` : ''}.`,
    }
  return { correct: true, reason: 'Right: the mistake is fixed.' }
}
