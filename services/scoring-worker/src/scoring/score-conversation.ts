import {
  BadRequestError,
  ISSUE_CATEGORIES,
  type Logger,
  SCORE_ASPECTS,
  type ScoreAspect,
  type ScoreRequest,
  type ScoreResponse,
} from '@parley/core'
import type { Ollama } from 'ollama'
import { embedTexts } from '../embed/embedder.js'
import { chatJson, LlmLayerError } from '../llm/json-chat.js'
import { LlmRubric, scoreSystemPrompt, scoreUserPrompt } from '../prompts/score-prompt.js'
import type { RulesLinter } from '../rules/harper-linter.js'
import { cefrEstimate } from './cefr.js'
import { blend, measuredScores } from './formula.js'
import { justify } from './justifications.js'
import { answeredQuestionShare, embeddingSimilarity, lexicalSimilarity, replyPairs } from './responsiveness.js'
import { type IssueCounts, measureSignals, type Responsiveness } from './signals.js'

export type ScoreDeps = {
  rules: RulesLinter
  ollama: Ollama
  model: string
  embedModel: string
  maxTokens: number
  log: Logger
  onLlmFallback?: (reason: LlmLayerError['reason']) => void
}

/**
 * Nine aspect scores and a CEFR level for a conversation: measured signals, blended with the LLM's rubric
 * judgement when it answers well (docs/scoring.md). Without the LLM the scores are measured-only, `degraded: true`.
 */
export async function scoreConversation(req: ScoreRequest, seed: number, deps: ScoreDeps): Promise<ScoreResponse> {
  const learner = req.conversation.filter((m) => m.role === 'user' && m.content.trim().length > 0)
  if (learner.length === 0) throw new BadRequestError('conversation has no learner (user) turns to score')

  const issues = await countIssues(learner, deps.rules)
  const pairs = replyPairs(req.conversation)
  const [responsiveness, rubric] = await Promise.all([measureResponsiveness(pairs, deps), judge(req, seed, deps)])
  const signals = measureSignals(
    learner.map((m) => m.content),
    issues,
    responsiveness,
  )
  const measured = measuredScores(signals)
  const aspects = {} as ScoreResponse['aspects']
  for (const aspect of SCORE_ASPECTS) {
    const llm = rubric?.[aspect]
    aspects[aspect] = {
      score: blend(measured[aspect], llm),
      justification: justify(aspect, signals, measured[aspect], llm),
    }
  }
  const proficiency = mean(PROFICIENCY_ASPECTS.map((a) => aspects[a].score))
  return {
    aspects,
    cefr: cefrEstimate(proficiency, signals.learnerWords, rubric?.cefr),
    signals: roundAll(signals),
    degraded: rubric === undefined || !responsiveness.fromEmbeddings,
  }
}

/** Issues per category: the client's feedback when it sent it with the turn, otherwise the rules layer's. */
async function countIssues(learner: ScoreRequest['conversation'], rules: RulesLinter): Promise<IssueCounts> {
  const counts = Object.fromEntries(ISSUE_CATEGORIES.map((c) => [c, 0])) as IssueCounts
  for (const turn of learner) {
    const found = turn.feedback ? turn.feedback.issues : await rules.lint(turn.content)
    for (const issue of found) counts[issue.category]++
  }
  return counts
}

async function measureResponsiveness(pairs: ReturnType<typeof replyPairs>, deps: ScoreDeps): Promise<Responsiveness> {
  const answered = answeredQuestionShare(pairs)
  if (pairs.length === 0) return { pairs: 0, similarity: 0, fromEmbeddings: true, answeredQuestionShare: answered }
  try {
    const vectors = await embedTexts(
      deps.ollama,
      deps.embedModel,
      pairs.flatMap((p) => [p.tutor, p.learner]),
    )
    return {
      pairs: pairs.length,
      similarity: embeddingSimilarity(vectors),
      fromEmbeddings: true,
      answeredQuestionShare: answered,
    }
  } catch (err) {
    if (!(err instanceof LlmLayerError)) throw err
    deps.onLlmFallback?.(err.reason)
    deps.log.warn({ reason: err.reason, err: err.message }, 'embeddings failed; responsiveness from word overlap')
    return {
      pairs: pairs.length,
      similarity: lexicalSimilarity(pairs),
      fromEmbeddings: false,
      answeredQuestionShare: answered,
    }
  }
}

async function judge(req: ScoreRequest, seed: number, deps: ScoreDeps): Promise<LlmRubric | undefined> {
  try {
    return await chatJson(
      deps.ollama,
      LlmRubric,
      {
        model: deps.model,
        system: scoreSystemPrompt(),
        user: scoreUserPrompt(req.conversation),
        seed,
        maxTokens: deps.maxTokens,
      },
      deps.log,
    )
  } catch (err) {
    if (!(err instanceof LlmLayerError)) throw err
    deps.onLlmFallback?.(err.reason)
    deps.log.warn({ reason: err.reason, err: err.message }, 'score rubric failed; answering from measured signals')
    return undefined
  }
}

/** The aspects whose mean places the learner on the CEFR scale (docs/scoring.md). */
const PROFICIENCY_ASPECTS: ScoreAspect[] = ['vocabulary', 'grammar', 'written_fluency', 'coherence']

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

function roundAll(signals: object): Record<string, number> {
  return Object.fromEntries(Object.entries(signals).map(([k, v]) => [k, Math.round((v as number) * 1000) / 1000]))
}
