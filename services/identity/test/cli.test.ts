import { type ChildProcess, execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { openPglite } from '@parley/db'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { errorOf, STRONG, startCliIdentity } from './harness.js'

const PARLEY = fileURLToPath(new URL('../../../apps/cli/bin/parley.mjs', import.meta.url))
const CLIENT_ID = 'parleyembeddedclient000001'
// Each `parley` child loads the whole CLI through tsx; on a loaded two-core machine a test spawns four of them.
const CLI_TIMEOUT_MS = 300_000
let dataDir: string
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-identity-cli-'))
  env = {
    ...process.env,
    PARLEY_DATA_DIR: dataDir,
    DATABASE_URL: '',
    LOG_LEVEL: 'warn',
    IDENTITY_AUTO_CONFIRM: 'false',
    IDENTITY_ARGON2_MEMORY_KIB: '1024',
    IDENTITY_ARGON2_TIME_COST: '1',
  }
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

const startCli = () => startCliIdentity(env)

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.kill('SIGTERM')
  })
}

const admin = (...args: string[]) => promisify(execFile)(process.execPath, [PARLEY, 'admin', ...args], { env })

test(
  'parley identity serves the pool, stops on SIGTERM, and parley admin confirms a user and rotates keys by hand',
  async () => {
    const service = await startCli()
    const client = new CognitoIdentityProviderClient({
      endpoint: service.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    })
    const signIn = () =>
      client.send(
        new InitiateAuthCommand({
          ClientId: CLIENT_ID,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'cli@example.org', PASSWORD: STRONG },
        }),
      )
    await client.send(
      new SignUpCommand({
        ClientId: CLIENT_ID,
        Username: 'cli@example.org',
        Password: STRONG,
        UserAttributes: [
          { Name: 'email', Value: 'cli@example.org' },
          { Name: 'name', Value: 'Cli' },
        ],
      }),
    )
    expect((await errorOf(signIn)).name).toBe('UserNotConfirmedException')
    expect(await stop(service.child)).toBe(0)

    client.destroy()

    const confirmed = await admin('confirm-user', 'cli@example.org')
    expect(confirmed.stdout).toMatch(/^confirmed cli@example\.org \(sub [0-9a-f-]{36}\)\n$/)
    expect((await admin('rotate-keys')).stdout).toMatch(/^signing with key [\w-]{43}\n$/)

    // Both commands changed the database the service uses.
    const db = await openPglite(join(dataDir, 'db'))
    try {
      const users = await db.query('SELECT confirmed FROM identity_users WHERE email = $1', ['cli@example.org'])
      expect(users).toEqual([{ confirmed: true }])
      const keys = await db.query('SELECT kid FROM identity_signing_keys WHERE retired_at IS NULL')
      expect(keys).toHaveLength(1)
      expect(await db.query('SELECT kid FROM identity_signing_keys')).toHaveLength(2)
    } finally {
      await db.close()
    }
  },
  CLI_TIMEOUT_MS,
)

// Attack surface: the embedded PGlite admits one process, so an admin command that opened the database file while
// the pool runs would fail or corrupt it; it must go through the running pool's signed Admin* API instead.
test(
  'parley admin confirms and grants admin through the running pool, and on the database once it stopped',
  async () => {
    const service = await startCli()
    const client = new CognitoIdentityProviderClient({
      endpoint: service.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    })
    try {
      await client.send(
        new SignUpCommand({
          ClientId: CLIENT_ID,
          Username: 'ops@example.org',
          Password: STRONG,
          UserAttributes: [
            { Name: 'email', Value: 'ops@example.org' },
            { Name: 'name', Value: 'Ops' },
          ],
        }),
      )
      const confirmed = await admin('confirm-user', 'ops@example.org')
      expect(confirmed.stderr).toContain(`using the running pool at ${service.url}`)
      const granted = await admin('grant-admin', 'ops@example.org')
      expect(granted.stdout).toMatch(/^ops@example\.org is in group admin;/)
      const signIn = await client.send(
        new InitiateAuthCommand({
          ClientId: CLIENT_ID,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'ops@example.org', PASSWORD: STRONG },
        }),
      )
      expect(decodeJwt(signIn.AuthenticationResult?.AccessToken as string)['cognito:groups']).toEqual(['admin'])
    } finally {
      client.destroy()
      expect(await stop(service.child)).toBe(0)
    }
    const revoked = await admin('revoke-admin', 'ops@example.org')
    expect(revoked.stderr).toContain('using the database directly')
    expect(revoked.stdout).toMatch(/^ops@example\.org is in no group;/)
  },
  CLI_TIMEOUT_MS,
)
