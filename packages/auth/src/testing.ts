import type { webcrypto } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose'

/** Claims and header tweaks for a test token; `tokenUse` picks the Cognito token shape. */
export type TestTokenOptions = {
  sub?: string
  tokenUse?: 'id' | 'access'
  clientId?: string
  issuer?: string
  expiresInSeconds?: number
  notBeforeSeconds?: number
  /** Moves `iat` from now (a token "issued" in the future has a positive offset). */
  issuedAtOffsetSeconds?: number
  kid?: string
  claims?: JWTPayload
}

export type TestIssuer = {
  issuer: string
  jwksUrl: string
  clientId: string
  /** Signs a Cognito-shaped RS256 token with the issuer's published key. */
  sign(opts?: TestTokenOptions): Promise<string>
  /** Publishes a new key (as a rotation would) and makes `sign` use it. */
  rotateKey(): Promise<void>
  /** How many times the JWKS was fetched, to see caching and refetching. */
  jwksRequests(): number
  close(): Promise<void>
}

type SigningKey = { kid: string; privateKey: webcrypto.CryptoKey; publicJwk: JWK }

async function newKey(n: number): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const kid = `test-key-${n}`
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } }
}

/**
 * A real local token issuer for tests: an HTTP server on 127.0.0.1 publishing a JWKS at
 * `<issuer>/.well-known/jwks.json`, the layout Cognito and Parley's identity service use.
 */
export async function startTestIssuer(opts: { clientId?: string; poolId?: string } = {}): Promise<TestIssuer> {
  const keys = [await newKey(1)]
  let requests = 0
  const poolId = opts.poolId ?? 'local_testpool'
  const server = createServer((req, res) => {
    if (req.url === `/${poolId}/.well-known/jwks.json`) {
      requests++
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }))
      return
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${poolId}`
  const clientId = opts.clientId ?? 'test-client'

  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    clientId,
    async sign(t = {}) {
      const key = keys[keys.length - 1]!
      const now = Math.floor(Date.now() / 1000)
      const tokenUse = t.tokenUse ?? 'id'
      const audience = t.clientId ?? clientId
      const claims: JWTPayload = {
        token_use: tokenUse,
        ...(tokenUse === 'access' ? { client_id: audience, username: 'tester' } : { 'cognito:username': 'tester' }),
        ...t.claims,
      }
      let jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: t.kid ?? key.kid })
        .setSubject(t.sub ?? 'user-1')
        .setIssuer(t.issuer ?? issuer)
        .setIssuedAt(now + (t.issuedAtOffsetSeconds ?? 0))
        .setExpirationTime(now + (t.expiresInSeconds ?? 3600))
      if (tokenUse === 'id') jwt = jwt.setAudience(audience)
      if (t.notBeforeSeconds !== undefined) jwt = jwt.setNotBefore(now + t.notBeforeSeconds)
      return jwt.sign(key.privateKey)
    },
    async rotateKey() {
      keys.push(await newKey(keys.length + 1))
    },
    jwksRequests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
