import { type Card, createEmptyCard, fsrs, Rating } from 'ts-fsrs'
import type { ReviewState, StoredCard } from './review'

const scheduler = fsrs({ enable_fuzz: false })

const cardOf = (s: StoredCard): Card => ({
  ...s,
  due: new Date(s.due),
  last_review: s.last_review ? new Date(s.last_review) : undefined,
})

/** The state after one answer, and when the item comes back. */
export function grade(state: ReviewState, key: string, correct: boolean, now: Date) {
  const stored = state.cards[key]
  const card = stored ? cardOf(stored) : createEmptyCard(now)
  const next = scheduler.next(card, now, correct ? Rating.Good : Rating.Again).card
  const saved: StoredCard = {
    ...next,
    due: next.due.toISOString(),
    last_review: next.last_review ? new Date(next.last_review).toISOString() : undefined,
  }
  return { state: { version: 1, cards: { ...state.cards, [key]: saved } } satisfies ReviewState, due: next.due }
}
