import { createLogger, type RunningService, serveApp } from '@parley/core'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { createLlmMetrics } from '../metrics.js'
import { createBedrockWorkerApp } from './app.js'
import { BedrockCatalogue } from './catalogue.js'
import { createBedrockClient } from './client.js'
import type { BedrockWorkerConfig } from './config.js'
import type { BedrockWorkerDeps } from './deps.js'

export type BedrockWorkerOverrides = Partial<Omit<BedrockWorkerDeps, 'settings'>> & {
  port?: number
  /** Instead of the standard AWS chain (tests pass the stand-in's). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
}

export function createBedrockWorkerDeps(
  config: BedrockWorkerConfig,
  overrides: BedrockWorkerOverrides = {},
): BedrockWorkerDeps {
  return {
    log: overrides.log ?? createLogger({ name: 'llm-worker-bedrock', level: config.LOG_LEVEL }),
    metrics: overrides.metrics ?? createLlmMetrics(),
    client: overrides.client ?? createBedrockClient(config, overrides.credentials),
    catalogue:
      overrides.catalogue ??
      new BedrockCatalogue({
        chatModelId: config.BEDROCK_MODEL_ID,
        embedModelId: config.BEDROCK_EMBED_MODEL_ID,
        aliases: config.BEDROCK_MODEL_ALIASES,
      }),
    settings: config,
    maxBodyBytes: overrides.maxBodyBytes,
  }
}

/** Serves the Bedrock worker; `/healthz` names the provider and its models (it does not call Bedrock). */
export async function startBedrockWorker(
  config: BedrockWorkerConfig,
  overrides: BedrockWorkerOverrides = {},
): Promise<RunningService> {
  const deps = createBedrockWorkerDeps(config, overrides)
  return serveApp({
    name: 'llm-worker',
    app: createBedrockWorkerApp(deps),
    log: deps.log,
    metrics: deps.metrics,
    port: overrides.port ?? config.LLM_WORKER_PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    health: () => ({
      provider: 'bedrock',
      region: config.BEDROCK_REGION,
      models: deps.catalogue.list().map((m) => m.name),
      queue_depth: 0,
    }),
    onClose: async () => deps.client.destroy(),
  })
}
