import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Identity } from '../src/identity.js'
import { createJwtVerifier } from '../src/index.js'
import { startTestIssuer, type TestIssuer } from '../src/testing.js'
import { verifiedTokenCache } from '../src/verified-cache.js'

let issuer: TestIssuer
beforeAll(async () => {
  issuer = await startTestIssuer({ clientId: 'web-client' })
})
afterAll(() => issuer.close())

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (err: { status?: number; message: string }) => `${err.status} ${err.message}`,
  )
const identity = (sub: string, expInSeconds: number): Identity => ({
  sub,
  tokenUse: 'id',
  groups: [],
  claims: { sub, exp: Date.now() / 1000 + expInSeconds },
})

describe('verifiedTokenCache', () => {
  test('remembers a token until its exp, and no longer', async () => {
    const cache = verifiedTokenCache(10)
    cache.set('token-a', identity('a', 0.3))
    expect(cache.get('token-a')?.sub).toBe('a')
    await sleep(400)
    expect(cache.get('token-a')).toBeUndefined()
  })

  test('never stores a token that has already expired', () => {
    const cache = verifiedTokenCache(10)
    cache.set('old', identity('old', -1))
    expect(cache.get('old')).toBeUndefined()
  })

  test('is bounded: the least recently used token goes first', () => {
    const cache = verifiedTokenCache(2)
    cache.set('t1', identity('1', 60))
    cache.set('t2', identity('2', 60))
    cache.get('t1')
    cache.set('t3', identity('3', 60))
    expect([cache.get('t1')?.sub, cache.get('t2')?.sub, cache.get('t3')?.sub]).toEqual(['1', undefined, '3'])
  })

  test('a different token (one character changed) is a different entry', () => {
    const cache = verifiedTokenCache(10)
    cache.set('header.payload.signature', identity('victim', 60))
    expect(cache.get('header.payload.signaturf')).toBeUndefined()
  })
})

// Attacks on the cache through the verifier: each token was first accepted (and so cached), then misused.
describe('a verifier with the cache', () => {
  test('a session revoked after its token was cached is refused on the next request', async () => {
    const revoked = new Set<string>()
    const v = createJwtVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      clientIds: ['web-client'],
      isRevoked: (id) => revoked.has(id.sessionId ?? ''),
    })
    const token = await issuer.sign({ claims: { origin_jti: 'session-1' } })
    expect(await outcome(v.verify(token))).toBe('accepted')
    expect(await outcome(v.verify(token))).toBe('accepted')
    revoked.add('session-1')
    expect(await outcome(v.verify(token))).toBe('401 Token has been revoked')
    expect(await outcome(v.verify(token))).toBe('401 Token has been revoked')
  })

  test('a cached token past its exp is refused (no leeway here, so the cache decides)', async () => {
    const v = createJwtVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      clientIds: ['web-client'],
      clockToleranceSeconds: 0,
    })
    const token = await issuer.sign({ expiresInSeconds: 1 })
    expect(await outcome(v.verify(token))).toBe('accepted')
    await sleep(2100)
    expect(await outcome(v.verify(token))).toBe('401 Token has expired')
  })

  test("a cached token does not vouch for a tampered copy, nor for another verifier's clients", async () => {
    const v = createJwtVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, clientIds: ['web-client'] })
    const token = await issuer.sign({ sub: 'victim' })
    expect(await outcome(v.verify(token))).toBe('accepted')
    const [header, payload, signature] = token.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'attacker' })).toString('base64url')
    expect(await outcome(v.verify(`${header}.${forged}.${signature}`))).toBe('401 Token signature is invalid')
    const other = createJwtVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, clientIds: ['cli-client'] })
    expect(await outcome(other.verify(token))).toBe('401 Token was issued for another client')
    const wrongIssuer = createJwtVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: 'https://elsewhere',
      clientIds: ['web-client'],
    })
    expect(await outcome(wrongIssuer.verify(token))).toBe('401 Token claim "iss" is invalid')
  })

  test('rejections are never cached: a bad token stays bad on every try', async () => {
    const v = createJwtVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, clientIds: ['web-client'] })
    const expired = await issuer.sign({ expiresInSeconds: -120 })
    for (let i = 0; i < 3; i++) expect(await outcome(v.verify(expired))).toBe('401 Token has expired')
  })

  test('verifiedCacheSize 0 turns the cache off and verification still works', async () => {
    const v = createJwtVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      clientIds: ['web-client'],
      verifiedCacheSize: 0,
    })
    const token = await issuer.sign({ sub: 'plain' })
    expect((await v.verify(token)).sub).toBe('plain')
    expect((await v.verify(token)).sub).toBe('plain')
  })
})
