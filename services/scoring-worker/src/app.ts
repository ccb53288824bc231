import {
  BadRequestError,
  createBaseApp,
  EmbedRequest,
  type EmbedResponse,
  FeedbackRequest,
  type Logger,
  limitBody,
  type Metrics,
  ScoreRequest,
  ServiceUnavailableError,
  validate,
} from '@parley/core'
import type { Ollama } from 'ollama'
import { Counter } from 'prom-client'
import { conversationText, embedTexts } from './embed/embedder.js'
import { fitDimension } from './embed/fit-dimension.js'
import { giveFeedback } from './feedback/give-feedback.js'
import type { LlmPolicy } from './feedback/llm-layer.js'
import type { LlmLayerError } from './llm/json-chat.js'
import { ModelProbe } from './llm/model-probe.js'
import type { RulesLinter } from './rules/harper-linter.js'
import { scoreConversation } from './scoring/score-conversation.js'

export type ScoringWorkerDeps = {
  log: Logger
  metrics?: Metrics
  rules: RulesLinter
  ollama: Ollama
  model: string
  embedModel: string
  embedDim: number
  maxTokens: number
  seed: number
  /** False turns the LLM layer of /feedback off (rules only); /score and /embed still use the pool. */
  feedbackLlm?: boolean
  /** Which of the model's /feedback corrections are shown (default `none`: better words and tips only). */
  llmIssues?: LlmPolicy
  /** Whether the /score rubric is asked of a model under 1B parameters (default `skip`). */
  rubricSmallModels?: 'skip' | 'ask'
}

/** Feedback on one message is small; a whole conversation of 400 turns of 4,000 characters is not. */
const FEEDBACK_BODY_BYTES = 64 * 1024
const CONVERSATION_BODY_BYTES = 8 * 1024 * 1024

/** POST /feedback, /score and /embed. Bad input gets a 4xx; a failing LLM degrades the answer, never to a 500. */
export function createScoringWorkerApp(deps: ScoringWorkerDeps) {
  const fallbacks = deps.metrics ? fallbackCounter(deps.metrics) : undefined
  const onFallback = (endpoint: string) => (reason: LlmLayerError['reason']) => fallbacks?.inc({ endpoint, reason })
  const llm = {
    ollama: deps.ollama,
    model: deps.model,
    maxTokens: deps.maxTokens,
    log: deps.log,
    policy: deps.llmIssues,
  }
  const probe = new ModelProbe(deps.ollama)

  return createBaseApp(deps)
    .post('/feedback', limitBody(FEEDBACK_BODY_BYTES), validate('json', FeedbackRequest), async (c) => {
      const body = c.req.valid('json')
      const wantLlm = deps.feedbackLlm !== false && body.layer !== 'rules'
      const result = await giveFeedback(body, deps.seed, {
        rules: deps.rules,
        llm: wantLlm ? llm : undefined,
        randomWeights: wantLlm && (await probe.hasRandomWeights(deps.model)),
        log: deps.log,
        onLlmFallback: onFallback('feedback'),
      })
      return c.json(result)
    })
    .post('/score', limitBody(CONVERSATION_BODY_BYTES), validate('json', ScoreRequest), async (c) => {
      const body = c.req.valid('json')
      const result = await scoreConversation(body, body.seed ?? deps.seed, {
        ...llm,
        rules: deps.rules,
        embedModel: deps.embedModel,
        scoringModel: await probe.facts(deps.model),
        askSmallModel: deps.rubricSmallModels === 'ask',
        randomEmbeddings: await probe.hasRandomWeights(deps.embedModel),
        onLlmFallback: onFallback('score'),
      })
      return c.json(result)
    })
    .post('/embed', limitBody(CONVERSATION_BODY_BYTES), validate('json', EmbedRequest), async (c) => {
      const body = c.req.valid('json')
      const model = body.model ?? deps.embedModel
      const [raw] = await embedTexts(deps.ollama, model, [conversationText(body.conversation)]).catch(
        (err: LlmLayerError) => {
          if (err.reason === 'unknown_model')
            throw new BadRequestError(`unknown embedding model "${model}"`, 'unknown_model')
          throw new ServiceUnavailableError(`the embedding model is unavailable: ${err.message}`, 5)
        },
      )
      const { vector, fit } = fitDimension(raw!, deps.embedDim)
      const response: EmbedResponse = {
        embedding: vector,
        dimension: deps.embedDim,
        model,
        sourceDimension: raw!.length,
        fit,
      }
      return c.json(response)
    })
}

export type ScoringWorkerApp = ReturnType<typeof createScoringWorkerApp>

function fallbackCounter(metrics: Metrics): Counter<'endpoint' | 'reason'> {
  return new Counter({
    name: 'scoring_llm_fallbacks_total',
    help: 'Answers given without the LLM (rules or measured signals only), by endpoint and reason',
    labelNames: ['endpoint', 'reason'] as const,
    registers: [metrics.registry],
  })
}
