export { openIdentityAdmin } from './admin.js'
export { createIdentityApp, type IdentityApp, type IdentityDeps, type IdentitySettings } from './app.js'
export { type Clock, systemClock } from './clock.js'
export { type IdentityConfig, identityEnv } from './config.js'
export { type CodeMessage, type CodeSender, outboxFileName, outboxSender } from './delivery/code-sender.js'
export { isAlive, localAdminCredentials, runningService, type ServiceRecord } from './local-admin.js'
export {
  type IdentityOverrides,
  identitySettings,
  openIdentityStorage,
  type RunningIdentity,
  startIdentity,
} from './start.js'
