import { z } from 'zod'
import type { Pool } from '../pool.js'
import { CognitoError } from '../protocol/errors.js'
import { checkPool, defineOp, fields } from '../protocol/operation.js'
import { userAttributes } from './guards.js'

const adminInput = z.object({ UserPoolId: fields.poolId, Username: fields.username })

async function existingUser(pool: Pool, username: string) {
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
      Enabled: true,
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
    await pool.users.remove(user.sub)
    return {}
  },
})
