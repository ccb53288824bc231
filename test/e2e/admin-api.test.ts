// The gateway's admin API on the embedded stack, over real HTTP: a learner's token is refused everywhere under
// /admin; an admin lists, confirms, disables, enables, promotes and deletes users (through the identity pool's
// Admin* operations), lists, pulls (NDJSON progress) and deletes models per region, and reads regions and workers.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { silentLogger } from '@parley/core'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openPoolAdmin } from '../../apps/cli/src/identity-admin.js'
import { type RunningStack, startStack } from '../../apps/cli/src/stack.js'
import { makeTestModel } from '../../services/llm-worker/src/gguf/test-model.js'
import { startTestRegistry } from '../../services/llm-worker/test/test-registry.js'

const dataDir = mkdtempSync(join(tmpdir(), 'parley-admin-api-'))
const PASSWORD = 'Practise#2026'
let stack: RunningStack
let registry: Awaited<ReturnType<typeof startTestRegistry>>
let cognito: CognitoIdentityProviderClient
let adminToken: string
let learnerToken: string

async function signUp(email: string) {
  await cognito.send(
    new SignUpCommand({
      ClientId: stack.identity.clientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'name', Value: 'Test User' },
      ],
    }),
  )
}

async function signIn(email: string): Promise<string> {
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId: stack.identity.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: PASSWORD },
    }),
  )
  return auth.AuthenticationResult!.IdToken!
}

const call = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${stack.gatewayUrl}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
const data = async <T>(res: Response) => ((await res.json()) as { data: T }).data

type UsersPage = {
  users: { username: string; email: string; enabled: boolean; admin: boolean; status: string }[]
  next?: string
}

beforeAll(async () => {
  const gguf = join(dataDir, 'remote.gguf')
  await makeTestModel({ size: 'tiny', out: gguf, seed: 5 })
  registry = await startTestRegistry(gguf)
  stack = await startStack({
    env: {
      PARLEY_DATA_DIR: dataDir,
      PORT: '0',
      LLM_THREADS: '1',
      LOG_LEVEL: 'silent',
      IDENTITY_AUTO_CONFIRM: 'false',
      LLM_REGISTRY_URL: registry.url,
      PULL_ALLOWED_HOSTS: '127.0.0.1',
    },
    web: false,
    log: silentLogger(),
  })
  cognito = new CognitoIdentityProviderClient({
    endpoint: stack.identity.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'none', secretAccessKey: 'none' },
  })
  // The first admin is made as an operator would: `parley admin` through the running pool.
  const pool = await openPoolAdmin({ ...process.env, PARLEY_DATA_DIR: dataDir })
  try {
    for (const email of ['root@example.com', 'ann@example.com', 'anna@example.com', 'bob@example.com']) {
      await signUp(email)
      if (email !== 'anna@example.com') await pool.confirmUser(email)
    }
    await pool.setGroup('root@example.com', 'admin', true)
  } finally {
    await pool.close()
  }
  adminToken = await signIn('root@example.com')
  learnerToken = await signIn('ann@example.com')
})

afterAll(async () => {
  await stack?.close()
  await registry?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

// Attack: a learner calling each admin operation directly with their own valid token.
describe('the admin API refuses learners', () => {
  test.each([
    ['GET', '/admin/users'],
    ['POST', '/admin/users/bob@example.com/disable'],
    ['POST', '/admin/users/ann@example.com/admin'],
    ['DELETE', '/admin/users/bob@example.com'],
    ['POST', '/admin/users/anna@example.com/confirm'],
    ['GET', '/admin/regions'],
    ['GET', '/admin/regions/us-east-1/models'],
    ['POST', '/admin/regions/us-east-1/models/pull'],
    ['DELETE', '/admin/regions/us-east-1/models/anything'],
  ])('%s %s is 403 forbidden_role, and changes nothing', async (method, path) => {
    const res = await call(learnerToken, path, { method, body: method === 'POST' ? { model: 'x' } : undefined })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { code: string }).code).toBe('forbidden_role')
  })

  test('nothing the learner asked for happened', async () => {
    const page = await data<UsersPage>(await call(adminToken, '/admin/users?search=bob'))
    expect(page.users[0]).toMatchObject({ email: 'bob@example.com', enabled: true, admin: false })
    expect((await data<UsersPage>(await call(adminToken, '/admin/users?search=ann@'))).users[0]?.admin).toBe(false)
  })

  test('without a token it is 401', async () => {
    expect((await fetch(`${stack.gatewayUrl}/admin/users`)).status).toBe(401)
  })
})

describe('users', () => {
  test('lists with search and paging', async () => {
    const found = await data<UsersPage>(await call(adminToken, '/admin/users?search=ann'))
    expect(found.users.map((u) => u.email)).toEqual(['ann@example.com', 'anna@example.com'])
    expect(found.users[1]?.status).toBe('UNCONFIRMED')
    const emails: string[] = []
    let next = ''
    do {
      const page = await data<UsersPage>(
        await call(adminToken, `/admin/users?limit=1&next=${encodeURIComponent(next)}`),
      )
      expect(page.users.length).toBe(1)
      emails.push(...page.users.map((u) => u.email))
      next = page.next ?? ''
    } while (next)
    expect(emails).toEqual(['ann@example.com', 'anna@example.com', 'bob@example.com', 'root@example.com'])
    expect((await call(adminToken, '/admin/users?limit=0')).status).toBe(400)
  })

  test('confirm lets a user sign in; an unknown user is 404; confirming twice is 409', async () => {
    await expect(signIn('anna@example.com')).rejects.toThrow(/not confirmed/)
    expect((await call(adminToken, '/admin/users/anna@example.com/confirm', { method: 'POST' })).status).toBe(200)
    expect(await signIn('anna@example.com')).toBeTruthy()
    expect((await call(adminToken, '/admin/users/anna@example.com/confirm', { method: 'POST' })).status).toBe(409)
    expect((await call(adminToken, '/admin/users/ghost@example.com/confirm', { method: 'POST' })).status).toBe(404)
  })

  test('disable stops sign-in and ends the sessions; enable gives the account back', async () => {
    const bobToken = await signIn('bob@example.com')
    expect((await call(adminToken, '/admin/users/bob@example.com/disable', { method: 'POST' })).status).toBe(200)
    await expect(signIn('bob@example.com')).rejects.toThrow(/disabled/)
    // The revocation list is cached for 2 s by the gateway's verifier.
    await expect.poll(async () => (await call(bobToken, '/regions')).status, { timeout: 10_000 }).toBe(401)
    expect((await data<UsersPage>(await call(adminToken, '/admin/users?search=bob'))).users[0]?.enabled).toBe(false)
    expect((await call(adminToken, '/admin/users/bob@example.com/enable', { method: 'POST' })).status).toBe(200)
    expect(await signIn('bob@example.com')).toBeTruthy()
  })

  test('grant admin shows in the next token, which then reaches the admin API', async () => {
    expect((await call(adminToken, '/admin/users/ann@example.com/admin', { method: 'POST' })).status).toBe(200)
    const fresh = await signIn('ann@example.com')
    expect(decodeJwt(fresh)['cognito:groups']).toEqual(['admin'])
    expect((await call(fresh, '/admin/users')).status).toBe(200)
    expect((await call(adminToken, '/admin/users/ann@example.com/admin', { method: 'DELETE' })).status).toBe(200)
    expect(decodeJwt(await signIn('ann@example.com'))['cognito:groups']).toBeUndefined()
  })

  test('delete removes the account and its conversations; an admin cannot delete themself', async () => {
    const bobToken = await signIn('bob@example.com')
    const sub = decodeJwt(bobToken).sub!
    const convo = '4b0d2c1e-3f5a-4e6b-8c7d-9e0f1a2b3c4d'
    const saved = await call(bobToken, `/conversations/${sub}`, {
      body: { id: convo, title: 'Mine', conversation: [{ role: 'user', content: 'Hello there' }] },
    })
    expect(saved.status).toBeLessThan(300)
    expect((await call(adminToken, '/admin/users/bob@example.com', { method: 'DELETE' })).status).toBe(200)
    expect((await data<UsersPage>(await call(adminToken, '/admin/users?search=bob'))).users).toEqual([])
    // Signing up again gives a new account with a new sub and none of the old conversations.
    await signUp('bob@example.com')
    expect((await call(adminToken, '/admin/users/bob@example.com/confirm', { method: 'POST' })).status).toBe(200)
    const again = await signIn('bob@example.com')
    expect(decodeJwt(again).sub).not.toBe(sub)
    const list = await call(again, `/conversations/${decodeJwt(again).sub}`)
    expect(JSON.stringify(await list.json())).not.toContain(convo)
    expect((await call(adminToken, '/admin/users/root@example.com', { method: 'DELETE' })).status).toBe(400)
  })
})

describe('models and regions', () => {
  type WorkerModels = { worker: string; models: { name: string; randomWeights: boolean; loaded: boolean }[] }

  test('lists each region’s models with the random-weights flag', async () => {
    const workers = await data<WorkerModels[]>(await call(adminToken, '/admin/regions/us-west-2/models'))
    expect(workers).toHaveLength(1)
    const served = workers[0]!.models.find((m) => m.name === stack.model || m.name === `${stack.model}:latest`)
    expect(served).toBeDefined()
    expect(typeof served!.randomWeights).toBe('boolean')
    expect((await call(adminToken, '/admin/regions/mars-1/models')).status).toBe(404)
  })

  test('pull streams NDJSON progress from every worker of the region; delete removes it', async () => {
    const res = await call(adminToken, '/admin/regions/us-east-1/models/pull', { body: { model: 'remote-tiny' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/x-ndjson')
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.some((l) => typeof l.total === 'number' && typeof l.completed === 'number' && l.worker)).toBe(true)
    expect(lines.at(-1)).toMatchObject({ status: 'success', workers: 1, failed: 0 })
    const listed = await data<WorkerModels[]>(await call(adminToken, '/admin/regions/us-east-1/models'))
    expect(listed[0]!.models.map((m) => m.name)).toContain('remote-tiny:latest')

    const del = await call(adminToken, '/admin/regions/us-east-1/models/remote-tiny:latest', { method: 'DELETE' })
    expect(del.status).toBe(200)
    const gone = await call(adminToken, '/admin/regions/us-east-1/models/remote-tiny:latest', { method: 'DELETE' })
    expect(gone.status).toBe(404)
  })

  test('a pull that cannot be fetched ends with an error line, not a hung stream', async () => {
    const res = await call(adminToken, '/admin/regions/us-east-1/models/pull', {
      body: { model: 'unreachable', url: 'http://127.0.0.1:1/none.gguf' },
    })
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toContainEqual(expect.objectContaining({ error: expect.any(String) }))
    expect(lines.at(-1)).toMatchObject({ status: 'error', failed: 1 })
    expect((await call(adminToken, '/admin/regions/us-east-1/models/pull', { body: {} })).status).toBe(400)
  })

  test('regions and workers: health, queue, sequences, speed and TTFT from the workers’ metrics', async () => {
    const gen = await call(learnerToken, '/us-east-1/api/generate', {
      body: { model: stack.model, prompt: 'Hello', stream: false, options: { num_predict: 4 } },
    })
    expect(gen.status).toBe(200)
    type Region = {
      name: string
      failoversOut: number
      ejections: number
      pools: Record<string, { usable: number; total: number; workers: Record<string, number | string>[] }>
    }
    const regions = await data<Region[]>(await call(adminToken, '/admin/regions'))
    expect(regions.map((r) => r.name)).toEqual(['us-east-1', 'us-west-2'])
    const east = regions[0]!
    expect(east.pools.llm).toMatchObject({ usable: 1, total: 1 })
    expect(east.pools.chat?.usable).toBe(1)
    const llm = east.pools.llm!.workers[0]!
    expect(llm.state).toBe('usable')
    expect(llm.queueDepth).toBe(0)
    expect(typeof llm.activeSequences).toBe('number')
    expect(llm.tokensPerSecond as number).toBeGreaterThan(0)
    expect(llm.ttftP95S as number).toBeGreaterThanOrEqual(llm.ttftP50S as number)
    expect(east).toMatchObject({ failoversOut: 0, ejections: 0 })
    const metrics = await (await call(adminToken, '/metrics')).text()
    expect(metrics).toMatch(/^# TYPE gateway_failovers_total counter$/m)
    expect(metrics).toMatch(/^gateway_ejections_total\{[^}]*region="us-east-1",pool="llm"[^}]*\} 0$/m)
  })
})
