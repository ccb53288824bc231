export type { Identity } from './identity.js'
export { type AuthEnv, requireAuth } from './middleware.js'
export { createJwtVerifier, type JwtVerifier, type JwtVerifierOptions } from './verifier.js'
