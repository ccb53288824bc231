import {
  AdminConfirmSignUpCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { loadConfig } from '@parley/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { identityEnv, identitySettings } from '../src/index.js'
import { errorOf, STRONG, startTestPool, type TestPool } from './harness.js'

let pool: TestPool
beforeAll(async () => {
  pool = await startTestPool()
})
afterAll(() => pool?.close())

const signUp = (email: string) => pool.signUp(email, STRONG, 'Admin Subject')
const getAsAdmin = (username: string, client = pool.client, poolId = pool.svc.poolId) =>
  client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))

describe('admin operations', () => {
  test('AdminGetUser, AdminConfirmSignUp and AdminDeleteUser work with the admin credentials', async () => {
    const { UserSub } = await signUp('managed@example.org')
    const before = await getAsAdmin('managed@example.org')
    expect(before).toMatchObject({ Username: UserSub, UserStatus: 'UNCONFIRMED', Enabled: true })
    expect(before.UserCreateDate).toBeInstanceOf(Date)
    expect(before.UserAttributes).toContainEqual({ Name: 'name', Value: 'Admin Subject' })

    await pool.client.send(
      new AdminConfirmSignUpCommand({ UserPoolId: pool.svc.poolId, Username: 'managed@example.org' }),
    )
    expect((await getAsAdmin(UserSub as string)).UserStatus).toBe('CONFIRMED')
    expect((await pool.signIn('managed@example.org')).accessToken).toBeTruthy()
    const twice = await errorOf(() =>
      pool.client.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.svc.poolId, Username: 'managed@example.org' })),
    )
    expect(twice.name).toBe('NotAuthorizedException')

    await pool.client.send(new AdminDeleteUserCommand({ UserPoolId: pool.svc.poolId, Username: 'managed@example.org' }))
    expect((await errorOf(() => getAsAdmin('managed@example.org'))).name).toBe('UserNotFoundException')
    const gone = await errorOf(() =>
      pool.client.send(new AdminDeleteUserCommand({ UserPoolId: pool.svc.poolId, Username: 'managed@example.org' })),
    )
    expect(gone.name).toBe('UserNotFoundException')
  })

  test('half an admin credential fails at start, naming the missing variable', () => {
    const config = loadConfig(identityEnv, { IDENTITY_ADMIN_ACCESS_KEY_ID: 'AKIDONLY' })
    expect(() => identitySettings(config, () => 'http://x/y')).toThrow(/IDENTITY_ADMIN_SECRET_ACCESS_KEY/)
  })

  test('a wrong secret, another pool id or an unsigned call changes nothing', async () => {
    await signUp('guarded@example.org')
    for (const attempt of [
      () =>
        pool.intruder.send(
          new AdminDeleteUserCommand({ UserPoolId: pool.svc.poolId, Username: 'guarded@example.org' }),
        ),
      () =>
        pool.intruder.send(
          new AdminConfirmSignUpCommand({ UserPoolId: pool.svc.poolId, Username: 'guarded@example.org' }),
        ),
    ])
      expect((await errorOf(attempt)).name).toBe('InvalidSignatureException')
    const otherPool = await errorOf(() =>
      pool.client.send(
        new AdminDeleteUserCommand({ UserPoolId: 'us-east-1_SomeOther', Username: 'guarded@example.org' }),
      ),
    )
    expect(otherPool.name).toBe('ResourceNotFoundException')
    const unsigned = await rawCall('AdminDeleteUser', { UserPoolId: pool.svc.poolId, Username: 'guarded@example.org' })
    expect(unsigned.status).toBe(400)
    expect(((await unsigned.json()) as { __type: string }).__type).toBe('InvalidSignatureException')
    expect((await getAsAdmin('guarded@example.org')).UserStatus).toBe('UNCONFIRMED')
  })
})

function rawCall(op: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${pool.svc.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${op}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function cognitoError(res: Response) {
  expect(res.status).toBe(400)
  expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1')
  return ((await res.json()) as { __type: string }).__type
}

describe('the protocol endpoint answers bad requests with a clear 4xx and changes nothing', () => {
  const signUpBody = (email: string) => ({
    ClientId: pool.svc.clientId,
    Username: email,
    Password: STRONG,
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'name', Value: 'Raw' },
    ],
  })

  test('malformed JSON, a non-object body and wrong types', async () => {
    expect(await cognitoError(await rawCall('SignUp', '{"ClientId": '))).toBe('SerializationException')
    expect(await cognitoError(await rawCall('SignUp', '[1,2]'))).toBe('SerializationException')
    expect(
      await cognitoError(await rawCall('SignUp', { ...signUpBody('types@example.org'), Password: 12345678 })),
    ).toBe('InvalidParameterException')
    expect(
      await cognitoError(await rawCall('SignUp', { ...signUpBody('types@example.org'), UserAttributes: 'x' })),
    ).toBe('InvalidParameterException')
    expect((await errorOf(() => getAsAdmin('types@example.org'))).name).toBe('UserNotFoundException')
  })

  test('an oversized body is refused with 413 before it is read', async () => {
    const res = await rawCall('SignUp', { ...signUpBody('big@example.org'), Padding: 'x'.repeat(100_000) })
    expect(res.status).toBe(413)
    expect((await errorOf(() => getAsAdmin('big@example.org'))).name).toBe('UserNotFoundException')
  })

  test('unknown operations, prototype names, wrong content types and bad tokens', async () => {
    expect(await cognitoError(await rawCall('CreateUserPool', {}))).toBe('UnknownOperationException')
    expect(await cognitoError(await rawCall('constructor', {}))).toBe('UnknownOperationException')
    expect(await cognitoError(await rawCall('__proto__', {}))).toBe('UnknownOperationException')
    const noTarget = await fetch(`${pool.svc.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    })
    expect(await cognitoError(noTarget)).toBe('UnknownOperationException')
    const form = await rawCall('SignUp', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(await cognitoError(form)).toBe('SerializationException')
    expect(await cognitoError(await rawCall('GetUser', { AccessToken: 'not-a-jwt' }))).toBe('NotAuthorizedException')
    expect(await cognitoError(await rawCall('GetUser', {}))).toBe('InvalidParameterException')
  })

  test('operations are counted by name and outcome on /metrics', async () => {
    const metrics = await (await fetch(`${pool.svc.url}/metrics`)).text()
    expect(metrics).toMatch(/identity_operations_total\{[^}]*op="SignUp"[^}]*outcome="ok"[^}]*\} [1-9]/)
    expect(metrics).toMatch(/identity_operations_total\{[^}]*op="unknown"[^}]*outcome="UnknownOperationException"/)
    expect(metrics).not.toContain('op="CreateUserPool"')
  })

  test('paths outside the protocol are 404s, and CORS lets a browser call the pool', async () => {
    expect((await fetch(`${pool.svc.url}/../etc/passwd`)).status).toBe(404)
    expect((await fetch(`${pool.svc.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404)
    const preflight = await fetch(`${pool.svc.url}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-amz-target')
  })
})
