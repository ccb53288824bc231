import { maskEmail } from '../delivery/code-sender.js'
import { nowDate, type Pool } from '../pool.js'
import { CognitoError } from '../protocol/errors.js'
import { hashCode, newCode, sameBytes } from '../security/secrets.js'
import type { CodePurpose, CodesStore } from '../store/codes.js'
import type { User } from '../store/users.js'

// Cognito's lifetimes: a sign-up code lasts a day, a password-reset code an hour.
const CODE_TTL_MS: Record<CodePurpose, number> = { confirm_sign_up: 24 * 3600_000, reset_password: 3600_000 }

/** What Cognito answers after sending a code; computed from the name the caller gave, so unknown users match. */
export const deliveryDetails = (email: string) => ({
  Destination: maskEmail(email.trim().toLowerCase()),
  DeliveryMedium: 'EMAIL',
  AttributeName: 'email',
})

/** Makes a new code (replacing any earlier one), stores its hash and hands it to the sender. */
export async function sendCode(pool: Pool, user: User, purpose: CodePurpose): Promise<void> {
  const code = newCode()
  const expiresAt = new Date(pool.clock.now() + CODE_TTL_MS[purpose])
  await pool.codes.put(user.sub, purpose, hashCode(user.sub, code), expiresAt)
  await pool.sender.send({ email: user.email, code, purpose })
}

/**
 * `sendCode` after the caller has answered: an answer that waited for the code to be stored and sent would take
 * longer for a known user than for an unknown one, and so tell them apart. A failure is logged.
 */
export function sendCodeLater(pool: Pool, user: User, purpose: CodePurpose): void {
  setImmediate(() => {
    sendCode(pool, user, purpose).catch((err: unknown) => pool.log.error({ err, purpose }, 'sending a code failed'))
  })
}

/**
 * Throws CodeMismatchException or ExpiredCodeException unless `code` is the live one; the caller consumes it.
 * Inside a transaction, pass its store and `lock` so that two requests racing with one code cannot both pass.
 */
export async function checkCode(
  pool: Pool,
  user: User,
  purpose: CodePurpose,
  code: string,
  opts: { codes?: CodesStore; lock?: boolean } = {},
): Promise<void> {
  const stored = await (opts.codes ?? pool.codes).get(user.sub, purpose, opts.lock)
  const matches = stored !== undefined && sameBytes(stored.codeHash, hashCode(user.sub, code))
  if (!matches) throw codeMismatch()
  if (stored.expiresAt <= nowDate(pool))
    throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.')
}

export const codeMismatch = () =>
  new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.')
