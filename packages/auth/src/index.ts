export { ADMIN_GROUP, type Identity } from './identity.js'
export { type AuthEnv, requireAuth } from './middleware.js'
export { type RevocationList, RevocationListUnavailable, revocationList } from './revocations.js'
export { createJwtVerifier, type JwtVerifier, type JwtVerifierOptions } from './verifier.js'
