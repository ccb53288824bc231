import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type { Identity } from './identity.js'

/**
 * Tokens whose signature and claims were already checked, so a client that sends the same bearer token on every
 * request pays for one RS256 verification, not one per request. Keyed by the token's SHA-256 (the token itself is
 * a credential and is never kept); each entry lives until the token's `exp` and no longer; bounded by LRU. Only
 * accepted tokens are stored, and the revocation check is not cached here: the verifier still asks it per request.
 */
export type VerifiedTokenCache = {
  get(token: string): Identity | undefined
  set(token: string, identity: Identity): void
  delete(token: string): void
}

export function verifiedTokenCache(maxEntries: number): VerifiedTokenCache {
  const cache = new LRUCache<string, Identity>({ max: maxEntries })
  const key = (token: string) => createHash('sha256').update(token).digest('base64url')
  return {
    get(token) {
      const k = key(token)
      const identity = cache.get(k)
      if (!identity) return undefined
      // Checked against the clock on every hit, not by a timer: an expired token is never served from here.
      if ((identity.claims.exp as number) * 1000 <= Date.now()) {
        cache.delete(k)
        return undefined
      }
      return identity
    },
    set(token, identity) {
      const ttl = (identity.claims.exp as number) * 1000 - Date.now()
      if (ttl > 0) cache.set(key(token), identity, { ttl })
    },
    delete(token) {
      cache.delete(key(token))
    },
  }
}
