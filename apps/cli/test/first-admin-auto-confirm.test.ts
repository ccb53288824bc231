// The first admin on a pool that confirms sign-ups by itself (IDENTITY_AUTO_CONFIRM=true, for demos): the sign-up is
// already confirmed, so making the admin must not ask the pool to confirm it again (which it refuses).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider'
import { loadConfig } from '@parley/core'
import { identityEnv, type RunningIdentity, startIdentity } from '@parley/identity'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ensureFirstAdmin } from '../src/first-admin.js'

const dataDir = mkdtempSync(join(tmpdir(), 'parley-first-admin-'))
const env = { ...process.env, PARLEY_DATA_DIR: dataDir, IDENTITY_AUTO_CONFIRM: 'true', PORT: '0', LOG_LEVEL: 'silent' }
let identity: RunningIdentity

beforeAll(async () => {
  identity = await startIdentity(loadConfig(identityEnv, env))
})
afterAll(async () => {
  await identity?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

test('makes an admin who can sign in at once, with the admin group in the token', async () => {
  const admin = await ensureFirstAdmin(identity, { ...env, PARLEY_ADMIN_EMAIL: 'ops@example.org' })
  expect(admin).toMatchObject({ email: 'ops@example.org', existed: false })
  const client = new CognitoIdentityProviderClient({
    endpoint: identity.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  })
  const auth = await client.send(
    new InitiateAuthCommand({
      ClientId: identity.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ops@example.org', PASSWORD: admin!.password! },
    }),
  )
  expect(decodeJwt(auth.AuthenticationResult!.IdToken!)['cognito:groups']).toEqual(['admin'])
})
