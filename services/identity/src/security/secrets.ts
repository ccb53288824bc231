import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest()

/** Constant-time equality of two digests (or any buffers); different lengths are simply unequal. */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/** A six-digit code as Cognito sends, from a CSPRNG. */
export const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0')

/** Codes are short, so they are hashed with the user's id to keep equal codes of two users from matching. */
export const hashCode = (sub: string, code: string) => sha256(`${sub}:${code}`)

export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url')
