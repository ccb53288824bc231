import { generateKeyPairSync } from 'node:crypto'
import { createJwtVerifier } from '@parley/auth'
import { JwtRsaVerifier } from 'aws-jwt-verify'
import { SimpleJwksCache } from 'aws-jwt-verify/jwk'
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestPool, type TestPool } from './harness.js'

let pool: TestPool
let sub: string
let tokens: Awaited<ReturnType<TestPool['signIn']>>
beforeAll(async () => {
  pool = await startTestPool()
  sub = await pool.newUser('tokens@example.org')
  tokens = await pool.signIn('tokens@example.org')
})
afterAll(() => pool?.close())

// aws-jwt-verify fetches over https only; this fetcher lets it read the JWKS from the test server over plain http.
const httpJwksCache = () =>
  new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } })

describe('tokens', () => {
  test('the ID token verifies with aws-jwt-verify against the JWKS and carries Cognito claims', async () => {
    const verifier = JwtRsaVerifier.create(
      { issuer: pool.svc.issuer, audience: pool.svc.clientId, jwksUri: pool.svc.jwksUrl },
      { jwksCache: httpJwksCache() },
    )
    const claims = await verifier.verify(tokens.idToken)
    expect(claims).toMatchObject({
      sub,
      email: 'tokens@example.org',
      email_verified: true,
      name: 'Test Learner',
      aud: pool.svc.clientId,
      token_use: 'id',
      'cognito:username': sub,
      iss: `${pool.svc.url}/us-east-1_PaRlEyDev`,
    })
    for (const claim of ['auth_time', 'exp', 'iat', 'jti', 'origin_jti']) expect(claims).toHaveProperty(claim)
    expect((claims.exp as number) - (claims.iat as number)).toBe(pool.config.IDENTITY_ID_TOKEN_TTL_S)
    expect(decodeProtectedHeader(tokens.idToken).alg).toBe('RS256')
  })

  test('the access token verifies too, with client_id, scope and username', async () => {
    const verifier = JwtRsaVerifier.create(
      {
        issuer: pool.svc.issuer,
        audience: null,
        jwksUri: pool.svc.jwksUrl,
        customJwtCheck: ({ payload }) => {
          if (payload.token_use !== 'access' || payload.client_id !== pool.svc.clientId) throw new Error('not ours')
        },
      },
      { jwksCache: httpJwksCache() },
    )
    const claims = await verifier.verify(tokens.accessToken)
    expect(claims).toMatchObject({
      sub,
      client_id: pool.svc.clientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: sub,
    })
    for (const claim of ['auth_time', 'exp', 'iat', 'jti']) expect(claims).toHaveProperty(claim)
    expect(claims.jti).not.toBe(decodeJwt(tokens.idToken).jti)
    expect(claims.origin_jti).toBe(decodeJwt(tokens.idToken).origin_jti)
  })

  test("the API's verifier (@parley/auth) accepts both tokens", async () => {
    const verifier = createJwtVerifier({
      jwksUrl: pool.svc.jwksUrl,
      issuer: pool.svc.issuer,
      clientIds: [pool.svc.clientId],
    })
    expect(await verifier.verify(tokens.idToken)).toMatchObject({ sub, tokenUse: 'id', email: 'tokens@example.org' })
    expect(await verifier.verify(tokens.accessToken)).toMatchObject({ sub, tokenUse: 'access', username: sub })
  })

  test('a token signed with any other key is refused', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const { kid } = decodeProtectedHeader(tokens.idToken)
    const forged = await new SignJWT({ ...decodeJwt(tokens.idToken) })
      .setProtectedHeader({ alg: 'RS256', kid })
      .sign(privateKey)
    const verifier = createJwtVerifier({
      jwksUrl: pool.svc.jwksUrl,
      issuer: pool.svc.issuer,
      clientIds: [pool.svc.clientId],
    })
    await expect(verifier.verify(forged)).rejects.toThrow(/signature/i)
  })

  test('discovery and JWKS describe the issuer, publish public halves only, and only under this pool id', async () => {
    const discovery = (await (await fetch(`${pool.svc.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >
    expect(discovery.issuer).toBe(pool.svc.issuer)
    expect(discovery.jwks_uri).toBe(pool.svc.jwksUrl)
    const jwks = (await (await fetch(pool.svc.jwksUrl)).json()) as { keys: Record<string, unknown>[] }
    expect(jwks.keys).toHaveLength(1)
    expect(jwks.keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: decodeProtectedHeader(tokens.idToken).kid,
    })
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwks.keys[0]).not.toHaveProperty(secret)
    expect((await fetch(`${pool.svc.url}/us-east-1_Other/.well-known/jwks.json`)).status).toBe(404)
    expect((await fetch(`${pool.svc.url}/us-east-1_PaRlEyDev/.well-known/..%2f..%2fpackage.json`)).status).toBe(404)
  })

  test('signing keys are stored encrypted, never as a PEM', async () => {
    const rows = await pool.db.query<{ private_key_enc: string }>('SELECT private_key_enc FROM identity_signing_keys')
    expect(rows).toHaveLength(1)
    expect(rows[0]?.private_key_enc).toMatch(/^v1\./)
    expect(rows[0]?.private_key_enc).not.toContain('PRIVATE KEY')
  })
})
