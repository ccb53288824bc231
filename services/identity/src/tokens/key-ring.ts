import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto'
import { promisify } from 'node:util'
import type { Db } from '@parley/db'
import { calculateJwkThumbprint, type JWK } from 'jose'
import type { Clock } from '../clock.js'
import { signingKeysStore } from '../store/signing-keys.js'
import type { KeyEncryption } from './key-encryption.js'

const generateRsa = promisify(generateKeyPair)
// Another instance (or `parley admin rotate-keys`) may rotate the key; this is how stale a cached key may get.
const CACHE_MS = 60_000
// Serialises first-start key creation and rotation across processes sharing the database.
const KEY_LOCK = 7_331_006

export type SigningKey = { kid: string; privateKey: KeyObject }

/**
 * The pool's RS256 signing keys, persisted in the database. The newest is used to sign; retired keys stay in the
 * JWKS for `retainMs` (the longest token lifetime) so that tokens they signed keep verifying until they expire.
 */
export function keyRing(opts: { db: Db; clock: Clock; sealer: KeyEncryption; retainMs: number }) {
  const { db, clock, sealer } = opts
  let cached: { at: number; signing: SigningKey; jwks: { keys: JWK[] } } | undefined

  async function load() {
    const now = clock.now()
    if (cached && now - cached.at < CACHE_MS) return cached
    const store = signingKeysStore(db)
    const active = (await store.active()) ?? (await create(false))
    const published = await store.listPublishable(new Date(now - opts.retainMs))
    cached = {
      at: now,
      signing: { kid: active.kid, privateKey: createPrivateKey(sealer.open(active.privateKeyEnc)) },
      jwks: { keys: published.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: 'RS256', use: 'sig' }) as JWK) },
    }
    return cached
  }

  /** Makes a new key the active one; with `force` false it only does so when there is none (first start). */
  async function create(force: boolean) {
    const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 })
    const publicJwk = publicKey.export({ format: 'jwk' }) as JWK
    const kid = await calculateJwkThumbprint(publicJwk)
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    const key = { kid, publicJwk, privateKeyEnc: sealer.seal(pem), createdAt: new Date(clock.now()) }
    return db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [KEY_LOCK])
      const store = signingKeysStore(tx)
      const existing = await store.active()
      if (existing && !force) return existing
      await store.replaceActive(key)
      await store.deleteRetiredBefore(new Date(clock.now() - opts.retainMs))
      return { ...key, retiredAt: null }
    })
  }

  return {
    signingKey: async () => (await load()).signing,
    jwks: async () => (await load()).jwks,
    /** Retires the active key and starts signing with a new one; returns the new kid. */
    async rotate(): Promise<string> {
      const key = await create(true)
      cached = undefined
      return key.kid
    },
  }
}

export type KeyRing = ReturnType<typeof keyRing>
