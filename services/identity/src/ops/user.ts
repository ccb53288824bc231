import { z } from 'zod'
import { nowDate } from '../pool.js'
import { invalidParameter } from '../protocol/errors.js'
import { defineOp, fields } from '../protocol/operation.js'
import { deleteUserAndData } from './deletion.js'
import { authenticate, userAttributes } from './guards.js'

export const getUser = defineOp({
  input: z.object({ AccessToken: fields.token }),
  async run(pool, input) {
    const user = await authenticate(pool, input.AccessToken)
    return { Username: user.sub, UserAttributes: userAttributes(user), MFAOptions: [] }
  },
})

export const updateUserAttributes = defineOp({
  input: z.object({ AccessToken: fields.token, UserAttributes: fields.attributes.min(1) }),
  async run(pool, input) {
    const user = await authenticate(pool, input.AccessToken)
    let name: string | undefined
    for (const attr of input.UserAttributes) {
      // The email is the username here; changing it would need a verification flow this pool does not offer.
      if (attr.Name === 'email') throw invalidParameter('email cannot be changed: it is the username')
      if (attr.Name !== 'name') throw invalidParameter(`Attribute does not exist in the schema: ${attr.Name}`)
      name = attr.Value.trim()
      if (!name || name.length > 256) throw invalidParameter('name: must be 1 to 256 characters')
    }
    if (name !== undefined) await pool.users.setName(user.sub, name, nowDate(pool))
    return { CodeDeliveryDetailsList: [] }
  },
})

export const deleteUser = defineOp({
  input: z.object({ AccessToken: fields.token }),
  async run(pool, input) {
    const user = await authenticate(pool, input.AccessToken)
    await deleteUserAndData(pool, user.sub)
    return {}
  },
})
