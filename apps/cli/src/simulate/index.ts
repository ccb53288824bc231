// `parley simulate`: synthetic learners that use a running Parley end to end through its public paths.
export { type IdentityTarget, type SignedIn, signInLearner } from './auth.js'
export { LEARNER_SENTENCES, syntheticLearner } from './learners.js'
export { formatSummary } from './report.js'
export { type SimulateOptions, type SimulationResult, simulate } from './run.js'
export type { SimSummary } from './stats.js'
export { postTurn, turnEvents } from './turn-stream.js'
