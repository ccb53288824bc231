import {
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { errorOf, STRONG, startTestPool, type TestPool } from './harness.js'

// These run over the `pg` driver (the path RDS takes); the other files use in-process PGlite.
let pool: TestPool
beforeAll(async () => {
  pool = await startTestPool({}, 'pg')
})
afterAll(() => pool?.close())

const refresh = (refreshToken: string) => pool.refresh(refreshToken)
const getUser = (accessToken: string) => pool.client.send(new GetUserCommand({ AccessToken: accessToken }))
const attr = (out: Awaited<ReturnType<typeof getUser>>, name: string) =>
  out.UserAttributes?.find((a) => a.Name === name)?.Value

describe('refresh tokens', () => {
  test('a refresh token gives new ID and access tokens, and keeps working until revoked', async () => {
    await pool.newUser('refresh@example.org')
    const first = await pool.signIn('refresh@example.org')
    const renewed = await refresh(first.refreshToken)
    const result = renewed.AuthenticationResult
    expect(result?.IdToken).toBeTruthy()
    expect(result?.AccessToken).not.toBe(first.accessToken)
    expect(result?.RefreshToken).toBeUndefined()
    // The older REFRESH_TOKEN flow name works the same.
    const legacy = await pool.client.send(
      new InitiateAuthCommand({
        ClientId: pool.svc.clientId,
        AuthFlow: 'REFRESH_TOKEN',
        AuthParameters: { REFRESH_TOKEN: first.refreshToken },
      }),
    )
    expect(legacy.AuthenticationResult?.AccessToken).toBeTruthy()
    // And so does the newer GetTokensFromRefreshToken.
    const newer = await pool.client.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: pool.svc.clientId, RefreshToken: first.refreshToken }),
    )
    expect(newer.AuthenticationResult?.IdToken).toBeTruthy()

    await pool.client.send(new RevokeTokenCommand({ ClientId: pool.svc.clientId, Token: first.refreshToken }))
    expect(await errorOf(() => refresh(first.refreshToken))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    })
    const newerRevoked = await errorOf(() =>
      pool.client.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: pool.svc.clientId, RefreshToken: first.refreshToken }),
      ),
    )
    expect(newerRevoked.message).toBe('Refresh Token has been revoked')
    // Access tokens of the revoked session die with it.
    expect((await errorOf(() => getUser(result?.AccessToken as string))).name).toBe('NotAuthorizedException')
  })

  test('a forged or malformed refresh token is refused, and revoking it changes nothing', async () => {
    await pool.newUser('forged@example.org')
    const real = await pool.signIn('forged@example.org')
    const [id] = real.refreshToken.split('.')
    const forged = `${id}.${'A'.repeat(43)}`
    for (const token of [forged, 'garbage', 'a.b.c.d', `${id}.`])
      expect(await errorOf(() => refresh(token))).toEqual({
        name: 'NotAuthorizedException',
        message: 'Invalid Refresh Token',
      })
    await pool.client.send(new RevokeTokenCommand({ ClientId: pool.svc.clientId, Token: forged }))
    expect((await refresh(real.refreshToken)).AuthenticationResult?.AccessToken).toBeTruthy()
    const jwt = await errorOf(() =>
      pool.client.send(new RevokeTokenCommand({ ClientId: pool.svc.clientId, Token: real.accessToken })),
    )
    expect(jwt.name).toBe('UnsupportedTokenTypeException')
  })

  test('GlobalSignOut revokes every refresh token the user has, and only theirs', async () => {
    await pool.newUser('global@example.org')
    await pool.newUser('bystander@example.org')
    const laptop = await pool.signIn('global@example.org')
    const phone = await pool.signIn('global@example.org')
    const other = await pool.signIn('bystander@example.org')
    await pool.client.send(new GlobalSignOutCommand({ AccessToken: phone.accessToken }))
    for (const session of [laptop, phone]) {
      expect((await errorOf(() => refresh(session.refreshToken))).message).toBe('Refresh Token has been revoked')
      expect((await errorOf(() => getUser(session.accessToken))).name).toBe('NotAuthorizedException')
    }
    expect((await refresh(other.refreshToken)).AuthenticationResult?.AccessToken).toBeTruthy()
    // Signing in again starts a fresh session.
    expect(attr(await getUser((await pool.signIn('global@example.org')).accessToken), 'email')).toBe(
      'global@example.org',
    )
  })
})

describe('the signed-in user', () => {
  test('GetUser and UpdateUserAttributes read and change the name; the email and unknown attributes stay', async () => {
    const sub = await pool.newUser('profile@example.org')
    const { accessToken, idToken } = await pool.signIn('profile@example.org')
    const me = await getUser(accessToken)
    expect(me.Username).toBe(sub)
    expect(attr(me, 'email')).toBe('profile@example.org')
    expect(attr(me, 'email_verified')).toBe('true')
    expect(attr(me, 'sub')).toBe(sub)

    await pool.client.send(
      new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'name', Value: 'Grace' }] }),
    )
    expect(attr(await getUser(accessToken), 'name')).toBe('Grace')
    for (const change of [
      { Name: 'email', Value: 'thief@example.org' },
      { Name: 'custom:role', Value: 'admin' },
      { Name: 'name', Value: '   ' },
    ]) {
      const err = await errorOf(() =>
        pool.client.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [change] })),
      )
      expect(err.name).toBe('InvalidParameterException')
    }
    expect(attr(await getUser(accessToken), 'email')).toBe('profile@example.org')
    // An ID token is not an access token.
    expect((await errorOf(() => getUser(idToken))).name).toBe('NotAuthorizedException')
    const tampered = `${accessToken.slice(0, -4)}AAAA`
    expect((await errorOf(() => getUser(tampered))).name).toBe('NotAuthorizedException')
  })

  test('ChangePassword needs the current password and a password that meets the policy', async () => {
    await pool.newUser('change@example.org')
    const { accessToken } = await pool.signIn('change@example.org')
    const change = (previous: string, proposed: string) =>
      pool.client.send(
        new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: previous, ProposedPassword: proposed }),
      )
    expect((await errorOf(() => change('Wrong-Password-1', 'Brand-New-Pass-2'))).name).toBe('NotAuthorizedException')
    expect((await errorOf(() => change(STRONG, 'weak'))).name).toBe('InvalidPasswordException')
    await change(STRONG, 'Brand-New-Pass-2')
    expect((await errorOf(() => pool.signIn('change@example.org'))).name).toBe('NotAuthorizedException')
    expect((await pool.signIn('change@example.org', 'Brand-New-Pass-2')).accessToken).toBeTruthy()
  })

  test('DeleteUser removes the account and its sessions', async () => {
    await pool.newUser('leaving@example.org')
    const session = await pool.signIn('leaving@example.org')
    await pool.client.send(new DeleteUserCommand({ AccessToken: session.accessToken }))
    expect((await errorOf(() => pool.signIn('leaving@example.org'))).name).toBe('NotAuthorizedException')
    expect((await errorOf(() => refresh(session.refreshToken))).name).toBe('NotAuthorizedException')
    expect((await errorOf(() => getUser(session.accessToken))).name).toBe('NotAuthorizedException')
  })
})

describe('forgotten passwords', () => {
  const forgot = (username: string) =>
    pool.client.send(new ForgotPasswordCommand({ ClientId: pool.svc.clientId, Username: username }))
  const confirm = (username: string, code: string, password: string) =>
    pool.client.send(
      new ConfirmForgotPasswordCommand({
        ClientId: pool.svc.clientId,
        Username: username,
        ConfirmationCode: code,
        Password: password,
      }),
    )

  test('ForgotPassword answers the same for a known and an unknown user', async () => {
    await pool.newUser('known@example.org')
    const known = await forgot('known@example.org')
    const unknown = await forgot('kn0wn@example.org')
    expect(unknown.CodeDeliveryDetails).toEqual(known.CodeDeliveryDetails)
    expect(known.CodeDeliveryDetails).toEqual({
      Destination: 'k***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    })
    expect((await errorOf(() => confirm('kn0wn@example.org', '123456', 'Reset-Pass-77'))).name).toBe(
      'CodeMismatchException',
    )
  })

  test('a reset code sets a new password and ends every session; a wrong code or weak password changes nothing', async () => {
    await pool.newUser('reset@example.org')
    const before = await pool.signIn('reset@example.org')
    await forgot('reset@example.org')
    const code = await pool.codeFor('reset@example.org', 'reset_password')
    const wrong = code === '999999' ? '999998' : '999999'
    expect((await errorOf(() => confirm('reset@example.org', wrong, 'Reset-Pass-77'))).name).toBe(
      'CodeMismatchException',
    )
    expect((await errorOf(() => confirm('reset@example.org', code, 'weakpass'))).name).toBe('InvalidPasswordException')
    expect((await pool.signIn('reset@example.org')).accessToken).toBeTruthy()

    await confirm('reset@example.org', code, 'Reset-Pass-77')
    expect((await errorOf(() => pool.signIn('reset@example.org'))).name).toBe('NotAuthorizedException')
    expect((await pool.signIn('reset@example.org', 'Reset-Pass-77')).accessToken).toBeTruthy()
    expect((await errorOf(() => refresh(before.refreshToken))).message).toBe('Refresh Token has been revoked')
    // A code works once.
    expect((await errorOf(() => confirm('reset@example.org', code, 'Again-Pass-88'))).name).toBe(
      'CodeMismatchException',
    )
  })

  test('two resets racing with one code: exactly one wins', async () => {
    await pool.newUser('race@example.org')
    await forgot('race@example.org')
    const code = await pool.codeFor('race@example.org', 'reset_password')
    const outcomes = await Promise.allSettled([
      confirm('race@example.org', code, 'Racer-One-11'),
      confirm('race@example.org', code, 'Racer-Two-22'),
    ])
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect((lost.reason as Error).name).toBe('CodeMismatchException')
    const winner = outcomes[0]?.status === 'fulfilled' ? 'Racer-One-11' : 'Racer-Two-22'
    expect((await pool.signIn('race@example.org', winner)).accessToken).toBeTruthy()
  })
})
