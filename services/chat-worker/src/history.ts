import type { ChatMessage } from '@parley/core'
import { estimateMessageTokens, estimateTokens, TOKENS_PER_MESSAGE } from './tokens.js'

export type HistorySplit = {
  /** Recent turns sent verbatim, oldest first. */
  kept: ChatMessage[]
  /** Older turns that do not fit and must be summarised, oldest first. */
  older: ChatMessage[]
  /** Tokens left for the summary of `older` (0 when nothing is older). */
  summaryBudget: number
}

/** Older turns are summarised in steps of this many turns. */
export const SUMMARY_STEP = 6

/** Room kept for the summary of older turns: a quarter of the history budget, at most 200 tokens. */
export function summaryBudgetFor(historyBudget: number): number {
  return Math.max(0, Math.min(200, Math.floor(historyBudget / 4)))
}

/**
 * Fits a conversation into `historyBudget` tokens (what the context leaves after the system prompt and the reply):
 * the newest turns are kept whole; when they do not all fit, room is reserved for a summary of the older ones.
 * The newest turn is always kept, cut from its start if it alone is over budget. The cut between summarised and kept
 * turns moves in steps of SUMMARY_STEP turns.
 */
export function splitHistory(messages: ChatMessage[], historyBudget: number): HistorySplit {
  if (estimateMessageTokens(messages) <= historyBudget) return { kept: messages, older: [], summaryBudget: 0 }
  const summaryBudget = summaryBudgetFor(historyBudget)
  const room = historyBudget - summaryBudget
  let used = 0
  let firstKept = messages.length
  for (let i = messages.length - 1; i >= 0; i--) {
    const cost = estimateMessageTokens([messages[i]!])
    if (used + cost > room) break
    used += cost
    firstKept = i
  }
  if (firstKept === messages.length) {
    const newest = messages.at(-1)!
    return {
      kept: [{ ...newest, content: fitText(newest.content, Math.max(1, room - TOKENS_PER_MESSAGE)) }],
      older: messages.slice(0, -1),
      summaryBudget,
    }
  }
  // Move the cut forward to a multiple of SUMMARY_STEP, so that the summarised part (and its cached summary) stays
  // the same for several turns instead of changing with every new message.
  const cut = Math.min(messages.length - 1, Math.ceil(firstKept / SUMMARY_STEP) * SUMMARY_STEP)
  return { kept: messages.slice(cut), older: messages.slice(0, cut), summaryBudget }
}

/** Keeps the end of `text` (the most recent words) within `maxTokens`. */
export function fitText(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text
  let lo = 0
  let hi = text.length
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    if (estimateTokens(text.slice(mid)) + 1 <= maxTokens) hi = mid
    else lo = mid + 1
  }
  return `…${text.slice(lo)}`
}
