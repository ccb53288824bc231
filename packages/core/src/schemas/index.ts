// The HTTP contracts of the tutor (chat worker) and scoring worker, shared with the gateway, web app and CLI.
// Keep changes additive: other services parse these shapes.
export * from './chat.js'
export * from './embed.js'
export * from './feedback.js'
export * from './learner.js'
export * from './scenario.js'
export * from './score.js'
export * from './turn.js'
