import { base64url, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createJwtVerifier, type JwtVerifier } from '../src/index.js'
import { startTestIssuer, type TestIssuer } from '../src/testing.js'

let issuer: TestIssuer
let verifier: JwtVerifier

beforeAll(async () => {
  issuer = await startTestIssuer({ clientId: 'web-client' })
  verifier = createJwtVerifier({
    jwksUrl: issuer.jwksUrl,
    issuer: issuer.issuer,
    clientIds: ['web-client', 'cli-client'],
    jwksCooldownMs: 0,
  })
})
afterAll(() => issuer.close())

const encode = (value: object) => base64url.encode(JSON.stringify(value))

async function rejection(token: string) {
  return verifier.verify(token).then(
    () => 'accepted',
    (err: { status?: number; message: string }) => ({ status: err.status, message: err.message }),
  )
}

describe('accepted tokens', () => {
  test('an ID token yields its subject, username and email', async () => {
    const token = await issuer.sign({ sub: 'u-42', claims: { email: 'a@example.com' } })
    const identity = await verifier.verify(token)
    expect(identity).toMatchObject({ sub: 'u-42', tokenUse: 'id', email: 'a@example.com', username: 'tester' })
    expect(identity.claims.aud).toBe('web-client')
  })

  test('an access token is matched by its client_id claim', async () => {
    const token = await issuer.sign({ sub: 'u-7', tokenUse: 'access', clientId: 'cli-client' })
    expect(await verifier.verify(token)).toMatchObject({ sub: 'u-7', tokenUse: 'access', username: 'tester' })
  })

  test('a token signed with a rotated key is accepted after a refetch of the key set', async () => {
    const before = issuer.jwksRequests()
    await issuer.rotateKey()
    const token = await issuer.sign({ sub: 'after-rotation' })
    expect((await verifier.verify(token)).sub).toBe('after-rotation')
    expect(issuer.jwksRequests()).toBe(before + 1)
  })
})

describe('rejected tokens get 401', () => {
  test('wrong signature (another key claiming the same kid)', async () => {
    const good = await issuer.sign()
    const { privateKey } = await generateKeyPair('RS256')
    const [header, payload] = good.split('.')
    const forged = await new SignJWT(JSON.parse(Buffer.from(payload!, 'base64url').toString()))
      .setProtectedHeader(JSON.parse(Buffer.from(header!, 'base64url').toString()))
      .sign(privateKey)
    expect(await rejection(forged)).toEqual({ status: 401, message: 'Token signature is invalid' })
  })

  test('tampered payload', async () => {
    const [header, , signature] = (await issuer.sign({ sub: 'victim' })).split('.')
    const now = Math.floor(Date.now() / 1000)
    const payload = encode({ sub: 'attacker', iss: issuer.issuer, aud: 'web-client', token_use: 'id', exp: now + 60 })
    expect(await rejection(`${header}.${payload}.${signature}`)).toMatchObject({ status: 401 })
  })

  test('wrong issuer', async () => {
    const token = await issuer.sign({ issuer: 'https://cognito-idp.us-east-1.amazonaws.com/other' })
    expect(await rejection(token)).toEqual({ status: 401, message: 'Token claim "iss" is invalid' })
  })

  test('wrong audience on an ID token', async () => {
    expect(await rejection(await issuer.sign({ clientId: 'someone-else' }))).toEqual({
      status: 401,
      message: 'Token was issued for another client',
    })
  })

  test('wrong client_id on an access token', async () => {
    const token = await issuer.sign({ tokenUse: 'access', clientId: 'someone-else' })
    expect(await rejection(token)).toMatchObject({ status: 401, message: 'Token was issued for another client' })
  })

  test('expired beyond the leeway', async () => {
    expect(await rejection(await issuer.sign({ expiresInSeconds: -120 }))).toEqual({
      status: 401,
      message: 'Token has expired',
    })
  })

  test('not yet valid (nbf in the future beyond the leeway)', async () => {
    expect(await rejection(await issuer.sign({ notBeforeSeconds: 600 }))).toMatchObject({ status: 401 })
  })

  test('alg none', async () => {
    const now = Math.floor(Date.now() / 1000)
    const claims = { sub: 'u', iss: issuer.issuer, aud: 'web-client', token_use: 'id', exp: now + 60 }
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`
    expect(await rejection(token)).toMatchObject({ status: 401 })
  })

  test('HS256 signed with a guessable secret', async () => {
    const token = await new SignJWT({ token_use: 'id' })
      .setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' })
      .setSubject('u')
      .setIssuer(issuer.issuer)
      .setAudience('web-client')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('public-key-material-as-secret'))
    expect(await rejection(token)).toEqual({ status: 401, message: 'Token algorithm is not allowed' })
  })

  test('malformed tokens', async () => {
    for (const token of ['', 'abc', 'a.b.c', `${encode({ alg: 'RS256' })}.not-json.sig`, 'x'.repeat(5000)]) {
      expect(await rejection(token)).toMatchObject({ status: 401 })
    }
  })

  test('wrong or missing token_use (e.g. a refresh token shape)', async () => {
    expect(await rejection(await issuer.sign({ claims: { token_use: 'refresh' } }))).toEqual({
      status: 401,
      message: 'Token is neither an ID nor an access token',
    })
    expect(await rejection(await issuer.sign({ claims: { token_use: undefined } }))).toMatchObject({ status: 401 })
  })

  test('a kid nobody published', async () => {
    expect(await rejection(await issuer.sign({ kid: 'unknown-kid' }))).toMatchObject({ status: 401 })
  })
})

test('an unreachable key set is a 503, not a 401', async () => {
  const offline = await startTestIssuer()
  const token = await offline.sign()
  await offline.close()
  const v = createJwtVerifier({ jwksUrl: offline.jwksUrl, issuer: offline.issuer, clientIds: [offline.clientId] })
  await expect(v.verify(token)).rejects.toMatchObject({ status: 503 })
})

test('a verifier without client ids is refused at construction', () => {
  expect(() => createJwtVerifier({ jwksUrl: 'http://127.0.0.1:1/jwks', issuer: 'x', clientIds: [] })).toThrow(
    /client id/,
  )
})
