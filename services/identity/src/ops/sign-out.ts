import { z } from 'zod'
import { CognitoError } from '../protocol/errors.js'
import { checkClient, defineOp, fields } from '../protocol/operation.js'
import { authenticate } from './guards.js'
import { endSession, endSessions } from './sessions.js'
import { findSession } from './sign-in.js'

export const globalSignOut = defineOp({
  input: z.object({ AccessToken: fields.token }),
  async run(pool, input) {
    const user = await authenticate(pool, input.AccessToken)
    await endSessions(pool, user.sub)
    return {}
  },
})

export const revokeToken = defineOp({
  input: z.object({ Token: fields.token, ClientId: fields.clientId, ClientSecret: z.string().optional() }),
  async run(pool, input) {
    checkClient(pool, input.ClientId)
    if (input.Token.split('.').length === 3)
      throw new CognitoError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.')
    // As RFC 7009 asks, an unknown token is not an error: the caller wanted it dead, and it is.
    const session = await findSession(pool, input.Token)
    if (session) await endSession(pool, session.id)
    return {}
  },
})
