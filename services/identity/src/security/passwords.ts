import { hash, verify } from '@node-rs/argon2'
import { dictionary } from '@zxcvbn-ts/language-common'
import { CognitoError } from '../protocol/errors.js'

export type PasswordPolicy = {
  minLength: number
  requireUppercase: boolean
  requireLowercase: boolean
  requireDigit: boolean
  requireSymbol: boolean
  /** Refuse passwords on the common-password list. */
  refuseCommon: boolean
}

/** Cognito's default policy. */
export const defaultPasswordPolicy: PasswordPolicy = {
  minLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireDigit: true,
  requireSymbol: true,
  refuseCommon: true,
}

// Cognito's symbol set: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and the space.
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/
const MAX_LENGTH = 256

/** Throws InvalidPasswordException naming the first rule the password breaks. */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy): void {
  const fail = (rule: string) => {
    throw new CognitoError('InvalidPasswordException', `Password does not conform to policy: ${rule}`)
  }
  if (password.length < policy.minLength) fail('Password not long enough')
  if (password.length > MAX_LENGTH) fail('Password is too long')
  if (password.trim() !== password) fail('Password must not begin or end with a space')
  if (policy.requireUppercase && !/[A-Z]/.test(password)) fail('Password must have uppercase characters')
  if (policy.requireLowercase && !/[a-z]/.test(password)) fail('Password must have lowercase characters')
  if (policy.requireDigit && !/[0-9]/.test(password)) fail('Password must have numeric characters')
  if (policy.requireSymbol && !SYMBOL.test(password)) fail('Password must have symbol characters')
  if (policy.refuseCommon && isCommonPassword(password)) fail('Password is too common')
}

let common: Set<string> | undefined

/**
 * Whether the password, ignoring case, is on zxcvbn-ts's common-password list (about 49,000 passwords seen most
 * often in breaches). The character rules alone let `P@ssw0rd1` through; guessing attacks try such passwords first.
 */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'])
  return common.has(password.toLowerCase())
}

export type Argon2Cost = { memoryKib: number; timeCost: number }

/**
 * argon2id through @node-rs/argon2's async functions, which run on libuv's thread pool so that a sign-in never
 * blocks the event loop for the tens of milliseconds a hash takes.
 */
export function passwordHasher(cost: Argon2Cost) {
  const options = { memoryCost: cost.memoryKib, timeCost: cost.timeCost, parallelism: 1 }
  // Verified against when the user does not exist, so that an unknown user costs as much time as a wrong password.
  let decoy: Promise<string> | undefined
  return {
    hash: (password: string) => hash(password, options),
    async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
      if (passwordHash === undefined) {
        decoy ??= hash('decoy-password-for-unknown-users', options)
        await verify(await decoy, password)
        return false
      }
      return verify(passwordHash, password)
    },
  }
}

export type PasswordHasher = ReturnType<typeof passwordHasher>
