import type { ChatMessage, FeedbackResponse, ScoreResponse } from '@parley/core'
import { isReviewRow } from './review-row'

/**
 * One stored turn. The API keeps extra fields as they come, so each learner turn carries its feedback and each
 * tutor turn the conversation's scores after it; the first tutor turn names the scenario.
 */
export type Turn = {
  role: 'user' | 'assistant'
  content: string
  at?: string
  feedback?: FeedbackResponse
  /** Which layer `feedback` came from: `rules` (shown at once) until the LLM refinement (`llm`) replaces it. */
  feedbackLayer?: 'rules' | 'llm'
  /** The server's id for the turn (the learner message and the reply that answers it share it). */
  turnId?: string
  /** This message never reached the server (refused before the turn began); Retry sends it again. */
  unsent?: boolean
  score?: ScoreResponse
  scenario?: string
  model?: string
  /** The learner pressed stop; the reply is partial. */
  stopped?: boolean
  /** Generation failed; the message says why and the turn can be retried. */
  failed?: string
}

export type Conversation = {
  id: string
  title: string
  conversation: Turn[]
  created_at?: string
  updated_at?: string
}

const MAX_CONTENT = 4000

/** What the tutor sees: finished turns only (a failed reply is not history), trimmed to the contract's limits. */
export function chatMessages(turns: readonly Turn[]): ChatMessage[] {
  return turns
    .filter((t) => !t.failed && t.content.trim())
    .map((t) => ({ role: t.role, content: t.content.slice(0, MAX_CONTENT) }))
}

export function scenarioOf(turns: readonly Turn[]): string {
  return turns.find((t) => t.scenario)?.scenario ?? 'free-talk'
}

export function latestScore(turns: readonly Turn[]): ScoreResponse | undefined {
  for (let i = turns.length - 1; i >= 0; i--) if (turns[i]!.score) return turns[i]!.score
  return undefined
}

/** A title from the learner's first words, or the scenario's name before they have written anything. */
export function titleFor(turns: readonly Turn[], scenarioTitle: string): string {
  const first = turns
    .find((t) => t.role === 'user')
    ?.content.trim()
    .replace(/\s+/g, ' ')
  if (!first) return scenarioTitle
  return first.length > 60 ? `${first.slice(0, 57)}…` : first
}

/**
 * Reads a row from the API defensively: turns that are not `{role, content}` are dropped, not rendered, and the
 * reserved review-schedule row is not a conversation at all.
 */
export function normalizeConversation(raw: unknown): Conversation | undefined {
  const r = raw as Partial<Conversation> | undefined
  if (!r || typeof r.id !== 'string' || isReviewRow(r)) return undefined
  const turns = Array.isArray(r.conversation) ? r.conversation : []
  return {
    id: r.id,
    title: typeof r.title === 'string' ? r.title : 'Untitled',
    conversation: turns.filter(
      (t): t is Turn => (t?.role === 'user' || t?.role === 'assistant') && typeof t.content === 'string',
    ),
    created_at: r.created_at,
    updated_at: r.updated_at,
  }
}
