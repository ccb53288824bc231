import { loadConfig } from '@parley/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CodeMessage, identityEnv, type RunningIdentity, startIdentity } from '../src/index.js'
import { errorOf, STRONG, startTestPool, type TestPool } from './harness.js'

let pool: TestPool
beforeAll(async () => {
  pool = await startTestPool({
    // Above the four sign-ups the other tests make from loopback.
    IDENTITY_MAX_SIGNUPS_PER_IP: '5',
    IDENTITY_MAX_FAILURES_PER_IP: '4',
    IDENTITY_TRUSTED_PROXIES: 'loopback',
  })
})
afterAll(() => pool?.close())

const call = (op: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${pool.svc.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${op}`,
      ...headers,
    },
    body: JSON.stringify(body),
  }).then(async (r) => (r.ok ? 'ok' : ((await r.json()) as { __type: string }).__type))
const signUpBody = (email: string, password = STRONG) => ({
  ClientId: pool.svc.clientId,
  Username: email,
  Password: password,
  UserAttributes: [
    { Name: 'email', Value: email },
    { Name: 'name', Value: 'N' },
  ],
})
const signInBody = (email: string, password: string) => ({
  ClientId: pool.svc.clientId,
  AuthFlow: 'USER_PASSWORD_AUTH',
  AuthParameters: { USERNAME: email, PASSWORD: password },
})
const from = (ip: string) => ({ 'x-forwarded-for': ip })

// Attack: one client creating accounts in bulk (or probing which emails exist).
test('SignUp is limited per client IP', async () => {
  for (let i = 0; i < 5; i++)
    expect(await call('SignUp', signUpBody(`bulk-${i}@example.org`), from('203.0.113.5'))).toBe('ok')
  expect(await call('SignUp', signUpBody('bulk-5@example.org'), from('203.0.113.5'))).toBe('TooManyRequestsException')
  expect(await call('SignUp', signUpBody('elsewhere@example.org'), from('198.51.100.7'))).toBe('ok')
})

// Attack: a client behind the trusted proxy locking everyone behind it out; a direct client naming its own IP.
describe('per-IP limits key on the real client', () => {
  test("one client's failures behind a trusted proxy do not throttle another client behind it", async () => {
    await pool.newUser('bystander@example.org')
    for (let i = 0; i < 4; i++)
      expect(
        await call('InitiateAuth', signInBody(`spray-${i}@example.org`, 'Sprayed-Pass-1'), from('203.0.113.9')),
      ).toBe('NotAuthorizedException')
    expect(await call('InitiateAuth', signInBody('bystander@example.org', STRONG), from('203.0.113.9'))).toBe(
      'TooManyRequestsException',
    )
    expect(await call('InitiateAuth', signInBody('bystander@example.org', STRONG), from('198.51.100.20'))).toBe('ok')
  })

  test('X-Forwarded-For from a peer that is not a trusted proxy is ignored', async () => {
    const strict = await startTestPool({ IDENTITY_MAX_FAILURES_PER_IP: '2' })
    try {
      const direct = (op: string, body: unknown, ip: string) =>
        fetch(`${strict.svc.url}/`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': `AWSCognitoIdentityProviderService.${op}`,
            'x-forwarded-for': ip,
          },
          body: JSON.stringify({ ...(body as object), ClientId: strict.svc.clientId }),
        }).then(async (r) => ((await r.json()) as { __type?: string }).__type)
      // Each guess claims a new address; all count against the socket's.
      for (const ip of ['192.0.2.1', '192.0.2.2'])
        expect(await direct('InitiateAuth', signInBody(`x-${ip}@example.org`, 'Wrong-Pass-1'), ip)).toBe(
          'NotAuthorizedException',
        )
      expect(await direct('InitiateAuth', signInBody('y@example.org', 'Wrong-Pass-1'), '192.0.2.3')).toBe(
        'TooManyRequestsException',
      )
    } finally {
      await strict.close()
    }
  })
})

// Attack: the passwords every guessing list starts with.
test('common passwords are refused even when they meet the character rules', async () => {
  const weak = await errorOf(() => pool.signUp('common@example.org', 'P@ssw0rd'))
  expect(weak).toEqual({
    name: 'InvalidPasswordException',
    message: 'Password does not conform to policy: Password is too common',
  })
  expect((await pool.signUp('uncommon@example.org', 'Tangerine-Kayak-71')).UserSub).toBeTruthy()
})

// Attack: telling known from unknown users by how long ForgotPassword takes to answer. Also: sign-ups on a pool
// started with the defaults are not confirmed until a code or an admin confirms them.
test('ForgotPassword answers a known user without waiting for the code to be stored and sent', async () => {
  let release: () => void = () => {}
  const gate = new Promise<void>((resolve) => {
    release = resolve
  })
  const sent: CodeMessage[] = []
  const svc: RunningIdentity = await startIdentity(
    // The defaults, but for a port, the data directory and a cheap hash.
    loadConfig(identityEnv, {
      PARLEY_DATA_DIR: pool.dataDir,
      IDENTITY_PORT: '0',
      LOG_LEVEL: 'silent',
      IDENTITY_ARGON2_MEMORY_KIB: '1024',
      IDENTITY_ARGON2_TIME_COST: '1',
    }),
    {
      db: pool.db,
      clock: pool.clock,
      // A sender as slow as a real mail relay can be: it finishes only when the test lets it.
      sender: {
        async send(msg) {
          if (msg.purpose === 'reset_password') await gate
          sent.push(msg)
        },
      },
    },
  )
  try {
    const op = (name: string, body: object) =>
      fetch(`${svc.url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${name}`,
        },
        body: JSON.stringify({ ClientId: svc.clientId, ...body }),
      })
    const signUp = await op('SignUp', signUpBody('defaults@example.org'))
    expect(((await signUp.json()) as { UserConfirmed: boolean }).UserConfirmed).toBe(false)
    await pool.newUser('remembered@example.org')
    const forgot = (Username: string) => op('ForgotPassword', { Username }).then((r) => r.status)
    const answered = await Promise.race([
      forgot('remembered@example.org').then((status) => ({ status })),
      new Promise((r) => setTimeout(() => r('still waiting for the sender'), 10_000)),
    ])
    expect(answered).toEqual({ status: 200 })
    expect(sent.filter((m) => m.purpose === 'reset_password')).toEqual([])
    release()
    await new Promise((r) => setTimeout(r, 200))
    expect(sent.map((m) => [m.email, m.purpose])).toEqual([
      ['defaults@example.org', 'confirm_sign_up'],
      ['remembered@example.org', 'reset_password'],
    ])
    expect(await forgot('forgotten@example.org')).toBe(200)
  } finally {
    release()
    await svc.close()
  }
})
