import {
  AdminDeleteUserCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  DeleteUserCommand,
  GlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { apiEnv, startApi } from '@parley/api'
import { loadConfig, type RunningService } from '@parley/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { errorOf, STRONG, startTestPool, type TestPool } from './harness.js'

// Attack: keeping a token (or a copied session) working after its owner signed out, changed the password, was
// signed out by an admin or deleted. The api (a separate service over HTTP, on the same database as in `parley
// start`) must refuse it, and a deleted user's conversations must be gone.
let pool: TestPool
let api: RunningService
beforeAll(async () => {
  pool = await startTestPool()
  api = await startApi(
    loadConfig(apiEnv, {
      LOG_LEVEL: 'silent',
      API_PORT: '0',
      EMBED_DIM: '4',
      AUTH_ISSUER: pool.svc.issuer,
      AUTH_JWKS_URL: pool.svc.jwksUrl,
      AUTH_REVOCATIONS_URL: pool.svc.revocationsUrl,
      AUTH_CLIENT_IDS: pool.svc.clientId,
    }),
    { db: pool.db },
  )
})
afterAll(async () => {
  await api?.close()
  await pool?.close()
})

const listAt = (token: string, sub: string) =>
  fetch(`${api.url}/conversations/${sub}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)

/** The api caches the revocation list for two seconds: wait for the refusal, never past ten. */
async function eventuallyRefused(token: string, sub: string) {
  for (let i = 0; i < 50; i++) {
    const status = await listAt(token, sub)
    if (status === 401) return status
    await new Promise((r) => setTimeout(r, 200))
  }
  return listAt(token, sub)
}

const refresh = (refreshToken: string) => pool.refresh(refreshToken)

describe('revoked sessions at the api', () => {
  test('GlobalSignOut: ID and access tokens of every session are refused at once, not after their hour', async () => {
    const sub = await pool.newUser('signing-out@example.org')
    const laptop = await pool.signIn('signing-out@example.org')
    const phone = await pool.signIn('signing-out@example.org')
    expect(await listAt(laptop.accessToken, sub)).toBe(200)
    expect(await listAt(phone.idToken, sub)).toBe(200)
    await pool.client.send(new GlobalSignOutCommand({ AccessToken: phone.accessToken }))
    for (const token of [laptop.accessToken, laptop.idToken, phone.accessToken, phone.idToken])
      expect(await eventuallyRefused(token, sub)).toBe(401)
    const revoked = (await (await fetch(pool.svc.revocationsUrl)).json()) as { revoked: string[] }
    expect(revoked.revoked.length).toBeGreaterThanOrEqual(2)
    // A new sign-in is a new session, and works.
    expect(await listAt((await pool.signIn('signing-out@example.org')).accessToken, sub)).toBe(200)
  })

  test('ChangePassword ends the other sessions (refresh tokens and tokens) and keeps the one that changed it', async () => {
    const sub = await pool.newUser('changing@example.org')
    const mine = await pool.signIn('changing@example.org')
    const thief = await pool.signIn('changing@example.org')
    await pool.client.send(
      new ChangePasswordCommand({
        AccessToken: mine.accessToken,
        PreviousPassword: STRONG,
        ProposedPassword: 'Changed-Pass-42',
      }),
    )
    expect((await errorOf(() => refresh(thief.refreshToken))).message).toBe('Refresh Token has been revoked')
    expect(await eventuallyRefused(thief.accessToken, sub)).toBe(401)
    expect(await listAt(mine.accessToken, sub)).toBe(200)
    expect((await refresh(mine.refreshToken)).AuthenticationResult?.AccessToken).toBeTruthy()
  })

  test('AdminUserGlobalSignOut ends every session of the user', async () => {
    const sub = await pool.newUser('kicked@example.org')
    const session = await pool.signIn('kicked@example.org')
    await pool.client.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: pool.svc.poolId, Username: 'kicked@example.org' }),
    )
    expect((await errorOf(() => refresh(session.refreshToken))).message).toBe('Refresh Token has been revoked')
    expect(await eventuallyRefused(session.accessToken, sub)).toBe(401)
  })
})

describe('deleting a user', () => {
  const saveConversation = (token: string, sub: string, n: number) =>
    fetch(`${api.url}/conversations/${sub}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `00000000-0000-4000-8000-00000000000${n}`,
        title: `Chat ${n}`,
        conversation: [{ role: 'user', content: 'Hello' }],
      }),
    }).then((r) => r.status)
  const storedFor = async (sub: string) =>
    (await pool.db.query('SELECT id FROM conversations WHERE user_id = $1', [sub])).length

  test('DeleteUser deletes their conversations and refuses their tokens; other users keep theirs', async () => {
    const sub = await pool.newUser('leaving@example.org')
    const other = await pool.newUser('staying@example.org')
    const session = await pool.signIn('leaving@example.org')
    const otherSession = await pool.signIn('staying@example.org')
    expect(await saveConversation(session.accessToken, sub, 1)).toBe(201)
    expect(await saveConversation(session.accessToken, sub, 2)).toBe(201)
    expect(await saveConversation(otherSession.accessToken, other, 3)).toBe(201)
    await pool.client.send(new DeleteUserCommand({ AccessToken: session.accessToken }))
    expect(await storedFor(sub)).toBe(0)
    expect(await storedFor(other)).toBe(1)
    expect(await eventuallyRefused(session.idToken, sub)).toBe(401)
  })

  test('AdminDeleteUser does the same', async () => {
    const sub = await pool.newUser('removed@example.org')
    const session = await pool.signIn('removed@example.org')
    expect(await saveConversation(session.accessToken, sub, 4)).toBe(201)
    await pool.client.send(new AdminDeleteUserCommand({ UserPoolId: pool.svc.poolId, Username: 'removed@example.org' }))
    expect(await storedFor(sub)).toBe(0)
    expect(await eventuallyRefused(session.accessToken, sub)).toBe(401)
  })
})
