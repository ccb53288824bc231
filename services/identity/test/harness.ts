import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  SignUpCommand,
  type SignUpCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider'
import { loadConfig } from '@parley/core'
import { type Db, openPg } from '@parley/db'
import { startRealPostgres } from '@parley/db/real-postgres'
import { openTestDb, type TestDbKind } from '@parley/db/testing'
import {
  type Clock,
  type IdentityConfig,
  identityEnv,
  outboxFileName,
  type RunningIdentity,
  startIdentity,
} from '../src/index.js'

export const ADMIN = { accessKeyId: 'AKIDPARLEYTEST', secretAccessKey: 'parley-test-admin-secret' }
export const STRONG = 'Correct-Horse-9'

/** A clock that starts at the real time and moves only when a test says so. */
export function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms
    },
  }
}

/** In-process PGlite, `pg` over PGlite's socket, or `postgres`: a real PostgreSQL 16 (@parley/db/real-postgres). */
export type PoolDbKind = TestDbKind | 'postgres'

export type TestPool = {
  svc: RunningIdentity
  /** The database URL a second instance (another process) can share; set for `pg` and `postgres`. */
  dbUrl?: string
  config: IdentityConfig
  db: Db
  dataDir: string
  clock: ReturnType<typeof movableClock>
  /** The real AWS SDK client, pointed at the service, with the admin credentials (used only by Admin* calls). */
  client: CognitoIdentityProviderClient
  /** A client whose credentials are wrong: its Admin* calls must be refused. */
  intruder: CognitoIdentityProviderClient
  /** Latest code written to the outbox for `email`; with `purpose`, waits (a reset code is sent after the answer). */
  codeFor(email: string, purpose?: 'confirm_sign_up' | 'reset_password'): Promise<string>
  /** The SDK's SignUp (nothing confirmed), as a test's own client would send it. */
  signUp(email: string, password?: string, name?: string): Promise<SignUpCommandOutput>
  /** Signs up and (when auto-confirm is off) confirms a user with a valid password; returns its sub. */
  newUser(email: string, password?: string): Promise<string>
  /** The SDK's USER_PASSWORD_AUTH InitiateAuth, its output unchecked. */
  passwordAuth(email: string, password: string): Promise<InitiateAuthCommandOutput>
  /** `passwordAuth`, and the three tokens it must return. */
  signIn(email: string, password?: string): ReturnType<typeof signInResult>
  /** The SDK's REFRESH_TOKEN_AUTH InitiateAuth. */
  refresh(refreshToken: string): Promise<InitiateAuthCommandOutput>
  close(): Promise<void>
}

/** USER_PASSWORD_AUTH with any SDK client (e.g. one pointed at a second instance). */
export function passwordAuth(client: CognitoIdentityProviderClient, clientId: string, email: string, password: string) {
  return client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  )
}

async function signInResult(client: CognitoIdentityProviderClient, clientId: string, email: string, password: string) {
  const out = await passwordAuth(client, clientId, email, password)
  const r = out.AuthenticationResult
  if (!r?.IdToken || !r.AccessToken || !r.RefreshToken) throw new Error('sign-in returned no tokens')
  return { idToken: r.IdToken, accessToken: r.AccessToken, refreshToken: r.RefreshToken, expiresIn: r.ExpiresIn }
}

/**
 * Starts a real identity service on an ephemeral port with a fresh in-memory database and cheap argon2 settings.
 * `kind` picks in-process PGlite (as `parley start`) or the `pg` driver over the wire protocol (as on RDS).
 */
export async function startTestPool(env: Record<string, string> = {}, kind: PoolDbKind = 'pglite'): Promise<TestPool> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-identity-'))
  const config = loadConfig(identityEnv, {
    PARLEY_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    IDENTITY_PORT: '0',
    IDENTITY_AUTO_CONFIRM: 'false',
    IDENTITY_ARGON2_MEMORY_KIB: '1024',
    IDENTITY_ARGON2_TIME_COST: '1',
    IDENTITY_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    IDENTITY_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    ...env,
  })
  const { db, url: dbUrl, stop } = await openPoolDb(kind)
  const clock = movableClock()
  const svc = await startIdentity(config, { db, clock })
  const sdk = (credentials: typeof ADMIN) =>
    new CognitoIdentityProviderClient({ endpoint: svc.url, region: 'us-east-1', credentials, maxAttempts: 1 })
  const client = sdk(ADMIN)
  const intruder = sdk({ ...ADMIN, secretAccessKey: 'not-the-admin-secret-at-all' })
  const readCode = async (email: string) =>
    JSON.parse(await readFile(join(dataDir, 'outbox', outboxFileName(email)), 'utf8')) as {
      code: string
      purpose: string
    }
  const codeFor = async (email: string, purpose?: string) => {
    if (!purpose) return (await readCode(email)).code
    for (let i = 0; ; i++) {
      const msg = await readCode(email).catch(() => undefined)
      if (msg?.purpose === purpose) return msg.code
      if (i > 100) throw new Error(`no ${purpose} code reached the outbox of ${email}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  const signUp = (email: string, password = STRONG, name = 'Test Learner') =>
    client.send(
      new SignUpCommand({
        ClientId: svc.clientId,
        Username: email,
        Password: password,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'name', Value: name },
        ],
      }),
    )
  return {
    svc,
    dbUrl,
    config,
    db,
    dataDir,
    clock,
    client,
    intruder,
    codeFor,
    signUp,
    async newUser(email, password = STRONG) {
      const out = await signUp(email, password)
      if (!out.UserConfirmed) {
        await client.send(
          new ConfirmSignUpCommand({ ClientId: svc.clientId, Username: email, ConfirmationCode: await codeFor(email) }),
        )
      }
      return out.UserSub as string
    },
    passwordAuth: (email, password) => passwordAuth(client, svc.clientId, email, password),
    signIn: (email, password = STRONG) => signInResult(client, svc.clientId, email, password),
    refresh: (refreshToken) =>
      client.send(
        new InitiateAuthCommand({
          ClientId: svc.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      ),
    async close() {
      client.destroy()
      intruder.destroy()
      await svc.close()
      await db.close()
      await stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

async function openPoolDb(kind: PoolDbKind): Promise<{ db: Db; url?: string; stop: () => Promise<void> }> {
  if (kind !== 'postgres') {
    const db = await openTestDb(kind)
    return { db, url: db.url, stop: async () => {} }
  }
  const pg = await startRealPostgres()
  return { db: openPg({ connectionString: pg.url, max: 10 }), url: pg.url, stop: () => pg.stop() }
}

const PARLEY = fileURLToPath(new URL('../../../apps/cli/bin/parley.mjs', import.meta.url))

/** Starts `parley identity --port 0` as its own process and resolves once it printed its `identity: <url>` line. */
export async function startCliIdentity(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [PARLEY, 'identity', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr?.on('data', (d) => {
    err += d
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += d
      const m = /^identity: (http:\/\/\S+)$/m.exec(out)
      if (m?.[1]) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`parley identity exited with ${code}: ${err}`)))
  })
  return { child, url }
}

/** Runs `fn` and returns the Cognito error type (the SDK exception's name) it failed with. */
export async function errorOf(fn: () => Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await fn()
  } catch (err) {
    return { name: (err as Error).name, message: (err as Error).message }
  }
  throw new Error('expected the call to fail')
}
