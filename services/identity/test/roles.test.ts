import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { errorOf, startTestPool, type TestPool } from './harness.js'

let pool: TestPool
beforeAll(async () => {
  pool = await startTestPool()
})
afterAll(() => pool?.close())

const group = (Username: string, GroupName = 'admin') => ({ UserPoolId: pool.svc.poolId, Username, GroupName })
const groupsOf = async (token: string) => decodeJwt(token)['cognito:groups']

// Attack: a learner (or anyone without the admin credentials) making themselves an admin, and tokens carrying a
// role the user no longer has.
describe('the admin group', () => {
  test('AdminAddUserToGroup puts cognito:groups in the ID and access tokens; removing takes it out', async () => {
    await pool.newUser('boss@example.org')
    const before = await pool.signIn('boss@example.org')
    expect(await groupsOf(before.idToken)).toBeUndefined()

    await pool.client.send(new AdminAddUserToGroupCommand(group('boss@example.org')))
    await pool.client.send(new AdminAddUserToGroupCommand(group('boss@example.org')))
    const listed = await pool.client.send(new AdminListGroupsForUserCommand(group('boss@example.org')))
    expect(listed.Groups?.map((g) => g.GroupName)).toEqual(['admin'])
    const after = await pool.signIn('boss@example.org')
    expect(await groupsOf(after.idToken)).toEqual(['admin'])
    expect(await groupsOf(after.accessToken)).toEqual(['admin'])

    await pool.client.send(new AdminRemoveUserFromGroupCommand(group('boss@example.org')))
    const demoted = await pool.signIn('boss@example.org')
    expect(await groupsOf(demoted.accessToken)).toBeUndefined()
  })

  test('only the admin credentials grant it, only to an existing user, and only groups that exist', async () => {
    await pool.newUser('climber@example.org')
    const forged = await errorOf(() => pool.intruder.send(new AdminAddUserToGroupCommand(group('climber@example.org'))))
    expect(forged.name).toBe('InvalidSignatureException')
    expect(
      (await errorOf(() => pool.client.send(new AdminAddUserToGroupCommand(group('climber@example.org', 'root')))))
        .name,
    ).toBe('ResourceNotFoundException')
    expect(
      (await errorOf(() => pool.client.send(new AdminAddUserToGroupCommand(group('ghost@example.org'))))).name,
    ).toBe('UserNotFoundException')
    const listed = await pool.client.send(new AdminListGroupsForUserCommand(group('climber@example.org')))
    expect(listed.Groups).toEqual([])
    expect(await groupsOf((await pool.signIn('climber@example.org')).accessToken)).toBeUndefined()
  })
})
