// `parley admin users …` and `parley admin models …` against a running `parley start` (its own process, as an
// operator runs it), and the first admin that a start on a new data directory makes.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { makeTestModel } from '../../../services/llm-worker/src/gguf/test-model.js'
import { startTestRegistry } from '../../../services/llm-worker/test/test-registry.js'
import { ensureFirstAdmin } from '../src/first-admin.js'

const PARLEY = fileURLToPath(new URL('../bin/parley.mjs', import.meta.url))
const CLIENT_ID = 'parleyembeddedclient000001'
// Each `parley` child loads the whole CLI through tsx; the machine running this is shared and slow.
const CLI_TIMEOUT_MS = 240_000
const dataDir = mkdtempSync(join(tmpdir(), 'parley-admin-cli-'))
let registry: Awaited<ReturnType<typeof startTestRegistry>>
let child: ChildProcess
let out = ''
let identityUrl = ''
let env: NodeJS.ProcessEnv

type Run = { code: number; stdout: string; stderr: string }
const parley = (...args: string[]) =>
  new Promise<Run>((resolve) => {
    execFile(process.execPath, [PARLEY, ...args], { env, timeout: CLI_TIMEOUT_MS }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })

const cognito = () =>
  new CognitoIdentityProviderClient({
    endpoint: identityUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  })
const signIn = async (email: string, password: string) =>
  (
    await cognito().send(
      new InitiateAuthCommand({
        ClientId: CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    )
  ).AuthenticationResult!.IdToken!

beforeAll(async () => {
  const gguf = join(dataDir, 'remote.gguf')
  await makeTestModel({ size: 'tiny', out: gguf, seed: 3 })
  registry = await startTestRegistry(gguf)
  env = {
    ...process.env,
    PARLEY_DATA_DIR: dataDir,
    DATABASE_URL: '',
    PORT: '0',
    PARLEY_WEB: 'false',
    PARLEY_PULL_DEFAULT_MODEL: 'false',
    LLM_THREADS: '1',
    LOG_LEVEL: 'warn',
    IDENTITY_AUTO_CONFIRM: 'false',
    IDENTITY_ARGON2_MEMORY_KIB: '1024',
    IDENTITY_ARGON2_TIME_COST: '1',
    LLM_REGISTRY_URL: registry.url,
    PULL_ALLOWED_HOSTS: '127.0.0.1',
  }
  child = spawn(process.execPath, [PARLEY, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr?.on('data', (d) => {
    err += d
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += d
      if (/^Gateway at /m.test(out)) resolve()
    })
    child.once('exit', (code) => reject(new Error(`parley start exited with ${code}: ${err}`)))
  })
  identityUrl = /^identity: (\S+)$/m.exec(out)![1]!
}, CLI_TIMEOUT_MS)

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  await registry?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('a first start on a new data directory', () => {
  test('makes an admin, prints its password once, and does not make another', async () => {
    const m = /^First admin: (\S+) {2}password: (\S+)$/m.exec(out)
    expect(m).not.toBeNull()
    const token = await signIn(m![1]!, m![2]!)
    expect(decodeJwt(token)['cognito:groups']).toEqual(['admin'])
    expect(existsSync(join(dataDir, 'identity', 'first-admin'))).toBe(true)
    const poolId = /^identity pool id: (\S+)$/m.exec(out)![1]!
    expect(await ensureFirstAdmin({ url: identityUrl, clientId: CLIENT_ID, poolId }, env)).toBeUndefined()
  })
})

describe('parley admin while parley start runs', () => {
  test(
    'users: list, confirm, disable, enable, grant-admin, delete — through the running pool',
    async () => {
      await cognito().send(
        new SignUpCommand({
          ClientId: CLIENT_ID,
          Username: 'lea@example.com',
          Password: 'Practise#2026',
          UserAttributes: [
            { Name: 'email', Value: 'lea@example.com' },
            { Name: 'name', Value: 'Lea' },
          ],
        }),
      )
      const list = await parley('admin', 'users', 'list')
      expect(list.code).toBe(0)
      expect(list.stderr).toContain('using the running pool')
      expect(list.stdout).toMatch(/^admin@parley\.local\s+CONFIRMED\s+yes\s+admin/m)
      expect(list.stdout).toMatch(/^lea@example\.com\s+UNCONFIRMED\s+yes\s+-/m)

      expect((await parley('admin', 'users', 'confirm', 'lea@example.com')).code).toBe(0)
      expect(await signIn('lea@example.com', 'Practise#2026')).toBeTruthy()
      expect((await parley('admin', 'users', 'disable', 'lea@example.com')).code).toBe(0)
      await expect(signIn('lea@example.com', 'Practise#2026')).rejects.toThrow(/disabled/)
      expect((await parley('admin', 'users', 'list', '--search', 'lea')).stdout).toMatch(
        /^lea@example\.com\s+CONFIRMED\s+no/m,
      )
      expect((await parley('admin', 'users', 'enable', 'lea@example.com')).code).toBe(0)
      expect((await parley('admin', 'users', 'grant-admin', 'lea@example.com')).stdout).toContain('group admin')
      expect(decodeJwt(await signIn('lea@example.com', 'Practise#2026'))['cognito:groups']).toEqual(['admin'])

      const unasked = await parley('admin', 'users', 'delete', 'lea@example.com')
      expect(unasked.code).toBe(1)
      expect(unasked.stderr).toContain('add --yes')
      expect((await parley('admin', 'users', 'delete', 'lea@example.com', '--yes')).code).toBe(0)
      expect((await parley('admin', 'users', 'list', '--search', 'lea')).stdout).toContain('(no users)')
      const ghost = await parley('admin', 'users', 'disable', 'ghost@example.com')
      expect(ghost.code).toBe(1)
      expect(ghost.stderr).toMatch(/does not exist/)
    },
    CLI_TIMEOUT_MS * 4,
  )

  test(
    'models: list with the random-weights flag, pull with progress onto every region, rm',
    async () => {
      const list = await parley('admin', 'models', 'list')
      expect(list.code).toBe(0)
      expect(list.stdout).toMatch(/^us-east-1 http:/m)
      expect(list.stdout).toMatch(/^us-west-2 http:/m)
      expect(list.stdout).toContain('random weights (demo)')

      const pull = await parley('admin', 'models', 'pull', 'remote-tiny', '--region', 'us-east-1')
      expect(pull.code, pull.stderr).toBe(0)
      expect(pull.stderr).toMatch(/us-east-1 pulling \w+ \[=+\] 100%/)
      expect((await parley('admin', 'models', 'list', '--region', 'us-east-1')).stdout).toContain('remote-tiny:latest')
      expect((await parley('admin', 'models', 'rm', 'remote-tiny:latest')).code).toBe(0)
      const gone = await parley('admin', 'models', 'rm', 'remote-tiny:latest')
      expect(gone.code).toBe(1)
      expect(gone.stderr).toContain('No LLM worker has remote-tiny:latest')
      expect((await parley('admin', 'models', 'list', '--region', 'mars-1')).stderr).toContain('Unknown region')
    },
    CLI_TIMEOUT_MS * 3,
  )

  test(
    'rotate-keys refuses to write the database the running pool holds, and says what to do',
    async () => {
      const res = await parley('admin', 'rotate-keys')
      expect(res.code).toBe(1)
      expect(res.stderr).toMatch(/A pool is running on .* stop it first/)
    },
    CLI_TIMEOUT_MS,
  )
})

describe('parley admin models after the stack stopped', () => {
  test(
    'refuses with a clear message instead of writing under nobody',
    async () => {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
      const res = await parley('admin', 'models', 'list')
      expect(res.code).toBe(1)
      expect(res.stderr).toContain('No parley start is running on')
      expect(res.stderr).toContain('parley model list|pull|rm')
    },
    CLI_TIMEOUT_MS,
  )
})
