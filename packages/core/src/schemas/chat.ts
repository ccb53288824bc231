import { z } from 'zod'
import { Learner } from './learner.js'
import { GoalProgress } from './scenario.js'

/** Longest single message a learner or tutor turn may carry, in characters. */
export const MAX_MESSAGE_CHARS = 4000
/** Most turns one request may carry; older turns beyond the model's budget are summarised by the chat worker. */
export const MAX_CONVERSATION_MESSAGES = 400

/** One turn of a conversation. `system` is never accepted from clients: the tutor's instructions are the server's. */
export const ChatMessage = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(MAX_MESSAGE_CHARS),
})
export type ChatMessage = z.infer<typeof ChatMessage>

/** Identifiers that travel in URLs and logs: letters, digits, `_`, `-`, `.`, `:` only. */
export const SafeId = z.string().regex(/^[\w.:-]{1,128}$/, { message: 'expected 1-128 letters, digits, _ - . or :' })

/** A scenario id as listed by GET /tutor/scenarios, e.g. `free-talk`, `job-interview`. */
export const ScenarioId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'expected a scenario id such as "free-talk"' })

/** Model names as Ollama spells them: `parley-tiny`, `llama3.2:1b`, `hf.co/org/repo:Q4_K_M`. */
export const ModelName = z
  .string()
  .regex(/^[\w.:/-]{1,200}$/, { message: 'expected a model name such as "llama3.2:1b"' })

/** POST /tutor/chat. An empty `messages` asks the tutor to open the scenario. */
export const TutorChatRequest = z.object({
  conversationId: SafeId,
  messages: z.array(ChatMessage).max(MAX_CONVERSATION_MESSAGES),
  learner: Learner,
  scenario: ScenarioId.default('free-talk'),
  model: ModelName.optional(),
})
export type TutorChatRequest = z.infer<typeof TutorChatRequest>
export type TutorChatRequestInput = z.input<typeof TutorChatRequest>

/** SSE `token`: the next piece of the tutor's reply. */
export const TutorTokenEvent = z.object({ text: z.string() })
export type TutorTokenEvent = z.infer<typeof TutorTokenEvent>

/** Why generation stopped: `filtered` means the output filter cut a reply that leaked the tutor's instructions. */
export const FinishReason = z.enum(['stop', 'length', 'filtered', 'aborted'])
export type FinishReason = z.infer<typeof FinishReason>

/** SSE `done`: the reply is complete; counts come from the LLM server, timings from the chat worker's clock. */
export const TutorDoneEvent = z.object({
  conversationId: SafeId,
  model: z.string(),
  scenario: ScenarioId,
  finishReason: FinishReason,
  /** The full reply as the learner should see it (after filtering), so clients need not re-join tokens. */
  reply: z.string(),
  tokens: z.object({
    prompt: z.number().int().nonnegative(),
    completion: z.number().int().nonnegative(),
  }),
  timings: z.object({
    /** From request received to first token sent. */
    firstTokenMs: z.number().nonnegative().nullable(),
    /** From request received to `done`. */
    totalMs: z.number().nonnegative(),
    /** As reported by the LLM server (Ollama's prompt_eval_duration / eval_duration), when it reports them. */
    promptEvalMs: z.number().nonnegative().optional(),
    evalMs: z.number().nonnegative().optional(),
  }),
  history: z.object({
    /** Turns sent to the model verbatim. */
    keptTurns: z.number().int().nonnegative(),
    /** Older turns folded into a summary to fit the model's context. */
    summarisedTurns: z.number().int().nonnegative(),
    /** `llm` when the model wrote the summary, `extractive` when the deterministic fallback did. */
    summary: z.enum(['none', 'llm', 'extractive']),
  }),
  /** True when the learner's last message looked like it was not English, so the tutor invited them to use English. */
  nonEnglish: z.boolean(),
  /** True when the learner's last message looked like an attempt to change the tutor's role or read its prompt. */
  injectionSuspected: z.boolean().optional(),
  /** Progress toward the scenario's goal, from the learner's messages (scenarios with goalSteps only). */
  goal: GoalProgress.optional(),
  /**
   * True when the model has random weights (a demo model, `parley model make-test`): the reply means nothing, and the
   * client should say so and point to a real model (`npm run models:real`, `parley model pull smollm2:135m`).
   */
  demoModel: z.boolean().optional(),
})
export type TutorDoneEvent = z.infer<typeof TutorDoneEvent>

/** SSE `error`: generation failed after the stream began (before it, the worker answers a JSON error instead). */
export const TutorErrorEvent = z.object({ code: z.string(), message: z.string() })
export type TutorErrorEvent = z.infer<typeof TutorErrorEvent>

/** The event names of the /tutor/chat stream, each with its payload schema. */
export const TutorChatEvents = { token: TutorTokenEvent, done: TutorDoneEvent, error: TutorErrorEvent } as const
export type TutorChatEventName = keyof typeof TutorChatEvents
