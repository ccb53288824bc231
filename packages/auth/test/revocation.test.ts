import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createJwtVerifier } from '../src/index.js'
import { startTestIssuer, type TestIssuer } from '../src/testing.js'

let issuer: TestIssuer
let listServer: Server
let listUrl: string
let revoked: string[] = []
let listUp = true

beforeAll(async () => {
  issuer = await startTestIssuer({ clientId: 'web-client' })
  // A revocation list as Parley identity serves it, over real HTTP.
  listServer = createServer((_req, res) => {
    if (!listUp) return void res.writeHead(503).end()
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ revoked }))
  })
  await new Promise<void>((resolve) => listServer.listen(0, '127.0.0.1', resolve))
  listUrl = `http://127.0.0.1:${(listServer.address() as AddressInfo).port}/pool/revocations`
})
afterAll(async () => {
  await issuer.close()
  await new Promise((r) => listServer.close(r))
})

const verifierWith = (extra: Partial<Parameters<typeof createJwtVerifier>[0]> = {}) =>
  createJwtVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, clientIds: ['web-client'], ...extra })
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (err: { status?: number; message: string }) => `${err.status} ${err.message}`,
  )

// Attack: a token minted with a clock set ahead, so that it outlives any expiry a verifier expects.
describe('issued-at', () => {
  test('a token issued in the future is refused; a few seconds of clock skew are allowed', async () => {
    const v = verifierWith()
    expect(await outcome(v.verify(await issuer.sign({ issuedAtOffsetSeconds: 600, expiresInSeconds: 7200 })))).toBe(
      '401 Token was issued in the future',
    )
    expect(await outcome(v.verify(await issuer.sign({ issuedAtOffsetSeconds: 10 })))).toBe('accepted')
  })
})

describe('groups', () => {
  test('cognito:groups becomes Identity.groups; absent or malformed is no group', async () => {
    const v = verifierWith()
    const admin = await v.verify(await issuer.sign({ claims: { 'cognito:groups': ['admin'] } }))
    expect(admin.groups).toEqual(['admin'])
    expect((await v.verify(await issuer.sign())).groups).toEqual([])
    expect((await v.verify(await issuer.sign({ claims: { 'cognito:groups': 'admin' } }))).groups).toEqual([])
  })
})

// Attack: using a token after its session signed out, changed its password or was deleted.
describe('revocation', () => {
  test("a token of a session on the identity service's list is refused; others pass", async () => {
    const v = verifierWith({ revocationsUrl: listUrl })
    const dead = await issuer.sign({ claims: { origin_jti: 'session-dead' } })
    const alive = await issuer.sign({ claims: { origin_jti: 'session-alive' } })
    expect(await outcome(v.verify(dead))).toBe('accepted')
    revoked = ['session-dead']
    // The list is cached for two seconds; a fresh verifier reads it now.
    const fresh = verifierWith({ revocationsUrl: listUrl })
    expect(await outcome(fresh.verify(dead))).toBe('401 Token has been revoked')
    expect(await outcome(fresh.verify(alive))).toBe('accepted')
  })

  test('an unreadable list fails closed (503), never open', async () => {
    listUp = false
    try {
      const v = verifierWith({ revocationsUrl: listUrl })
      expect(await outcome(v.verify(await issuer.sign({ claims: { origin_jti: 'x' } })))).toBe(
        '503 Revocation list is unavailable',
      )
    } finally {
      listUp = true
    }
  })

  test('the isRevoked hook replaces the list, and sees the identity', async () => {
    const seen: string[] = []
    const v = verifierWith({
      isRevoked: (identity) => {
        seen.push(identity.sessionId ?? '')
        return identity.sub === 'banned'
      },
    })
    expect(await outcome(v.verify(await issuer.sign({ sub: 'banned', claims: { origin_jti: 's1' } })))).toBe(
      '401 Token has been revoked',
    )
    expect(await outcome(v.verify(await issuer.sign({ sub: 'fine' })))).toBe('accepted')
    expect(seen).toEqual(['s1', ''])
  })
})
