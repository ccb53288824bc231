export { type ApiApp, type ApiDeps, createApiApp } from './app.js'
export { type ApiConfig, type ApiLimits, apiEnv, limitsFromConfig } from './config.js'
export { ConversationId, ConversationMessage, requestSchemas } from './schemas.js'
export { type ApiOverrides, startApi } from './start.js'
