import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  CognitoIdentityProviderClient,
  SignUpCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider'
import { openPoolAdmin } from './identity-admin.js'

export type FirstAdmin = { email: string; password?: string; existed: boolean }

/** Passes any password policy Parley's pool can be given: upper, lower, digit, symbol, 20 characters, not common. */
const generatedPassword = () => `Pa9-${randomBytes(12).toString('base64url')}`

/**
 * On a new data directory, makes the first admin so that the operator can sign in at once: PARLEY_ADMIN_EMAIL (with
 * PARLEY_ADMIN_PASSWORD, or a generated password), else admin@parley.local with a generated one. The caller prints
 * the password once; a marker in the data directory keeps later starts from making another. An in-memory stack
 * (nothing kept) gets one each start.
 */
export async function ensureFirstAdmin(
  identity: { url: string; clientId: string; poolId: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<FirstAdmin | undefined> {
  const dataDir = env.PARLEY_DATA_DIR || './.parley'
  const marker = join(dataDir, 'identity', 'first-admin')
  const memory = dataDir.startsWith('memory://')
  if (!memory && existsSync(marker)) return undefined
  const email = env.PARLEY_ADMIN_EMAIL?.trim() || 'admin@parley.local'
  const password = env.PARLEY_ADMIN_PASSWORD || generatedPassword()
  const client = new CognitoIdentityProviderClient({
    endpoint: identity.url,
    region: identity.poolId.split('_')[0],
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    maxAttempts: 1,
  })
  let existed = false
  let confirmed = false
  try {
    const signedUp = await client.send(
      new SignUpCommand({
        ClientId: identity.clientId,
        Username: email,
        Password: password,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'name', Value: 'Admin' },
        ],
      }),
    )
    // With IDENTITY_AUTO_CONFIRM the pool confirms it at once, and confirming again would be refused.
    confirmed = signedUp.UserConfirmed === true
  } catch (err) {
    if (!(err instanceof UsernameExistsException)) throw err
    existed = true
  } finally {
    client.destroy()
  }
  const pool = await openPoolAdmin(env)
  try {
    if (!existed && !confirmed) await pool.confirmUser(email)
    await pool.setGroup(email, 'admin', true)
  } finally {
    await pool.close()
  }
  if (!memory) {
    mkdirSync(join(dataDir, 'identity'), { recursive: true, mode: 0o700 })
    writeFileSync(marker, `${email}\n`, { mode: 0o600 })
  }
  // An account that was there already keeps its own password; only a new one's is shown.
  return { email, existed, ...(!existed && !env.PARLEY_ADMIN_PASSWORD && { password }) }
}
