import { createBaseApp, silentLogger } from '@parley/core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createJwtVerifier, requireAuth } from '../src/index.js'
import { startTestIssuer, type TestIssuer } from '../src/testing.js'

let issuer: TestIssuer
let app: ReturnType<typeof buildApp>

function buildApp() {
  const verifier = createJwtVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, clientIds: [issuer.clientId] })
  const base = createBaseApp({ log: silentLogger() })
  const guarded = base.use('/me', requireAuth(verifier))
  return guarded.get('/me', (c) => c.json({ sub: c.var.identity.sub }))
}

beforeAll(async () => {
  issuer = await startTestIssuer()
  app = buildApp()
})
afterAll(() => issuer.close())

test('a valid bearer token reaches the handler with its identity', async () => {
  const res = await app.request('/me', { headers: { authorization: `Bearer ${await issuer.sign({ sub: 'abc' })}` } })
  expect(res.status).toBe(200)
  expect(await res.json()).toEqual({ sub: 'abc' })
})

test('the scheme is case-insensitive', async () => {
  const res = await app.request('/me', { headers: { authorization: `bearer ${await issuer.sign()}` } })
  expect(res.status).toBe(200)
})

test.each([
  ['no header', undefined],
  ['another scheme', 'Basic dXNlcjpwYXNz'],
  ['bearer without a token', 'Bearer '],
  ['a token that is not a JWT', 'Bearer not-a-jwt'],
  ['a JWT with garbage parts', 'Bearer aaa.bbb.ccc'],
])('%s gets 401 with a Bearer challenge and an error body', async (_, authorization) => {
  const res = await app.request('/me', { headers: authorization ? { authorization } : {} })
  expect(res.status).toBe(401)
  expect(res.headers.get('www-authenticate')).toBe('Bearer')
  expect(await res.json()).toMatchObject({ status: 'error', message: expect.any(String) })
})
