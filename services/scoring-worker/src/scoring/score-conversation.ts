import {
  BadRequestError,
  CEFR_LEVELS,
  ISSUE_CATEGORIES,
  isSmallModel,
  type Logger,
  SCORE_ASPECTS,
  type ScoreRequest,
  type ScoreResponse,
} from '@parley/core'
import type { Ollama } from 'ollama'
import { embedTexts } from '../embed/embedder.js'
import { chatJson, LlmLayerError } from '../llm/json-chat.js'
import type { ModelFacts } from '../llm/model-probe.js'
import { LlmRubric, scoreSystemPrompt, scoreUserPrompt } from '../prompts/score-prompt.js'
import type { RulesLinter } from '../rules/harper-linter.js'
import { modelLevelProbabilities, smoothLevel, withEvidence } from './cefr.js'
import { featureValues } from './features.js'
import { measuredScores } from './formula.js'
import { justify } from './justifications.js'
import { cappedTurns, type TurnFindings } from './level-evidence.js'
import {
  answeredQuestionShare,
  clarificationShare,
  contrastiveSimilarity,
  embeddingSimilarity,
  lexicalSimilarity,
  questionsAsked,
  replyPairs,
} from './responsiveness.js'
import { boundedBlend, nudgeLevel, vetRubric } from './rubric-bounds.js'
import { type IssueCounts, measureSignals, type Responsiveness } from './signals.js'

export type ScoreDeps = {
  rules: RulesLinter
  ollama: Ollama
  model: string
  embedModel: string
  maxTokens: number
  log: Logger
  onLlmFallback?: (reason: LlmLayerError['reason']) => void
  /** What /api/show says about `model`: random weights or under 1B parameters, and the rubric is not asked. */
  scoringModel?: ModelFacts
  /** Ask the rubric of a model under 1B parameters all the same (SCORING_RUBRIC_SMALL_MODELS=ask, to measure it). */
  askSmallModel?: boolean
  /** `embedModel` has random weights: responsiveness comes from word overlap, not meaningless vectors. */
  randomEmbeddings?: boolean
}

/**
 * Nine aspect scores and a CEFR level for a conversation (docs/scoring.md): calibrated measured signals, moved by the
 * LLM's rubric only when its answer passes vetting and only by a bounded amount; the level from a fitted model over
 * capped turns, smoothed with the learner's history. Without the LLM the scores are measured-only.
 */
export async function scoreConversation(req: ScoreRequest, seed: number, deps: ScoreDeps): Promise<ScoreResponse> {
  const learner = req.conversation.filter((m) => m.role === 'user' && m.content.trim().length > 0)
  if (learner.length === 0) throw new BadRequestError('conversation has no learner (user) turns to score')

  const turns = await findIssues(learner, deps.rules)
  const pairs = replyPairs(req.conversation)
  const [responsiveness, rubric] = await Promise.all([measureResponsiveness(pairs, deps), judge(req, seed, deps)])
  const signals = measureSignals(
    turns.map((t) => t.text),
    countByCategory(turns),
    responsiveness,
  )
  const measured = measuredScores(signals)
  const verdict = rubric ? vetRubric(rubric, measured) : undefined
  const used = verdict?.ok ? rubric : undefined

  const aspects = {} as ScoreResponse['aspects']
  let maxSwing = 0
  for (const aspect of SCORE_ASPECTS) {
    const score = boundedBlend(measured[aspect], used?.[aspect])
    maxSwing = Math.max(maxSwing, Math.abs(score - Math.round(measured[aspect])))
    aspects[aspect] = justify(aspect, {
      signals,
      measured: measured[aspect],
      score,
      rubric: used?.[aspect],
      turns,
      pairs,
    })
  }

  // The level reads capped turns, so one long message weighs no more than two typical ones.
  const capped = cappedTurns(turns)
  const levelSignals = measureSignals(
    capped.map((t) => t.text),
    countByCategory(capped),
    responsiveness,
  )
  let model = modelLevelProbabilities(featureValues(levelSignals))
  if (used) model = nudgeLevel(model, CEFR_LEVELS.indexOf(used.cefr))
  // Shrunk after the rubric's nudge, so the rubric's pull on the level does not grow as the evidence gets thinner.
  const probabilities = withEvidence(model, { words: levelSignals.learnerWords, sentences: levelSignals.sentences })
  const level = smoothLevel(probabilities, levelSignals.learnerWords, req.history)

  const skipped = rubricSkip(deps.scoringModel, deps.askSmallModel)
  const failed = rubric === undefined && !skipped
  return {
    aspects,
    cefr: level,
    signals: roundAll(signals),
    rubric: skipped
      ? { status: 'skipped', reason: skipped.reason, maxSwing: 0 }
      : rubric === undefined
        ? { status: 'unavailable', maxSwing: 0 }
        : verdict?.ok
          ? { status: 'used', maxSwing }
          : { status: 'rejected', reason: verdict?.ok === false ? verdict.reason : undefined, maxSwing: 0 },
    degraded: failed || (!deps.randomEmbeddings && !responsiveness.fromEmbeddings),
    llm: skipped ? skipped.state : failed ? 'failed' : 'used',
  }
}

/**
 * Why the rubric is not asked, if it is not: a random-weight model's text means nothing, and a model under 1B
 * parameters (core's isSmallModel, the chat worker's rule for scripted openings) answered it degenerately on every
 * measured call (SmolLM2-135M, Gemma-3-270M: all nine aspects alike, rejected) while taking 28–37 s.
 */
export function rubricSkip(
  model: ModelFacts | undefined,
  askSmallModel = false,
): { state: 'skipped_random_weights' | 'skipped_small_model'; reason: string } | undefined {
  if (model?.randomWeights) return { state: 'skipped_random_weights', reason: 'the scoring model has random weights' }
  if (model && !askSmallModel && isSmallModel(model.parameters))
    return {
      state: 'skipped_small_model',
      reason: `the scoring model has ${Math.round(model.parameters! / 1e6)}M parameters, under 1B: its rubric is not trusted`,
    }
  return undefined
}

/** Issues per turn: the client's feedback when it sent it with the turn, otherwise the rules layer's. */
async function findIssues(learner: ScoreRequest['conversation'], rules: RulesLinter): Promise<TurnFindings[]> {
  const out: TurnFindings[] = []
  for (const turn of learner) {
    const issues = turn.feedback ? turn.feedback.issues : await rules.lint(turn.content)
    out.push({ text: turn.content, issues })
  }
  return out
}

function countByCategory(turns: TurnFindings[]): IssueCounts {
  const counts = Object.fromEntries(ISSUE_CATEGORIES.map((c) => [c, 0])) as IssueCounts
  for (const turn of turns) for (const issue of turn.issues) counts[issue.category as keyof IssueCounts]++
  return counts
}

async function measureResponsiveness(pairs: ReturnType<typeof replyPairs>, deps: ScoreDeps): Promise<Responsiveness> {
  const conversational = {
    answeredQuestionShare: answeredQuestionShare(pairs),
    questionsAsked: questionsAsked(pairs),
    clarificationShare: clarificationShare(pairs),
    lexicalOverlap: lexicalSimilarity(pairs),
  }
  if (pairs.length === 0) return { pairs: 0, similarity: 0, fromEmbeddings: true, ...conversational }
  const lexical = (): Responsiveness => ({
    pairs: pairs.length,
    similarity: conversational.lexicalOverlap,
    fromEmbeddings: false,
    ...conversational,
  })
  if (deps.randomEmbeddings) return lexical()
  try {
    const vectors = await embedTexts(
      deps.ollama,
      deps.embedModel,
      pairs.flatMap((p) => [p.tutor, p.learner]),
    )
    return {
      pairs: pairs.length,
      similarity: embeddingSimilarity(vectors),
      contrast: contrastiveSimilarity(vectors) ?? 0,
      fromEmbeddings: true,
      ...conversational,
    }
  } catch (err) {
    if (!(err instanceof LlmLayerError)) throw err
    deps.onLlmFallback?.(err.reason)
    deps.log.warn({ reason: err.reason, err: err.message }, 'embeddings failed; responsiveness from word overlap')
    return lexical()
  }
}

async function judge(req: ScoreRequest, seed: number, deps: ScoreDeps): Promise<LlmRubric | undefined> {
  if (rubricSkip(deps.scoringModel, deps.askSmallModel)) return undefined
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

function roundAll(signals: object): Record<string, number> {
  return Object.fromEntries(Object.entries(signals).map(([k, v]) => [k, Math.round((v as number) * 1000) / 1000]))
}
