import {
  AppError,
  type ChatMessage,
  type FeedbackResponse,
  MAX_CONVERSATION_MESSAGES,
  MAX_MESSAGE_CHARS,
  type ScoreResponse,
  type TutorTurnRequest,
} from '@parley/core'

/**
 * One turn as the api stores it. The api keeps extra fields as they come; these are the ones the turn endpoint
 * writes (the web app's `Turn` reads the same): learner turns carry their feedback, tutor turns the scores after them,
 * and the opening tutor turn names the scenario.
 */
export type StoredTurn = {
  role: 'user' | 'assistant' | 'system'
  content: string
  at?: string
  turnId?: string
  feedback?: FeedbackResponse
  /** Which layer the stored feedback came from: `rules` until the LLM refinement replaces it. */
  feedbackLayer?: 'rules' | 'llm'
  score?: ScoreResponse
  scenario?: string
  model?: string
  stopped?: boolean
  failed?: string
  [extra: string]: unknown
}

export type StoredConversation = { id: string; title: string; conversation: StoredTurn[] }

/** What one turn request amounts to, decided from the stored conversation before anything is written. */
export type TurnPlan = {
  kind: 'message' | 'opener' | 'reply'
  /** The conversation's turns as they must be stored before the tutor starts. */
  turns: StoredTurn[]
  /** False when the stored turns are already right (a repeated request, a reply to a stored message). */
  changed: boolean
  created: boolean
  title: string
  scenario: string
  /** The learner turn the reply answers, and whether it still needs feedback. */
  learner?: { turnId: string; text: string; context?: string; needsFeedback: boolean }
  /** What the tutor sees (finished turns only, within the contract's limits). */
  messages: ChatMessage[]
}

/**
 * Decides what a turn does with the stored conversation (`undefined`: none yet). With `text`, the learner's message
 * is appended, unless a turn with the same id is already stored (a retried request). Without it, the tutor opens an
 * empty conversation, answers a learner turn still waiting for its reply, or replaces a failed or stopped reply;
 * a conversation whose last turn is a finished reply has nothing to answer (409).
 */
export function planTurn(
  stored: StoredConversation | undefined,
  req: TutorTurnRequest,
  at: string,
  scenarioTitle: (id: string) => string,
): TurnPlan {
  let turns = [...(stored?.conversation ?? [])]
  let changed = !stored
  const scenario = turns.find((t) => t.scenario)?.scenario ?? req.scenario ?? 'free-talk'
  const repeated = req.text !== undefined && turns.some((t) => t.role === 'user' && t.turnId === req.turnId)

  if (req.text !== undefined && !repeated) {
    turns.push({ role: 'user', content: req.text, at, turnId: req.turnId })
    changed = true
  } else {
    const last = turns.at(-1)
    if (last?.role === 'assistant' && (last.failed !== undefined || last.stopped)) {
      turns = turns.slice(0, -1)
      changed = true
    } else if (last?.role === 'assistant' || last?.role === 'system')
      throw nothingToAnswer('the tutor has already answered; send a message first')
  }

  const lastIndex = turns.length - 1
  const lastTurn = turns[lastIndex]
  let learner: TurnPlan['learner']
  if (lastTurn?.role === 'user') {
    if (!lastTurn.turnId) {
      turns[lastIndex] = { ...lastTurn, turnId: req.turnId }
      changed = true
    }
    learner = {
      turnId: turns[lastIndex]!.turnId!,
      text: lastTurn.content.slice(0, MAX_MESSAGE_CHARS),
      context: turns
        .slice(0, lastIndex)
        .findLast((t) => t.role === 'assistant' && usable(t))
        ?.content.slice(0, MAX_MESSAGE_CHARS),
      needsFeedback: !lastTurn.feedback || lastTurn.feedbackLayer === 'rules',
    }
  }
  if (learner && !learner.text.trim()) throw nothingToAnswer('the last learner message is empty; send a message')

  const title = stored?.title ?? req.title ?? (learner ? titleFrom(learner.text) : scenarioTitle(scenario))
  return {
    kind: req.text !== undefined ? 'message' : learner ? 'reply' : 'opener',
    turns,
    changed,
    created: !stored,
    title,
    scenario,
    learner,
    messages: chatMessages(turns),
  }
}

/** A finished turn the tutor and the scorer may see: not failed, not blank, not a system line. */
export function usable(t: StoredTurn): t is StoredTurn & { role: 'user' | 'assistant' } {
  return (t.role === 'user' || t.role === 'assistant') && t.failed === undefined && t.content.trim() !== ''
}

/** The newest usable turns within the tutor contract's limits. */
export function chatMessages(turns: readonly StoredTurn[]): ChatMessage[] {
  return turns
    .filter(usable)
    .slice(-MAX_CONVERSATION_MESSAGES)
    .map((t) => ({ role: t.role, content: t.content.slice(0, MAX_MESSAGE_CHARS) }))
}

/** A title from the learner's first words. */
export function titleFrom(text: string): string {
  const words = text.trim().replace(/\s+/g, ' ')
  return words.length > 60 ? `${words.slice(0, 57)}…` : words
}

/**
 * Stores the tutor's reply right after the learner turn it answers (at the end for an opener), replacing an earlier
 * version of the same turn.
 */
export function withReply(turns: readonly StoredTurn[], reply: StoredTurn, answers?: string): StoredTurn[] {
  const out = turns.filter((t) => !(t.role === 'assistant' && t.turnId === reply.turnId))
  const after = answers ? out.findIndex((t) => t.role === 'user' && t.turnId === answers) : -1
  if (after < 0) return [...out, reply]
  out.splice(after + 1, 0, reply)
  return out
}

/** Puts feedback on a learner turn; a rules-only result never replaces the LLM refinement. */
export function withFeedback(
  turns: readonly StoredTurn[],
  turnId: string,
  feedback: FeedbackResponse,
  layer: 'rules' | 'llm',
): StoredTurn[] {
  return turns.map((t) =>
    t.role === 'user' && t.turnId === turnId && !(layer === 'rules' && t.feedbackLayer === 'llm')
      ? { ...t, feedback, feedbackLayer: layer }
      : t,
  )
}

/** Puts the conversation's scores on the tutor turn `turnId` (or the newest tutor turn when it has no id). */
export function withScore(turns: readonly StoredTurn[], turnId: string | undefined, score: ScoreResponse) {
  const index = turnId
    ? turns.findIndex((t) => t.role === 'assistant' && t.turnId === turnId)
    : turns.findLastIndex((t) => t.role === 'assistant')
  if (index < 0) return [...turns]
  const out = [...turns]
  out[index] = { ...out[index]!, score }
  return out
}

const nothingToAnswer = (message: string) => new AppError(409, 'nothing_to_answer', message)
