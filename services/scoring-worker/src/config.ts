import { commonEnv, env } from '@parley/core'
import { z } from 'zod'
import { DEFAULT_LLM_POLICY, LLM_POLICIES } from './feedback/llm-layer.js'

/** Environment of `parley scoring-worker`; every variable has a default that works offline on one machine. */
export const scoringWorkerEnv = {
  ...commonEnv,
  /** Port to listen on; 0 picks a free one. */
  SCORING_WORKER_PORT: env.port(11436),
  /** Base URL of the LLM pool: a Parley llm-worker, its load balancer, or any Ollama server. */
  SCORING_LLM_URL: env.string('http://127.0.0.1:11434').pipe(z.url({ message: 'expected a URL' })),
  /** Model that writes the LLM layer of /feedback and the rubric judgement of /score. */
  SCORING_MODEL: env.string('parley-tiny'),
  /** Model whose /api/embed vectors back /embed and the responsiveness signal. */
  EMBED_MODEL: env.string('parley-tiny'),
  /** Dimension of the vectors /embed returns (the conversations table stores this many). */
  EMBED_DIM: env.int(768, 1),
  /** How long one LLM call may take before the worker answers without it (degraded). */
  SCORING_LLM_TIMEOUT_MS: env.int(60_000, 1),
  /**
   * Most tokens the LLM may generate for one /feedback or /score judgement. The longest answer the /feedback schema
   * allows is about 650 tokens; at 512 SmolLM2's longer answers were cut (not valid JSON) and fell back to rules only.
   */
  SCORING_MAX_TOKENS: env.int(768, 16),
  /**
   * Which of the /feedback model's corrections are shown: `none` (default: it adds better words and tips only),
   * `small-edit` (one-word edits within two letters) or `all`. Measured in bench/quality; see docs/scoring.md.
   */
  SCORING_LLM_ISSUES: z.enum(LLM_POLICIES).default(DEFAULT_LLM_POLICY),
  /**
   * The /score rubric for a model under 1B parameters (`details.parameter_size`): `skip` (default: its answers were
   * degenerate on every measured call, so scores are measured-only, at once) or `ask` (to measure it again).
   */
  SCORING_RUBRIC_SMALL_MODELS: z.enum(['skip', 'ask']).default('skip'),
  /** Seed for LLM sampling when the request gives none, so the same input gives the same output. */
  SCORING_SEED: env.int(42),
}
