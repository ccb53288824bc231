import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime'
import type { Logger } from '@parley/core'
import type { LlmMetrics } from '../metrics.js'
import type { BedrockCatalogue } from './catalogue.js'
import type { BedrockWorkerConfig } from './config.js'

/** What the Bedrock worker's app is built from. */
export type BedrockWorkerDeps = {
  client: BedrockRuntimeClient
  catalogue: BedrockCatalogue
  settings: Pick<
    BedrockWorkerConfig,
    | 'BEDROCK_MAX_TOKENS'
    | 'BEDROCK_TIMEOUT_MS'
    | 'BEDROCK_CONTEXT_LENGTH'
    | 'BEDROCK_EMBED_DIM'
    | 'BEDROCK_JSON_MODE'
    | 'BEDROCK_REGION'
  >
  log: Logger
  metrics?: LlmMetrics
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number
}
