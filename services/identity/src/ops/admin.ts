import { z } from 'zod'
import type { Pool } from '../pool.js'
import { CognitoError } from '../protocol/errors.js'
import { checkPool, defineOp, fields } from '../protocol/operation.js'
import { type GroupsStore, isGroup } from '../store/groups.js'
import type { User, UserFilter, UsersStore } from '../store/users.js'
import { deleteUserAndData } from './deletion.js'
import { userAttributes } from './guards.js'
import { endSessions } from './sessions.js'

const adminInput = z.object({ UserPoolId: fields.poolId, Username: fields.username })
const groupInput = adminInput.extend({ GroupName: z.string().min(1).max(128) })

async function existingUser(pool: { users: UsersStore }, username: string) {
  const user = await pool.users.find(username)
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.')
  return user
}

const epochSeconds = (d: Date) => d.getTime() / 1000

export const adminGetUser = defineOp({
  admin: true,
  input: adminInput,
  async run(pool, input) {
    checkPool(pool, input.UserPoolId)
    const user = await existingUser(pool, input.Username)
    return {
      Username: user.sub,
      UserAttributes: userAttributes(user),
      UserCreateDate: epochSeconds(user.createdAt),
      UserLastModifiedDate: epochSeconds(user.updatedAt),
      Enabled: user.enabled,
      UserStatus: user.confirmed ? 'CONFIRMED' : 'UNCONFIRMED',
    }
  },
})

export const adminDeleteUser = defineOp({
  admin: true,
  input: adminInput,
  async run(pool, input) {
    checkPool(pool, input.UserPoolId)
    const user = await existingUser(pool, input.Username)
    await deleteUserAndData(pool, user.sub)
    return {}
  },
})

export const adminUserGlobalSignOut = defineOp({
  admin: true,
  input: adminInput,
  async run(pool, input) {
    checkPool(pool, input.UserPoolId)
    await endSessions(pool, (await existingUser(pool, input.Username)).sub)
    return {}
  },
})

/** What group operations need, so that `parley admin` can run them straight on the database too. */
export type GroupAdmin = Pick<Pool, 'users' | 'groups' | 'clock'>

/**
 * Adds the user to the group or takes them out; returns their sub. Tokens issued from then on (the next sign-in
 * or refresh) carry the new `cognito:groups`, as in Cognito.
 */
export async function setMembership(pool: GroupAdmin, username: string, group: string, member: boolean) {
  if (!isGroup(group)) throw new CognitoError('ResourceNotFoundException', 'Group not found.')
  const user = await existingUser(pool, username)
  if (member) await pool.groups.add(user.sub, group, new Date(pool.clock.now()))
  else await pool.groups.remove(user.sub, group)
  return user.sub
}

export async function groupsOf(pool: Pick<Pool, 'users'> & { groups: GroupsStore }, username: string) {
  return pool.groups.of((await existingUser(pool, username)).sub)
}

export const adminAddUserToGroup = defineOp({
  admin: true,
  input: groupInput,
  async run(pool, input) {
    checkPool(pool, input.UserPoolId)
    await setMembership(pool, input.Username, input.GroupName, true)
    return {}
  },
})

export const adminRemoveUserFromGroup = defineOp({
  admin: true,
  input: groupInput,
  async run(pool, input) {
    checkPool(pool, input.UserPoolId)
    await setMembership(pool, input.Username, input.GroupName, false)
    return {}
  },
})

export const adminListGroupsForUser = defineOp({
  admin: true,
  input: adminInput.extend({ Limit: z.number().int().min(0).max(60).optional(), NextToken: z.string().optional() }),
  async run(pool, input) {
    checkPool(pool, input.UserPoolId)
    const names = await groupsOf(pool, input.Username)
    return { Groups: names.map((GroupName) => ({ GroupName, UserPoolId: pool.settings.poolId, Precedence: 0 })) }
  },
})

/** A user as ListUsers and AdminGetUser describe one. */
const userType = (user: User) => ({
  Username: user.sub,
  Attributes: userAttributes(user),
  UserCreateDate: epochSeconds(user.createdAt),
  UserLastModifiedDate: epochSeconds(user.updatedAt),
  Enabled: user.enabled,
  UserStatus: user.confirmed ? 'CONFIRMED' : 'UNCONFIRMED',
})

const FILTER = /^\s*(email|name|sub)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/

/** Cognito's ListUsers filter: one of email, name, sub compared with `=` or `^=` (prefix); empty = everyone. */
export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (!filter?.trim()) return undefined
  const m = FILTER.exec(filter)
  if (!m)
    throw new CognitoError(
      'InvalidParameterException',
      'Filter must look like email ^= "ann" (email, name or sub; = or ^=)',
    )
  return { attribute: m[1] as UserFilter['attribute'], prefix: m[2] === '^=', value: m[3]!.replace(/\\(.)/g, '$1') }
}

/** ListUsers: pages of at most `Limit` (1-60, default 60) users in email order; PaginationToken continues. */
export const listUsers = defineOp({
  admin: true,
  input: z.object({
    UserPoolId: fields.poolId,
    Filter: z.string().max(256).optional(),
    Limit: z.number().int().min(1).max(60).optional(),
    PaginationToken: z.string().max(1024).optional(),
    AttributesToGet: z.array(z.string()).max(20).optional(),
  }),
  async run(pool, input) {
    checkPool(pool, input.UserPoolId)
    const limit = input.Limit ?? 60
    const after = input.PaginationToken ? Buffer.from(input.PaginationToken, 'base64url').toString('utf8') : undefined
    const rows = await pool.users.list({ limit, after, where: parseUserFilter(input.Filter) })
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      Users: page.map(userType),
      ...(rows.length > limit && last && { PaginationToken: Buffer.from(last.email).toString('base64url') }),
    }
  },
})

/** AdminDisableUser: the user can no longer sign in or refresh, and their sessions end (tokens go on the list). */
export const adminDisableUser = defineOp({
  admin: true,
  input: adminInput,
  async run(pool, input) {
    checkPool(pool, input.UserPoolId)
    const user = await existingUser(pool, input.Username)
    await pool.users.setEnabled(user.sub, false, new Date(pool.clock.now()))
    await endSessions(pool, user.sub)
    return {}
  },
})

export const adminEnableUser = defineOp({
  admin: true,
  input: adminInput,
  async run(pool, input) {
    checkPool(pool, input.UserPoolId)
    const user = await existingUser(pool, input.Username)
    await pool.users.setEnabled(user.sub, true, new Date(pool.clock.now()))
    return {}
  },
})
