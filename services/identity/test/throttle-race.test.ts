import type { ChildProcess } from 'node:child_process'
import {
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { realPostgresAvailable } from '@parley/db/real-postgres'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type PoolDbKind, passwordAuth, STRONG, startCliIdentity, startTestPool, type TestPool } from './harness.js'

// Attack: a burst of concurrent guesses. The limit used to be checked before the argon2 hash and recorded after
// it, so every guess of a burst passed the check and the right password was accepted after dozens of wrong ones.
const LIMIT = 5
const BURST = 30
const env = { IDENTITY_MAX_FAILURES_PER_USER: String(LIMIT), IDENTITY_MAX_FAILURES_PER_IP: '1000' }

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: Error) => err.name,
  )
function tally(names: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const n of names) counts[n] = (counts[n] ?? 0) + 1
  return counts
}
const wrongGuesses = (n: number, real = '') =>
  Array.from({ length: n + 1 }, (_, i) => String(100_000 + i))
    .filter((c) => c !== real)
    .slice(0, n)

function raceSuite(kind: PoolDbKind) {
  let pool: TestPool
  beforeAll(async () => {
    pool = await startTestPool(env, kind)
  }, 120_000)
  afterAll(() => pool?.close())

  test('a burst of wrong passwords gets at most the limit through to the hash, then the right one is refused', async () => {
    await pool.newUser('target@example.org')
    const burst = await Promise.all(
      Array.from({ length: BURST }, (_, i) => outcome(pool.passwordAuth('target@example.org', `Wrong-Guess-${i}`))),
    )
    const counts = tally(burst)
    expect(counts.NotAuthorizedException ?? 0).toBeLessThanOrEqual(LIMIT)
    expect(counts.TooManyRequestsException).toBeGreaterThanOrEqual(BURST - LIMIT)
    expect(await outcome(pool.passwordAuth('target@example.org', STRONG))).toBe('TooManyRequestsException')
  })

  test('guessing under the email, its other case and the sub counts against one account', async () => {
    const sub = await pool.newUser('aliases@example.org')
    const names = ['aliases@example.org', 'ALIASES@Example.org', sub]
    const guesses = await Promise.all(
      Array.from({ length: BURST }, (_, i) => outcome(pool.passwordAuth(names[i % 3] as string, `Wrong-Guess-${i}`))),
    )
    expect(tally(guesses).NotAuthorizedException ?? 0).toBeLessThanOrEqual(LIMIT)
    expect(await outcome(pool.passwordAuth(sub, STRONG))).toBe('TooManyRequestsException')
  })

  test('a burst of wrong confirmation codes, then the real code, is refused past the limit', async () => {
    await pool.signUp('unconfirmed@example.org')
    const real = await pool.codeFor('unconfirmed@example.org', 'confirm_sign_up')
    const confirm = (code: string) =>
      pool.client.send(
        new ConfirmSignUpCommand({
          ClientId: pool.svc.clientId,
          Username: 'unconfirmed@example.org',
          ConfirmationCode: code,
        }),
      )
    const counts = tally(await Promise.all(wrongGuesses(BURST, real).map((c) => outcome(confirm(c)))))
    expect(counts.CodeMismatchException ?? 0).toBeLessThanOrEqual(LIMIT)
    expect(await outcome(confirm(real))).toBe('LimitExceededException')
  })

  test('a burst of wrong reset codes, then the real code, is refused past the limit', async () => {
    await pool.newUser('resetting@example.org')
    await pool.client.send(
      new ForgotPasswordCommand({ ClientId: pool.svc.clientId, Username: 'resetting@example.org' }),
    )
    const real = await pool.codeFor('resetting@example.org', 'reset_password')
    const reset = (code: string) =>
      pool.client.send(
        new ConfirmForgotPasswordCommand({
          ClientId: pool.svc.clientId,
          Username: 'resetting@example.org',
          ConfirmationCode: code,
          Password: 'Taken-Over-99',
        }),
      )
    const counts = tally(await Promise.all(wrongGuesses(BURST, real).map((c) => outcome(reset(c)))))
    expect(counts.CodeMismatchException ?? 0).toBeLessThanOrEqual(LIMIT)
    expect(await outcome(reset(real))).toBe('LimitExceededException')
    // The password did not change: once the window has passed, the old one still signs in.
    pool.clock.advance(16 * 60_000)
    expect((await pool.signIn('resetting@example.org')).accessToken).toBeTruthy()
  })
}

describe('throttling holds under a burst (PGlite, as parley start)', () => raceSuite('pglite'))

describe.skipIf(!realPostgresAvailable() && !process.env.CI)('throttling on a real PostgreSQL 16', () => {
  raceSuite('postgres')

  // Attack: spreading the burst over two instances of the service that share the database.
  describe('across two processes sharing the database', () => {
    let pool: TestPool
    let child: ChildProcess
    let secondUrl: string
    beforeAll(async () => {
      pool = await startTestPool(env, 'postgres')
      ;({ child, url: secondUrl } = await startSecondInstance(pool))
    }, 120_000)
    afterAll(async () => {
      child?.kill('SIGTERM')
      await pool?.close()
    })

    test('the limit counts guesses sent to either process', async () => {
      await pool.newUser('shared@example.org')
      const second = new CognitoIdentityProviderClient({
        endpoint: secondUrl,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        maxAttempts: 1,
      })
      try {
        const burst = await Promise.all(
          Array.from({ length: BURST }, (_, i) =>
            outcome(
              i % 2 === 0
                ? pool.passwordAuth('shared@example.org', `Wrong-Guess-${i}`)
                : passwordAuth(second, pool.svc.clientId, 'shared@example.org', `Wrong-Guess-${i}`),
            ),
          ),
        )
        expect(tally(burst).NotAuthorizedException ?? 0).toBeLessThanOrEqual(LIMIT)
        expect(await outcome(passwordAuth(second, pool.svc.clientId, 'shared@example.org', STRONG))).toBe(
          'TooManyRequestsException',
        )
      } finally {
        second.destroy()
      }
    })
  })
})

/** `parley identity` as its own process on the same database and key secret (the same data directory). */
function startSecondInstance(pool: TestPool) {
  return startCliIdentity({
    ...process.env,
    ...env,
    DATABASE_URL: pool.dbUrl,
    PARLEY_DATA_DIR: pool.dataDir,
    LOG_LEVEL: 'warn',
    IDENTITY_ARGON2_MEMORY_KIB: '1024',
    IDENTITY_ARGON2_TIME_COST: '1',
  })
}
