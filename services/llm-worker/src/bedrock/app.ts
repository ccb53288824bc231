import { createBaseApp } from '@parley/core'
import { assumeJson } from '../http/assume-json.js'
import { ollamaErrorResponse } from '../http/errors.js'
import { bedrockCatalogueRoutes } from './catalogue-routes.js'
import type { BedrockWorkerDeps } from './deps.js'
import { bedrockInferenceRoutes } from './inference-routes.js'

/**
 * An llm-worker whose provider is Amazon Bedrock: the Ollama routes Parley uses (chat, generate, embed, embeddings,
 * tags, show, ps, version), with the self-hosted worker's schemas, errors and streaming, answered through Bedrock
 * Runtime. It sits in a region's LLM pool like any worker.
 */
export function createBedrockWorkerApp(deps: BedrockWorkerDeps) {
  const app = createBaseApp({ log: deps.log, metrics: deps.metrics })
  app.onError((err, c) => ollamaErrorResponse(err, c, deps.log))
  app.use('/api/*', assumeJson)
  return app
    .get('/', (c) => c.text('Ollama is running'))
    .route('/', bedrockCatalogueRoutes(deps))
    .route('/', bedrockInferenceRoutes(deps))
}

export type BedrockWorkerApp = ReturnType<typeof createBedrockWorkerApp>
