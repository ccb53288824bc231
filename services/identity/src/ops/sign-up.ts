import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { nowDate, type Pool } from '../pool.js'
import { CognitoError, invalidParameter } from '../protocol/errors.js'
import { checkClient, checkPool, defineOp, fields } from '../protocol/operation.js'
import { checkPasswordPolicy } from '../security/passwords.js'
import { codesStore } from '../store/codes.js'
import { normalizeEmail, type User, usersStore } from '../store/users.js'
import { checkCode, codeMismatch, deliveryDetails, sendCode } from './codes.js'
import { countCodeSend, countSignUp, failsWith, guardedAttempt } from './guards.js'

const email = z.email({ message: 'Username must be an email address' }).max(254)

/** Reads the sign-up attributes: `email` (equal to the username) and `name` are required, nothing else exists. */
function signUpAttributes(username: string, attributes: { Name: string; Value: string }[]) {
  const byName = new Map(attributes.map((a) => [a.Name, a.Value]))
  for (const name of byName.keys())
    if (name !== 'email' && name !== 'name') throw invalidParameter(`Attribute does not exist in the schema: ${name}`)
  const emailAttr = byName.get('email')
  const name = byName.get('name')?.trim()
  if (!emailAttr) throw invalidParameter('Attributes did not conform to the schema: email: The attribute is required')
  if (!name) throw invalidParameter('Attributes did not conform to the schema: name: The attribute is required')
  if (name.length > 256) throw invalidParameter('name: must be at most 256 characters')
  if (normalizeEmail(emailAttr) !== normalizeEmail(username)) throw invalidParameter('email must equal the Username')
  return { name }
}

export const signUp = defineOp({
  input: z.object({
    ClientId: fields.clientId,
    Username: email,
    Password: fields.password,
    UserAttributes: fields.attributes.default([]),
  }),
  async run(pool, input, caller) {
    checkClient(pool, input.ClientId)
    const { name } = signUpAttributes(input.Username, input.UserAttributes)
    checkPasswordPolicy(input.Password, pool.settings.passwordPolicy)
    await countSignUp(pool, caller)
    const confirmed = pool.settings.autoConfirm
    const user: Omit<User, 'updatedAt' | 'enabled'> = {
      sub: randomUUID(),
      email: normalizeEmail(input.Username),
      name,
      passwordHash: await pool.hasher.hash(input.Password),
      confirmed,
      emailVerified: confirmed,
      createdAt: nowDate(pool),
    }
    if (!(await pool.users.insert(user)))
      throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.')
    if (confirmed) return { UserConfirmed: true, UserSub: user.sub }
    await sendCode(pool, { ...user, enabled: true, updatedAt: user.createdAt }, 'confirm_sign_up')
    return { UserConfirmed: false, UserSub: user.sub, CodeDeliveryDetails: deliveryDetails(user.email) }
  },
})

export const confirmSignUp = defineOp({
  input: z.object({ ClientId: fields.clientId, Username: fields.username, ConfirmationCode: fields.code }),
  async run(pool, input, caller) {
    checkClient(pool, input.ClientId)
    const user = await guardedAttempt(
      pool,
      input.Username,
      caller,
      'LimitExceededException',
      async () => {
        const found = await pool.users.find(input.Username)
        if (!found) throw codeMismatch()
        if (found.confirmed) throw alreadyConfirmed()
        await checkCode(pool, found, 'confirm_sign_up', input.ConfirmationCode)
        return found
      },
      failsWith('CodeMismatchException'),
    )
    await confirm(pool, user)
    return {}
  },
})

export const resendConfirmationCode = defineOp({
  input: z.object({ ClientId: fields.clientId, Username: fields.username }),
  async run(pool, input) {
    checkClient(pool, input.ClientId)
    await countCodeSend(pool, input.Username)
    const user = await pool.users.find(input.Username)
    if (user?.confirmed) throw invalidParameter('User is already confirmed.')
    if (user) await sendCode(pool, user, 'confirm_sign_up')
    return { CodeDeliveryDetails: deliveryDetails(input.Username) }
  },
})

export const adminConfirmSignUp = defineOp({
  admin: true,
  input: z.object({ UserPoolId: fields.poolId, Username: fields.username }),
  async run(pool, input) {
    checkPool(pool, input.UserPoolId)
    await confirmByHand(pool, input.Username)
    return {}
  },
})

/** The part of a pool that confirming needs, so the CLI can confirm without serving anything. */
export type UserAdmin = Pick<Pool, 'db' | 'users' | 'clock'>

/** Confirms a registration without a code: AdminConfirmSignUp and `parley admin confirm-user`. */
export async function confirmByHand(pool: UserAdmin, username: string): Promise<User> {
  const user = await pool.users.find(username)
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.')
  if (user.confirmed) throw alreadyConfirmed()
  await confirm(pool, user)
  return user
}

async function confirm(pool: UserAdmin, user: User) {
  await pool.db.transaction(async (tx) => {
    await usersStore(tx).confirm(user.sub, nowDate(pool))
    await codesStore(tx).remove(user.sub, 'confirm_sign_up')
  })
}

const alreadyConfirmed = () =>
  new CognitoError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED')
