import { commonEnv, env, loadConfig } from '@parley/core'
import { z } from 'zod'

/** Bedrock's chat model unless BEDROCK_MODEL_ID says otherwise: Amazon Nova Micro, text only, the cheapest Nova. */
export const DEFAULT_BEDROCK_MODEL_ID = 'amazon.nova-micro-v1:0'

/** Environment of an llm-worker run with `LLM_PROVIDER=bedrock` (names match the README's configuration table). */
export const bedrockWorkerEnv = {
  ...commonEnv,
  LLM_WORKER_PORT: env.port(11434),
  /** AWS region of the Bedrock Runtime endpoint. */
  BEDROCK_REGION: env.string('us-east-1'),
  /** Chat model (Converse / ConverseStream). */
  BEDROCK_MODEL_ID: env.string(DEFAULT_BEDROCK_MODEL_ID),
  /** Embedding model (InvokeModel): Titan Text Embeddings v2 or Cohere Embed v3. */
  BEDROCK_EMBED_MODEL_ID: env.string('amazon.titan-embed-text-v2:0'),
  /**
   * `name=bedrock-model-id` pairs: Ollama model names callers already use that this worker answers with a Bedrock
   * model, so it can sit in a pool beside self-hosted workers (or take over from them) without callers changing.
   */
  BEDROCK_MODEL_ALIASES: env.list([]),
  /** Runtime endpoint override (a VPC endpoint, or the local stand-in in tests); empty = the SDK's regional one. */
  BEDROCK_ENDPOINT: z.union([z.literal(''), z.url({ message: 'expected a URL' })]).default(''),
  /** SDK attempts per call (throttling and 5xx are retried with backoff by the SDK). */
  BEDROCK_MAX_ATTEMPTS: env.int(3, 1),
  /** Per call: connect and whole-request budget in ms (a stream's budget is for its first event). */
  BEDROCK_TIMEOUT_MS: env.int(60_000, 100),
  /** maxTokens when a request sets no num_predict (Bedrock models have their own, larger, caps). */
  BEDROCK_MAX_TOKENS: env.int(1024, 1),
  /** Context length /api/show reports for chat models (callers budget prompts with it). */
  BEDROCK_CONTEXT_LENGTH: env.int(32_768, 512),
  /** Embedding size asked of Titan v2 (256, 512 or 1024); must equal the conversations table's EMBED_DIM. */
  BEDROCK_EMBED_DIM: z.coerce
    .number()
    .refine((n) => [256, 512, 1024].includes(n), { message: 'expected 256, 512 or 1024 (Titan v2 sizes)' })
    .default(1024),
  /**
   * How `format` (a JSON schema) is asked for: `prompt` puts the schema in the system prompt (every model), while
   * `structured` uses Converse's outputConfig json_schema (only models with structured outputs; others refuse it).
   * The output is validated either way.
   */
  BEDROCK_JSON_MODE: z.enum(['structured', 'prompt']).default('prompt'),
}

export type BedrockWorkerConfig = ReturnType<typeof loadBedrockWorkerConfig>

export function loadBedrockWorkerConfig(source: Record<string, string | undefined> = process.env) {
  return loadConfig(bedrockWorkerEnv, source)
}
