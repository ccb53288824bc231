// The Bedrock provider's entry point: nothing here loads node-llama-cpp.
export { type BedrockWorkerApp, createBedrockWorkerApp } from './app.js'
export { BedrockCatalogue, type BedrockModel } from './catalogue.js'
export { createBedrockClient } from './client.js'
export {
  type BedrockWorkerConfig,
  bedrockWorkerEnv,
  DEFAULT_BEDROCK_MODEL_ID,
  loadBedrockWorkerConfig,
} from './config.js'
export type { BedrockWorkerDeps } from './deps.js'
export { mapBedrockError } from './errors.js'
export { type BedrockWorkerOverrides, createBedrockWorkerDeps, startBedrockWorker } from './start.js'
