export { createScoringWorkerApp, type ScoringWorkerApp, type ScoringWorkerDeps } from './app.js'
export { scoringWorkerEnv } from './config.js'
export { RulesLinter } from './rules/harper-linter.js'
export { type ScoringWorkerConfig, type ScoringWorkerOverrides, startScoringWorker } from './start.js'
