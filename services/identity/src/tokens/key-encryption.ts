import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Encrypts signing keys at rest with AES-256-GCM, under a key derived from a secret that lives outside the
 * database (an environment variable or a file), so that a database dump alone cannot forge tokens.
 */
export function keyEncryption(secret: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'parley-identity', 'signing-key-encryption', 32))
  return {
    seal(plaintext: string): string {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.')
    },
    open(sealed: string): string {
      const [version, iv, tag, body] = sealed.split('.')
      if (version !== 'v1' || !iv || !tag || !body) throw new Error('Unknown signing-key encoding')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
      } catch {
        throw new Error('Cannot decrypt the signing key: IDENTITY_KEY_SECRET differs from the one it was sealed with')
      }
    },
  }
}

export type KeyEncryption = ReturnType<typeof keyEncryption>
