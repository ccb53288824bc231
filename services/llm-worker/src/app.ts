import { createBaseApp } from '@parley/core'
import type { LlmWorkerDeps } from './deps.js'
import { assumeJson } from './http/assume-json.js'
import { ollamaErrorResponse } from './http/errors.js'
import { embeddingRoutes } from './routes/embeddings.js'
import { generationRoutes } from './routes/generation.js'
import { modelRoutes } from './routes/models.js'
import { openAiRoutes } from './routes/openai.js'
import { pullRoutes } from './routes/pull.js'

/**
 * The LLM worker: Ollama's HTTP API (and its OpenAI-compatible /v1 adapters) over llama.cpp. One flat route table,
 * as in Ollama's routes.go; all inference goes through the one Scheduler in `deps`.
 */
export function createLlmWorkerApp(deps: LlmWorkerDeps) {
  const app = createBaseApp({ log: deps.log, metrics: deps.metrics })
  app.onError((err, c) => ollamaErrorResponse(err, c, deps.log))
  app.use('/api/*', assumeJson)
  app.use('/v1/*', assumeJson)
  return app
    .get('/', (c) => c.text('Ollama is running'))
    .route('/', modelRoutes(deps))
    .route('/', generationRoutes(deps))
    .route('/', embeddingRoutes(deps))
    .route('/', pullRoutes(deps))
    .route('/', openAiRoutes(deps))
}

export type LlmWorkerApp = ReturnType<typeof createLlmWorkerApp>
