import { z } from 'zod'
import { nowDate } from '../pool.js'
import { badCredentials } from '../protocol/errors.js'
import { checkClient, defineOp, fields } from '../protocol/operation.js'
import { checkPasswordPolicy } from '../security/passwords.js'
import { codesStore } from '../store/codes.js'
import { usersStore } from '../store/users.js'
import { checkCode, codeMismatch, deliveryDetails, sendCodeLater } from './codes.js'
import { authenticateSession, countCodeSend, failsWith, guardedAttempt } from './guards.js'
import { endSessions } from './sessions.js'

export const changePassword = defineOp({
  input: z.object({ AccessToken: fields.token, PreviousPassword: fields.password, ProposedPassword: fields.password }),
  async run(pool, input, caller) {
    const { user, sessionId } = await authenticateSession(pool, input.AccessToken)
    checkPasswordPolicy(input.ProposedPassword, pool.settings.passwordPolicy)
    await guardedAttempt(
      pool,
      user.email,
      caller,
      'TooManyRequestsException',
      async () => {
        if (!(await pool.hasher.verify(user.passwordHash, input.PreviousPassword))) throw badCredentials()
      },
      failsWith('NotAuthorizedException'),
    )
    const passwordHash = await pool.hasher.hash(input.ProposedPassword)
    // Whoever knew the old password may hold another session: every session but this one ends here.
    await pool.db.transaction(async (tx) => {
      await usersStore(tx).setPassword(user.sub, passwordHash, nowDate(pool))
      await endSessions(pool, user.sub, { except: sessionId, db: tx })
    })
    return {}
  },
})

export const forgotPassword = defineOp({
  input: z.object({ ClientId: fields.clientId, Username: fields.username }),
  async run(pool, input) {
    checkClient(pool, input.ClientId)
    await countCodeSend(pool, input.Username)
    const user = await pool.users.find(input.Username)
    // Unknown and unconfirmed users get the very same answer, and no code. The code is made and sent after the
    // answer, so that the answer takes as long for a known user as for an unknown one.
    if (user?.confirmed) sendCodeLater(pool, user, 'reset_password')
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
    checkPasswordPolicy(input.Password, pool.settings.passwordPolicy)
    const user = await guardedAttempt(
      pool,
      input.Username,
      caller,
      'LimitExceededException',
      async () => {
        const found = await pool.users.find(input.Username)
        if (!found?.confirmed) throw codeMismatch()
        await checkCode(pool, found, 'reset_password', input.ConfirmationCode)
        return found
      },
      failsWith('CodeMismatchException'),
    )
    const passwordHash = await pool.hasher.hash(input.Password)
    const now = nowDate(pool)
    // A reset means the old password may be known to someone else: every session it opened ends here.
    await pool.db.transaction(async (tx) => {
      const codes = codesStore(tx)
      // Checked again under a row lock, now that the slow hash is done: of two resets racing with one code, one wins.
      await checkCode(pool, user, 'reset_password', input.ConfirmationCode, { codes, lock: true })
      await usersStore(tx).setPassword(user.sub, passwordHash, now)
      await codes.remove(user.sub, 'reset_password')
      await endSessions(pool, user.sub, { db: tx })
    })
    return {}
  },
})
