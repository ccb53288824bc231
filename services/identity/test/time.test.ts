import {
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openIdentityAdmin } from '../src/index.js'
import { pruneExpired } from '../src/maintenance.js'
import { errorOf, STRONG, startTestPool, type TestPool } from './harness.js'

// Expiry, throttling and key rotation, driven by the service's injected clock rather than by waiting.
let pool: TestPool
beforeAll(async () => {
  pool = await startTestPool({ IDENTITY_MAX_FAILURES_PER_USER: '3', IDENTITY_MAX_FAILURES_PER_IP: '8' })
})
afterAll(() => pool?.close())

const HOUR = 3600_000
const signIn = (email: string, password: string) => pool.passwordAuth(email, password)

describe('throttling failed attempts', () => {
  test('after too many wrong passwords a user is refused, even with the right one, until the window ends', async () => {
    await pool.newUser('guessed@example.org')
    for (let i = 0; i < 3; i++)
      expect((await errorOf(() => signIn('guessed@example.org', `Wrong-Guess-${i}`))).name).toBe(
        'NotAuthorizedException',
      )
    expect((await errorOf(() => signIn('guessed@example.org', STRONG))).name).toBe('TooManyRequestsException')
    pool.clock.advance(16 * 60_000)
    expect((await signIn('guessed@example.org', STRONG)).AuthenticationResult?.AccessToken).toBeTruthy()
  })

  test('one IP guessing across many accounts is throttled as a whole', async () => {
    await pool.newUser('innocent@example.org')
    for (let i = 0; i < 8; i++)
      expect((await errorOf(() => signIn(`spray-${i}@example.org`, 'Sprayed-Pass-1'))).name).toBe(
        'NotAuthorizedException',
      )
    expect((await errorOf(() => signIn('innocent@example.org', STRONG))).name).toBe('TooManyRequestsException')
    pool.clock.advance(16 * 60_000)
    expect((await signIn('innocent@example.org', STRONG)).AuthenticationResult?.AccessToken).toBeTruthy()
  })

  test('guessing codes hits the limit too, and code sends are capped per user', async () => {
    const email = 'codes@example.org'
    await pool.signUp(email, STRONG, 'C')
    const code = await pool.codeFor(email)
    const confirm = (c: string) =>
      pool.client.send(new ConfirmSignUpCommand({ ClientId: pool.svc.clientId, Username: email, ConfirmationCode: c }))
    // Three wrong guesses whatever the real code is.
    const wrong = ['000001', '000002', '000003', '000004'].filter((g) => g !== code).slice(0, 3)
    for (const guess of wrong) expect((await errorOf(() => confirm(guess))).name).toBe('CodeMismatchException')
    expect((await errorOf(() => confirm(code))).name).toBe('LimitExceededException')

    const resend = () =>
      pool.client.send(new ResendConfirmationCodeCommand({ ClientId: pool.svc.clientId, Username: email }))
    for (let i = 0; i < 5; i++) await resend()
    expect((await errorOf(resend)).name).toBe('LimitExceededException')
    pool.clock.advance(16 * 60_000)
    await confirm(await pool.codeFor(email))
  })
})

describe('expiry', () => {
  test('a code past its lifetime is expired, not merely wrong', async () => {
    await pool.newUser('late@example.org')
    await pool.client.send(new ForgotPasswordCommand({ ClientId: pool.svc.clientId, Username: 'late@example.org' }))
    const code = await pool.codeFor('late@example.org', 'reset_password')
    pool.clock.advance(HOUR + 1000)
    const expired = await errorOf(() =>
      pool.client.send(
        new ConfirmForgotPasswordCommand({
          ClientId: pool.svc.clientId,
          Username: 'late@example.org',
          ConfirmationCode: code,
          Password: 'Too-Late-Pass-1',
        }),
      ),
    )
    expect(expired.name).toBe('ExpiredCodeException')
    expect((await signIn('late@example.org', STRONG)).AuthenticationResult?.AccessToken).toBeTruthy()
  })

  test('access tokens expire after their lifetime (ten minutes); refresh tokens after thirty days', async () => {
    await pool.newUser('ageing@example.org')
    const { accessToken, refreshToken } = await pool.signIn('ageing@example.org')
    const refresh = () =>
      pool.client.send(
        new InitiateAuthCommand({
          ClientId: pool.svc.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      )
    pool.clock.advance(HOUR + 1000)
    expect((await errorOf(() => pool.client.send(new GetUserCommand({ AccessToken: accessToken })))).name).toBe(
      'NotAuthorizedException',
    )
    expect((await refresh()).AuthenticationResult?.AccessToken).toBeTruthy()
    pool.clock.advance(30 * 24 * HOUR)
    expect(await errorOf(refresh)).toEqual({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' })

    // Pruning drops what can never be used again, and nothing else.
    await pool.signIn('ageing@example.org')
    await pruneExpired(pool.db, new Date(pool.clock.now()))
    const rows = await pool.db.query<{ expires_at: Date }>('SELECT expires_at FROM identity_refresh_tokens')
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(new Date(row.expires_at).getTime()).toBeGreaterThan(pool.clock.now())
  })
})

describe('signing keys', () => {
  test('rotation signs with a new key and keeps the old one published until its tokens expire', async () => {
    await pool.newUser('rotate@example.org')
    const before = await pool.signIn('rotate@example.org')
    const oldKid = decodeProtectedHeader(before.idToken).kid
    const admin = await openIdentityAdmin(pool.config, { db: pool.db, clock: pool.clock })
    const newKid = await admin.rotateKeys()
    await admin.close()
    expect(newKid).not.toBe(oldKid)
    // The running service re-reads keys once its cache (a minute) is stale.
    pool.clock.advance(61_000)
    const after = await pool.signIn('rotate@example.org')
    expect(decodeProtectedHeader(after.idToken).kid).toBe(newKid)
    const kids = async () =>
      ((await (await fetch(pool.svc.jwksUrl)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid)
    expect(await kids()).toEqual([newKid, oldKid])
    // Tokens signed by the retired key still work while it is published.
    expect((await pool.client.send(new GetUserCommand({ AccessToken: before.accessToken }))).Username).toBeTruthy()
    pool.clock.advance(HOUR + 61_000)
    expect(await kids()).toEqual([newKid])
  })
})
