import type { ChatMessage } from '@parley/core'
import { rankOf } from './frequency-bands.js'
import { normalise, words } from './text-stats.js'

/** A learner reply and the tutor turn right before it. */
export type ReplyPair = { tutor: string; learner: string }

export function replyPairs(conversation: ChatMessage[]): ReplyPair[] {
  const pairs: ReplyPair[] = []
  for (let i = 1; i < conversation.length; i++) {
    const prev = conversation[i - 1]!
    const cur = conversation[i]!
    if (cur.role === 'user' && prev.role === 'assistant') pairs.push({ tutor: prev.content, learner: cur.content })
  }
  return pairs
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!
    na += a[i]! * a[i]!
    nb += b[i]! * b[i]!
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb)
}

/** Mean cosine similarity of each reply to its tutor turn, from embeddings given in pair order (tutor, learner…). */
export function embeddingSimilarity(vectors: number[][]): number {
  const sims: number[] = []
  for (let i = 0; i + 1 < vectors.length; i += 2) sims.push(cosine(vectors[i]!, vectors[i + 1]!))
  return sims.length === 0 ? 0 : sims.reduce((a, b) => a + b, 0) / sims.length
}

/**
 * Fallback when no embeddings can be had: mean Jaccard overlap of the content words (beyond the 100 most frequent
 * English words) of each reply and its tutor turn.
 */
export function lexicalSimilarity(pairs: ReplyPair[]): number {
  if (pairs.length === 0) return 0
  const content = (text: string) =>
    new Set(
      words(text)
        .map(normalise)
        .filter((w) => (rankOf(w) ?? Number.POSITIVE_INFINITY) > 100),
    )
  let total = 0
  for (const { tutor, learner } of pairs) {
    const a = content(tutor)
    const b = content(learner)
    const union = new Set([...a, ...b]).size
    total += union === 0 ? 0 : [...a].filter((w) => b.has(w)).length / union
  }
  return total / pairs.length
}

/** Share of tutor questions (turns ending in "?") answered with a reply of three words or more. */
export function answeredQuestionShare(pairs: ReplyPair[]): number {
  const questions = pairs.filter((p) => /\?\s*\S{0,3}\s*$/u.test(p.tutor))
  if (questions.length === 0) return 1
  return questions.filter((p) => words(p.learner).length >= 3).length / questions.length
}
