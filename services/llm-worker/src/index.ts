export { createLlmWorkerApp, type LlmWorkerApp } from './app.js'
export { type LlmWorkerConfig, llmWorkerEnv, loadLlmWorkerConfig, modelsDirOf } from './config.js'
export type { LlmWorkerDeps } from './deps.js'
export { type MakeTestModelOptions, makeTestModel, RANDOM_WEIGHTS_KEY, type TestModelSize } from './gguf/test-model.js'
export { createLlmMetrics, type LlmMetrics } from './metrics.js'
export { pullLimitsOf } from './pull/limits.js'
export type { PullProgress } from './pull/progress.js'
export { Puller, type PullRequest } from './pull/puller.js'
export {
  GEMMA3,
  parleyCacheDir,
  REAL_MODELS,
  type RealModel,
  SMOLLM2,
  weightsPathOf,
} from './real-weights/catalogue.js'
export { type FetchedWeights, fetchRealWeights } from './real-weights/fetch.js'
export { importRealWeights } from './real-weights/import.js'
export { applyThreadPoll } from './runtime/llama.js'
export {
  buildNativeLlama,
  installNativeBuild,
  NATIVE_CMAKE_OPTIONS,
  nativeLayout,
  parleyLlamaPatches,
} from './runtime/native-build.js'
export { Scheduler, type SchedulerOptions } from './scheduler/scheduler.js'
export { createLlmWorkerDeps, type LlmWorkerOverrides, startLlmWorker } from './start.js'
export { DEMO_MODEL, ensureDemoModel } from './store/demo-model.js'
export { importModel } from './store/import-model.js'
export { ModelStore, type StoredModel } from './store/model-store.js'
export { type ModelTraits, modelTraits } from './store/model-traits.js'
export { displayName, parseModelName } from './store/names.js'
