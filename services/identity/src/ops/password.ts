import { z } from 'zod'
import { nowDate } from '../pool.js'
import { badCredentials, CognitoError } from '../protocol/errors.js'
import { checkClient, defineOp, fields } from '../protocol/operation.js'
import { checkPasswordPolicy } from '../security/passwords.js'
import { codesStore } from '../store/codes.js'
import { refreshTokensStore } from '../store/refresh-tokens.js'
import { usersStore } from '../store/users.js'
import { checkCode, codeMismatch, deliveryDetails, sendCode } from './codes.js'
import { authenticate, checkNotThrottled, clearFailures, countCodeSend, recordFailure } from './guards.js'

export const changePassword = defineOp({
  input: z.object({ AccessToken: fields.token, PreviousPassword: fields.password, ProposedPassword: fields.password }),
  async run(pool, input, caller) {
    const user = await authenticate(pool, input.AccessToken)
    checkNotThrottled(pool, user.email, caller)
    if (!(await pool.hasher.verify(user.passwordHash, input.PreviousPassword))) {
      recordFailure(pool, user.email, caller)
      throw badCredentials()
    }
    checkPasswordPolicy(input.ProposedPassword, pool.settings.passwordPolicy)
    await pool.users.setPassword(user.sub, await pool.hasher.hash(input.ProposedPassword), nowDate(pool))
    return {}
  },
})

export const forgotPassword = defineOp({
  input: z.object({ ClientId: fields.clientId, Username: fields.username }),
  async run(pool, input) {
    checkClient(pool, input.ClientId)
    countCodeSend(pool, input.Username)
    const user = await pool.users.find(input.Username)
    // Unknown and unconfirmed users get the very same answer, and no code.
    if (user?.confirmed) await sendCode(pool, user, 'reset_password')
    return { CodeDeliveryDetails: deliveryDetails(input.Username) }
  },
})

export const confirmForgotPassword = defineOp({
  input: z.object({
    ClientId: fields.clientId,
    Username: fields.username,
    ConfirmationCode: fields.code,
    Password: fields.password,
  }),
  async run(pool, input, caller) {
    checkClient(pool, input.ClientId)
    checkNotThrottled(pool, input.Username, caller, 'LimitExceededException')
    checkPasswordPolicy(input.Password, pool.settings.passwordPolicy)
    const user = await pool.users.find(input.Username)
    try {
      if (!user?.confirmed) throw codeMismatch()
      await checkCode(pool, user, 'reset_password', input.ConfirmationCode)
    } catch (err) {
      if (err instanceof CognitoError && err.type === 'CodeMismatchException')
        recordFailure(pool, input.Username, caller)
      throw err
    }
    const passwordHash = await pool.hasher.hash(input.Password)
    const now = nowDate(pool)
    // A reset means the old password may be known to someone else: every session it opened ends here.
    await pool.db.transaction(async (tx) => {
      const codes = codesStore(tx)
      // Checked again under a row lock, now that the slow hash is done: of two resets racing with one code, one wins.
      await checkCode(pool, user, 'reset_password', input.ConfirmationCode, { codes, lock: true })
      await usersStore(tx).setPassword(user.sub, passwordHash, now)
      await codes.remove(user.sub, 'reset_password')
      await refreshTokensStore(tx).revokeAll(user.sub, now)
    })
    clearFailures(pool, input.Username)
    return {}
  },
})
