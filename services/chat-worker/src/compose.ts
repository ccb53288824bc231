import { randomBytes } from 'node:crypto'
import {
  type GoalProgress,
  goalProgress,
  type Learner,
  type Scenario,
  ServiceUnavailableError,
  type TutorChatRequest,
} from '@parley/core'
import type { Message } from 'ollama'
import { splitHistory } from './history.js'
import { looksLikeInjection } from './injection.js'
import { guessLanguage } from './language.js'
import { openingTurn, type TutorSystemPrompt, tutorSystemPrompt, wrapLearnerMessage } from './prompts/index.js'
import type { Summary } from './summariser.js'
import { estimateMessageTokens, estimateTokens } from './tokens.js'

/** Tokens kept free beyond the estimates, for template overhead the estimate cannot see. */
const SAFETY_MARGIN = 64
/** The least history room worth sending; below it the context is simply too small for the conversation. */
const MIN_HISTORY_TOKENS = 64

export type TutorTurn = {
  messages: Message[]
  system: TutorSystemPrompt
  canary: string
  nonEnglish: boolean
  injectionSuspected: boolean
  /** Progress toward the scenario's goal (scenarios with goal steps). */
  goal?: GoalProgress
  history: { keptTurns: number; summarisedTurns: number; summary: 'none' | Summary['kind'] }
  /** Estimated real prompt tokens (already scaled by the token ratio). */
  promptTokensEstimate: number
  /** The same estimate in unscaled units, to compare with the real count and refine the ratio. */
  promptUnits: number
}

export type ComposeInput = {
  request: Pick<TutorChatRequest, 'messages'> & { learner: Learner }
  scenario: Scenario
  tutorName: string
  /** The context the model will run with. */
  contextTokens: number
  replyTokens: number
  /** Real tokens per estimated token for this model (see TokenRatios); budgets are computed in estimated units. */
  tokenRatio?: number
  /** Summarises the older turns in at most `maxTokens` estimated tokens. */
  summarise: (older: TutorChatRequest['messages'], maxTokens: number) => Promise<Summary>
  /** Injectable for tests; a fresh random code per request otherwise. */
  canary?: string
}

/** Builds what the model sees for the next tutor turn: system prompt, fitted history, learner text wrapped as data. */
export async function composeTutorTurn(input: ComposeInput): Promise<TutorTurn> {
  const { request, scenario, tutorName } = input
  const canary = input.canary ?? `prly${randomBytes(5).toString('hex')}`
  const last = request.messages.at(-1)
  const learnerText = last?.role === 'user' ? last.content : ''
  const nonEnglish = learnerText ? !guessLanguage(learnerText).english : false
  const injectionSuspected = learnerText ? looksLikeInjection(learnerText) : false
  const goal = goalProgress(
    scenario,
    request.messages.filter((m) => m.role === 'user').map((m) => m.content),
  )
  const promptFor = (summary?: string) =>
    tutorSystemPrompt({
      tutorName,
      learner: request.learner,
      scenario,
      summary,
      nonEnglish,
      injectionSuspected,
      goalJustMet: goal?.justMet ? scenario.goal : undefined,
      canary,
    })

  const opening = request.messages.length === 0 ? openingTurn(request.learner) : undefined
  const fixed = estimateTokens(promptFor().text) + (opening ? estimateMessageTokens([{ content: opening }]) : 0)
  const ratio = input.tokenRatio ?? 1
  const historyBudget = Math.floor((input.contextTokens - input.replyTokens - SAFETY_MARGIN) / ratio) - fixed
  if (historyBudget < MIN_HISTORY_TOKENS)
    throw new ServiceUnavailableError(
      `The model's context (${input.contextTokens} tokens) is too small for the tutor; raise CHAT_NUM_CTX or the model's context`,
    )
  const split = splitHistory(request.messages, historyBudget)
  const summary = split.older.length ? await input.summarise(split.older, split.summaryBudget) : undefined
  const system = promptFor(summary?.text || undefined)

  const messages: Message[] = [
    { role: 'system', content: system.text },
    ...split.kept.map((m) =>
      m.role === 'user'
        ? { role: 'user', content: wrapLearnerMessage(m.content) }
        : { role: 'assistant', content: m.content },
    ),
  ]
  if (opening) messages.push({ role: 'user', content: opening })
  return {
    messages,
    system,
    canary,
    nonEnglish,
    injectionSuspected,
    goal,
    history: {
      keptTurns: split.kept.length,
      summarisedTurns: split.older.length,
      summary: summary?.text ? summary.kind : 'none',
    },
    promptTokensEstimate: Math.ceil(estimateMessageTokens(messages) * ratio),
    promptUnits: estimateMessageTokens(messages),
  }
}
