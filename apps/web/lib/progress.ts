import type { FeedbackIssue, ScoreResponse } from '@parley/core'
import { type Conversation, latestScore } from './conversation'

export type ConversationPoint = {
  id: string
  title: string
  date: string
  /** Mean of the nine aspects of the conversation's latest score, or undefined when never scored. */
  overall?: number
  cefr?: string
  words: number
  errors: number
  errorsPer100Words: number
}

export type Progress = {
  points: ConversationPoint[]
  categories: { category: FeedbackIssue['category']; count: number }[]
  recurring: { original: string; suggestion: string; category: FeedbackIssue['category']; count: number }[]
}

const WORD = /[\p{L}\p{N}'’-]+/gu

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0
}

export function overallOf(score: ScoreResponse): number {
  const values = Object.values(score.aspects).map((a) => a?.score ?? 0)
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0
}

/**
 * Everything the progress page charts, from the stored conversations alone: oldest first, scores per conversation,
 * errors per 100 learner words, the commonest categories and the mistakes made more than once.
 */
export function computeProgress(conversations: readonly Conversation[]): Progress {
  const categoryCounts = new Map<FeedbackIssue['category'], number>()
  const mistakes = new Map<string, Progress['recurring'][number]>()
  const points = [...conversations]
    .sort((a, b) => (a.created_at ?? a.updated_at ?? '').localeCompare(b.created_at ?? b.updated_at ?? ''))
    .map((c): ConversationPoint => {
      let words = 0
      let errors = 0
      for (const t of c.conversation) {
        if (t.role !== 'user') continue
        words += countWords(t.content)
        for (const issue of t.feedback?.issues ?? []) {
          errors++
          categoryCounts.set(issue.category, (categoryCounts.get(issue.category) ?? 0) + 1)
          const original = issue.original.trim().toLowerCase()
          if (!original) continue
          const suggestion = issue.suggestions[0] ?? ''
          const key = `${original}→${suggestion.toLowerCase()}`
          const seen = mistakes.get(key)
          if (seen) seen.count++
          else mistakes.set(key, { original: issue.original.trim(), suggestion, category: issue.category, count: 1 })
        }
      }
      const score = latestScore(c.conversation)
      return {
        id: c.id,
        title: c.title,
        date: c.created_at ?? c.updated_at ?? '',
        overall: score ? Math.round(overallOf(score)) : undefined,
        cefr: score?.cefr.level,
        words,
        errors,
        errorsPer100Words: words ? Math.round((errors / words) * 1000) / 10 : 0,
      }
    })
  return {
    points,
    categories: [...categoryCounts.entries()]
      .map(([category, count]) => ({ category, count }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    recurring: [...mistakes.values()]
      .filter((m) => m.count > 1)
      .sort((a, b) => b.count - a.count || a.original.localeCompare(b.original))
      .slice(0, 10),
  }
}
