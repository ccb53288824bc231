import { randomBytes } from 'node:crypto'
import type { Learner, Scenario, TutorChatRequest } from '@parley/core'
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
  history: { keptTurns: number; summarisedTurns: number; summary: 'none' | Summary['kind'] }
  promptTokensEstimate: number
}

export type ComposeInput = {
  request: Pick<TutorChatRequest, 'messages'> & { learner: Learner }
  scenario: Scenario
  tutorName: string
  /** The context the model will run with. */
  contextTokens: number
  replyTokens: number
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
  const promptFor = (summary?: string) =>
    tutorSystemPrompt({
      tutorName,
      learner: request.learner,
      scenario,
      summary,
      nonEnglish,
      injectionSuspected,
      canary,
    })

  const opening = request.messages.length === 0 ? openingTurn(request.learner) : undefined
  const fixed = estimateTokens(promptFor().text) + (opening ? estimateMessageTokens([{ content: opening }]) : 0)
  const historyBudget = Math.max(MIN_HISTORY_TOKENS, input.contextTokens - input.replyTokens - fixed - SAFETY_MARGIN)
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
    history: {
      keptTurns: split.kept.length,
      summarisedTurns: split.older.length,
      summary: summary?.text ? summary.kind : 'none',
    },
    promptTokensEstimate: estimateMessageTokens(messages),
  }
}
