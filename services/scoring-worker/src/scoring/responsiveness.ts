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

/** A tutor turn asks something when one of its sentences ends in "?" (a trailing emoji or two allowed). */
export function asksQuestion(tutor: string): boolean {
  return /\?\s*\S{0,3}\s*(?:$|\n|\s\p{Lu})/u.test(tutor)
}

/** Replies that say the learner did not understand: "sorry?", "what do you mean", "I don't understand"... */
const CLARIFICATION =
  /^\W*(?:what|sorry|pardon|huh|eh)\W*$|\b(?:what do you mean|don['’]?t understand|do not understand|didn['’]?t understand|not understand|can you repeat|could you repeat|say (?:it|that) again|what does .{1,30} mean|i don['’]?t know what)\b/iu

export function isClarificationRequest(reply: string): boolean {
  return CLARIFICATION.test(reply.trim())
}

/**
 * A reply answers a question when it is not a request for clarification and says something: at least three words,
 * or a yes/no-style answer ("Yes, I do", "No", "Sure") to a question that starts with an auxiliary verb.
 */
export function answersQuestion(tutor: string, reply: string): boolean {
  if (isClarificationRequest(reply)) return false
  const n = words(reply).length
  if (n >= 3) return true
  const question = tutor.split(/(?<=[.!?])\s+/u).findLast((s) => s.includes('?')) ?? tutor
  const yesNo = /^\W*(?:do|does|did|are|is|was|were|can|could|have|has|had|will|would|shall|should|may)\b/iu.test(
    question,
  )
  return yesNo && /\b(?:yes|yeah|yep|no|nope|sure|of course|not really|maybe|never|always)\b/iu.test(reply)
}

/** Share of tutor questions the learner answered (1 when the tutor asked nothing: no evidence against). */
export function answeredQuestionShare(pairs: ReplyPair[]): number {
  const questions = pairs.filter((p) => asksQuestion(p.tutor))
  if (questions.length === 0) return 1
  return questions.filter((p) => answersQuestion(p.tutor, p.learner)).length / questions.length
}

export function questionsAsked(pairs: ReplyPair[]): number {
  return pairs.filter((p) => asksQuestion(p.tutor)).length
}

/** Share of learner replies that ask the tutor to clarify or repeat. */
export function clarificationShare(pairs: ReplyPair[]): number {
  return pairs.length === 0 ? 0 : pairs.filter((p) => isClarificationRequest(p.learner)).length / pairs.length
}

/**
 * How much more a reply resembles its own tutor turn than the conversation's other tutor turns (mean over replies):
 * cosine to its turn minus mean cosine to the others. It cancels each embedding model's own baseline (a weak model
 * gives every pair a high cosine), so it means the same across models; it needs two pairs or more.
 */
export function contrastiveSimilarity(vectors: number[][]): number | undefined {
  const tutors = vectors.filter((_, i) => i % 2 === 0)
  const replies = vectors.filter((_, i) => i % 2 === 1)
  if (replies.length < 2) return undefined
  let total = 0
  replies.forEach((reply, i) => {
    const own = cosine(reply, tutors[i]!)
    const others = tutors.filter((_, j) => j !== i).map((t) => cosine(reply, t))
    total += own - others.reduce((a, b) => a + b, 0) / others.length
  })
  return total / replies.length
}
