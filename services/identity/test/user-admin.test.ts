import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { errorOf, startTestPool, type TestPool } from './harness.js'

let pool: TestPool
beforeAll(async () => {
  pool = await startTestPool()
  for (const email of ['ann@list.org', 'anna@list.org', 'bob@list.org', 'a_b@list.org', 'cara@list.org'])
    await pool.newUser(email)
})
afterAll(() => pool?.close())

const emailsOf = (users: { Attributes?: { Name?: string; Value?: string }[] }[] = []) =>
  users.map((u) => u.Attributes?.find((a) => a.Name === 'email')?.Value)

// The operator's user list (ListUsers), and AdminDisableUser/AdminEnableUser, as Cognito speaks them.
describe('ListUsers and AdminDisableUser/AdminEnableUser', () => {
  test('pages through every user in email order, and filters by exact email or prefix', async () => {
    const UserPoolId = pool.svc.poolId
    const seen: (string | undefined)[] = []
    let PaginationToken: string | undefined
    do {
      const page = await pool.client.send(new ListUsersCommand({ UserPoolId, Limit: 2, PaginationToken }))
      expect(page.Users?.length).toBeLessThanOrEqual(2)
      seen.push(...emailsOf(page.Users))
      PaginationToken = page.PaginationToken
    } while (PaginationToken)
    expect(seen.filter((e) => e?.endsWith('@list.org'))).toEqual([
      'a_b@list.org',
      'ann@list.org',
      'anna@list.org',
      'bob@list.org',
      'cara@list.org',
    ])

    const prefix = await pool.client.send(new ListUsersCommand({ UserPoolId, Filter: 'email ^= "ANN"' }))
    expect(emailsOf(prefix.Users)).toEqual(['ann@list.org', 'anna@list.org'])
    // `_` is a LIKE wildcard: it must match itself only.
    const literal = await pool.client.send(new ListUsersCommand({ UserPoolId, Filter: 'email ^= "a_"' }))
    expect(emailsOf(literal.Users)).toEqual(['a_b@list.org'])
    const exact = await pool.client.send(new ListUsersCommand({ UserPoolId, Filter: 'email = "bob@list.org"' }))
    expect(exact.Users?.[0]).toMatchObject({ Enabled: true, UserStatus: 'CONFIRMED' })
    expect(emailsOf(exact.Users)).toEqual(['bob@list.org'])

    const bad = await errorOf(() => pool.client.send(new ListUsersCommand({ UserPoolId, Filter: 'email ~ "x"' })))
    expect(bad.name).toBe('InvalidParameterException')
    const forged = await errorOf(() => pool.intruder.send(new ListUsersCommand({ UserPoolId })))
    expect(forged.name).toBe('InvalidSignatureException')
  })

  test('a disabled user cannot sign in or refresh; enabling gives the account back', async () => {
    const UserPoolId = pool.svc.poolId
    const session = await pool.signIn('cara@list.org')
    await pool.client.send(new AdminDisableUserCommand({ UserPoolId, Username: 'cara@list.org' }))
    expect((await pool.client.send(new AdminGetUserCommand({ UserPoolId, Username: 'cara@list.org' }))).Enabled).toBe(
      false,
    )
    const refused = await errorOf(() => pool.signIn('cara@list.org'))
    expect(refused).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' })
    expect((await errorOf(() => pool.refresh(session.refreshToken))).name).toBe('NotAuthorizedException')

    await pool.client.send(new AdminEnableUserCommand({ UserPoolId, Username: 'cara@list.org' }))
    expect((await pool.signIn('cara@list.org')).accessToken).toBeTruthy()
    const ghost = await errorOf(() =>
      pool.client.send(new AdminDisableUserCommand({ UserPoolId, Username: 'ghost@list.org' })),
    )
    expect(ghost.name).toBe('UserNotFoundException')
  })
})
