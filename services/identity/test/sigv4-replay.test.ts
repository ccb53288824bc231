import { createHash } from 'node:crypto'
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { HttpRequest } from '@smithy/types'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ADMIN, startTestPool, type TestPool } from './harness.js'

let pool: TestPool
beforeAll(async () => {
  pool = await startTestPool()
})
afterAll(() => pool?.close())

type Captured = { headers: Record<string, string>; body: string }

/** The real SDK client with the admin credentials, whose every signed request is kept as it went on the wire. */
function capturingClient(captured: Captured[]) {
  const inner = new NodeHttpHandler()
  return new CognitoIdentityProviderClient({
    endpoint: pool.svc.url,
    region: 'us-east-1',
    credentials: ADMIN,
    maxAttempts: 1,
    requestHandler: {
      handle(request: HttpRequest) {
        captured.push({ headers: { ...request.headers }, body: String(request.body) })
        return inner.handle(request as Parameters<NodeHttpHandler['handle']>[0])
      },
    } as NodeHttpHandler,
  })
}

/** Sends `command` through a capturing client and returns the signed request as it went out. */
async function signedRequest(send: (client: CognitoIdentityProviderClient) => Promise<unknown>): Promise<Captured> {
  const captured: Captured[] = []
  const client = capturingClient(captured)
  try {
    await send(client)
  } finally {
    client.destroy()
  }
  return captured[0] as Captured
}

/** Sends a captured request again, with the headers it was signed with and whatever body the attacker wants. */
function replay(c: Captured, body: string, extraHeaders: Record<string, string> = {}) {
  const headers = { ...c.headers, ...extraHeaders }
  delete headers['content-length']
  return fetch(`${pool.svc.url}/`, { method: 'POST', headers, body })
}

const errorType = async (res: Response) => ((await res.json()) as { __type: string }).__type

// Attack: someone who saw one signed Admin* request (a log, a proxy) sending it again, or with another body.
describe('signed Admin* requests', () => {
  test('a captured AdminDeleteUser replayed with another username deletes nobody', async () => {
    await pool.newUser('first-victim@example.org')
    await pool.newUser('other-victim@example.org')
    const signed = await signedRequest((c) =>
      c.send(new AdminDeleteUserCommand({ UserPoolId: pool.svc.poolId, Username: 'first-victim@example.org' })),
    )

    const forged = JSON.stringify({ UserPoolId: pool.svc.poolId, Username: 'other-victim@example.org' })
    // The header that used to stand in for hashing the body: the hash of the body that was signed.
    const claimedHash = createHash('sha256').update(signed.body).digest('hex')
    const extras: Record<string, string>[] = [{}, { 'x-amz-content-sha256': claimedHash }]
    for (const extra of extras) {
      const res = await replay(signed, forged, extra)
      expect(res.status).toBe(400)
      expect(await errorType(res)).toBe('InvalidSignatureException')
    }
    const still = await pool.client.send(
      new AdminGetUserCommand({ UserPoolId: pool.svc.poolId, Username: 'other-victim@example.org' }),
    )
    expect(still.UserStatus).toBe('CONFIRMED')
  })

  test('the very same signed request is accepted once, and refused when sent again', async () => {
    await pool.newUser('looked-up@example.org')
    const signed = await signedRequest((c) =>
      c.send(new AdminGetUserCommand({ UserPoolId: pool.svc.poolId, Username: 'looked-up@example.org' })),
    )
    const again = await replay(signed, signed.body)
    expect(again.status).toBe(400)
    expect(await errorType(again)).toBe('InvalidSignatureException')
    // A freshly signed request still works.
    const fresh = await pool.client.send(
      new AdminGetUserCommand({ UserPoolId: pool.svc.poolId, Username: 'looked-up@example.org' }),
    )
    expect(fresh.UserStatus).toBe('CONFIRMED')
  })

  test('a signature for another service, or with a header changed after signing, is refused', async () => {
    const signed = await signedRequest((c) =>
      c.send(new AdminGetUserCommand({ UserPoolId: pool.svc.poolId, Username: 'looked-up@example.org' })),
    )
    const otherService = signed.headers.authorization?.replace('/cognito-idp/', '/s3/') as string
    expect(await errorType(await replay(signed, signed.body, { authorization: otherService }))).toBe(
      'InvalidSignatureException',
    )
    const retargeted = { 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminDeleteUser' }
    expect(await errorType(await replay(signed, signed.body, retargeted))).toBe('InvalidSignatureException')
  })
})
