import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { errorOf, STRONG, startTestPool, type TestPool } from './harness.js'

let pool: TestPool
beforeAll(async () => {
  pool = await startTestPool()
})
afterAll(() => pool?.close())

const signUp = (email: string, password = STRONG) => pool.signUp(email, password, 'Ada Learner')
const signIn = (email: string, password: string) => pool.passwordAuth(email, password)

const statusOf = async (email: string) =>
  (await pool.client.send(new AdminGetUserCommand({ UserPoolId: pool.svc.poolId, Username: email }))).UserStatus

describe('sign-up and confirmation', () => {
  test('an unconfirmed user cannot sign in until the emailed code confirms them', async () => {
    const email = 'ada@example.org'
    const out = await signUp(email)
    expect(out.UserConfirmed).toBe(false)
    expect(out.UserSub).toMatch(/^[0-9a-f-]{36}$/)
    expect(out.CodeDeliveryDetails).toEqual({
      Destination: 'a***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    })

    expect((await errorOf(() => signIn(email, STRONG))).name).toBe('UserNotConfirmedException')

    const code = await pool.codeFor(email)
    const wrong = code === '000000' ? '111111' : '000000'
    const mismatch = await errorOf(() =>
      pool.client.send(
        new ConfirmSignUpCommand({ ClientId: pool.svc.clientId, Username: email, ConfirmationCode: wrong }),
      ),
    )
    expect(mismatch.name).toBe('CodeMismatchException')
    expect(await statusOf(email)).toBe('UNCONFIRMED')

    await pool.client.send(
      new ConfirmSignUpCommand({ ClientId: pool.svc.clientId, Username: email, ConfirmationCode: code }),
    )
    expect(await statusOf(email)).toBe('CONFIRMED')
    const auth = await signIn(email, STRONG)
    expect(auth.AuthenticationResult?.TokenType).toBe('Bearer')
    expect(auth.AuthenticationResult?.ExpiresIn).toBe(pool.config.IDENTITY_ACCESS_TOKEN_TTL_S)

    const again = await errorOf(() =>
      pool.client.send(
        new ConfirmSignUpCommand({ ClientId: pool.svc.clientId, Username: email, ConfirmationCode: code }),
      ),
    )
    expect(again.name).toBe('NotAuthorizedException')
  })

  test('a resent code replaces the earlier one', async () => {
    const email = 'resend@example.org'
    await signUp(email)
    const first = await pool.codeFor(email)
    const out = await pool.client.send(
      new ResendConfirmationCodeCommand({ ClientId: pool.svc.clientId, Username: email }),
    )
    expect(out.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL')
    const second = await pool.codeFor(email)
    if (first !== second) {
      const stale = await errorOf(() =>
        pool.client.send(
          new ConfirmSignUpCommand({ ClientId: pool.svc.clientId, Username: email, ConfirmationCode: first }),
        ),
      )
      expect(stale.name).toBe('CodeMismatchException')
    }
    await pool.client.send(
      new ConfirmSignUpCommand({ ClientId: pool.svc.clientId, Username: email, ConfirmationCode: second }),
    )
    expect(await statusOf(email)).toBe('CONFIRMED')
  })

  test('resending for an unknown user answers like for a known one, and sends nothing', async () => {
    const out = await pool.client.send(
      new ResendConfirmationCodeCommand({ ClientId: pool.svc.clientId, Username: 'nobody@example.org' }),
    )
    expect(out.CodeDeliveryDetails).toEqual({
      Destination: 'n***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    })
    await expect(pool.codeFor('nobody@example.org')).rejects.toThrow(/ENOENT/)
  })

  test('the email is the username, once, whatever its case', async () => {
    await signUp('Twice@Example.org')
    const dup = await errorOf(() => signUp('twice@example.org'))
    expect(dup.name).toBe('UsernameExistsException')
  })

  test.each([
    ['short', 'Ab1-xyz', 'Password not long enough'],
    ['no uppercase', 'lower-case-9', 'uppercase'],
    ['no lowercase', 'UPPER-CASE-9', 'lowercase'],
    ['no digit', 'No-Digits-Here', 'numeric'],
    ['no symbol', 'NoSymbols99', 'symbol'],
  ])('the password policy refuses a password with %s, and stores nothing', async (_, password, rule) => {
    const email = `policy-${rule.replace(/\W/g, '')}@example.org`
    const err = await errorOf(() => signUp(email, password))
    expect(err.name).toBe('InvalidPasswordException')
    expect(err.message).toContain(rule)
    expect((await errorOf(() => statusOf(email))).name).toBe('UserNotFoundException')
  })

  test('sign-up needs an email username, a matching email attribute and a name', async () => {
    const notEmail = await errorOf(() => signUp('not-an-email'))
    expect(notEmail.name).toBe('InvalidParameterException')
    const noName = await errorOf(() =>
      pool.client.send(
        new SignUpCommand({
          ClientId: pool.svc.clientId,
          Username: 'noname@example.org',
          Password: STRONG,
          UserAttributes: [{ Name: 'email', Value: 'noname@example.org' }],
        }),
      ),
    )
    expect(noName).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('name') })
    const otherEmail = await errorOf(() =>
      pool.client.send(
        new SignUpCommand({
          ClientId: pool.svc.clientId,
          Username: 'one@example.org',
          Password: STRONG,
          UserAttributes: [
            { Name: 'email', Value: 'two@example.org' },
            { Name: 'name', Value: 'X' },
          ],
        }),
      ),
    )
    expect(otherEmail.name).toBe('InvalidParameterException')
    const unknownClient = await errorOf(() =>
      pool.client.send(
        new SignUpCommand({
          ClientId: 'someotherclient',
          Username: 'x@example.org',
          Password: STRONG,
          UserAttributes: [],
        }),
      ),
    )
    expect(unknownClient.name).toBe('ResourceNotFoundException')
  })
})

describe('sign-in', () => {
  test('a wrong password and an unknown user get the very same answer', async () => {
    await pool.newUser('bob@example.org')
    const wrongPassword = await errorOf(() => signIn('bob@example.org', 'Wrong-Password-1'))
    const unknownUser = await errorOf(() => signIn('nobody-here@example.org', STRONG))
    expect(wrongPassword).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' })
    expect(unknownUser).toEqual(wrongPassword)
  })

  test('missing auth parameters and unsupported flows are invalid parameters', async () => {
    const missing = await errorOf(() =>
      pool.client.send(
        new InitiateAuthCommand({
          ClientId: pool.svc.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'bob@example.org' },
        }),
      ),
    )
    expect(missing).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('PASSWORD') })
    const srp = await errorOf(() =>
      pool.client.send(
        new InitiateAuthCommand({ ClientId: pool.svc.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: {} }),
      ),
    )
    expect(srp.name).toBe('InvalidParameterException')
  })
})
