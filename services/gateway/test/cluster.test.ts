import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CLI, generateBody, ndjsonLines } from './support/llm-workers.js'

// `parley cluster` end to end: every service a real process, a user signed up through identity, traffic through
// the gateway, then Ctrl-C (SIGINT) stops everything.

let dir: string
let cluster: ChildProcess
const lines = new Map<string, string>()
let exited: Promise<number | null>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-cluster-'))
  cluster = spawn(
    process.execPath,
    [CLI, 'cluster', '--regions', '2', '--workers', '1', '--port', '0', '--data-dir', join(dir, 'cluster')],
    {
      env: {
        ...process.env,
        PARLEY_DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        LLM_THREADS: '1',
        SHUTDOWN_TIMEOUT_MS: '2000',
        // Sign-ups wait for an admin by default; this test signs one up and in straight away.
        IDENTITY_AUTO_CONFIRM: 'true',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  exited = new Promise((resolve) => cluster.once('exit', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: cluster.stdout! }).on('line', (line) => {
      const at = line.lastIndexOf(': http')
      if (at > 0) lines.set(line.slice(0, at), line.slice(at + 2))
      if (line.startsWith('gateway: ')) resolve()
    })
    void exited.then((code) => reject(new Error(`parley cluster exited (${code}) before it was ready`)))
  })
}, 240_000)

afterAll(async () => {
  if (cluster.exitCode === null) cluster.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

async function cognito(target: string, body: unknown) {
  const res = await fetch(`${lines.get('identity')}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  })
  expect(res.status, `${target}: ${await res.clone().text()}`).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

describe('parley cluster', () => {
  test('starts every service as its own process and serves a signed-up user through the gateway', async () => {
    expect([...lines.keys()]).toEqual(
      expect.arrayContaining(['identity', 'api', 'gateway', 'llm-worker us-east-1 #1', 'llm-worker us-west-2 #1']),
    )
    const gateway = lines.get('gateway')!
    const email = 'learner@example.org'
    const password = 'Correct-Horse-9'
    const signUp = await cognito('SignUp', {
      ClientId: 'parleyembeddedclient000001',
      Username: email,
      Password: password,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'name', Value: 'Learner' },
      ],
    })
    const sub = signUp.UserSub as string
    const auth = await cognito('InitiateAuth', {
      ClientId: 'parleyembeddedclient000001',
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    })
    const token = (auth.AuthenticationResult as { IdToken: string }).IdToken
    const headers = { authorization: `Bearer ${token}` }

    const regions = (await (await fetch(`${gateway}/regions`, { headers })).json()) as {
      data: { name: string; pools: { llm: { healthy: number; total: number } } }[]
    }
    expect(regions.data.map((r) => [r.name, r.pools.llm.total])).toEqual([
      ['us-east-1', 1],
      ['us-west-2', 1],
    ])

    for (const region of ['us-east-1', 'us-west-2']) {
      const res = await fetch(`${gateway}/${region}/generate`, { method: 'POST', headers, body: generateBody(8) })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-parley-region')).toBe(region)
      expect((await ndjsonLines(res)).at(-1)).toMatchObject({ done: true })
    }

    // gateway → chat-worker → the region's LLM balancer → llm-worker, streamed back as SSE.
    const chat = await fetch(`${gateway}/us-west-2/tutor/chat`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        conversationId: 'c-1',
        messages: [{ role: 'user', content: 'Hi! I has went to the beach.' }],
        learner: { name: 'Ana', level: 'B1', nativeLanguage: 'pt-BR' },
      }),
    })
    expect(chat.status, await chat.clone().text()).toBe(200)
    expect(chat.headers.get('content-type')).toContain('text/event-stream')
    expect(chat.headers.get('x-parley-region')).toBe('us-west-2')
    expect(await chat.text()).toContain('event: done')

    const mine = await fetch(`${gateway}/conversations/${sub}`, { headers })
    expect(mine.status).toBe(200)
    expect(await mine.json()).toMatchObject({ status: 'success' })
    expect((await fetch(`${gateway}/conversations/someone-else`, { headers })).status).toBe(403)
  })

  test("the admin API manages the cluster's pool: 403 for a learner, the user list for an admin", async () => {
    const gateway = lines.get('gateway')!
    const email = 'operator@example.org'
    const password = 'Correct-Horse-9'
    const signIn = async () => {
      const auth = await cognito('InitiateAuth', {
        ClientId: 'parleyembeddedclient000001',
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      })
      return { authorization: `Bearer ${(auth.AuthenticationResult as { IdToken: string }).IdToken}` }
    }
    await cognito('SignUp', {
      ClientId: 'parleyembeddedclient000001',
      Username: email,
      Password: password,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'name', Value: 'Operator' },
      ],
    })
    expect((await fetch(`${gateway}/admin/users`, { headers: await signIn() })).status).toBe(403)

    // The operator's way in: the pool's Admin* keys that the cluster keeps in its identity directory.
    const keys = JSON.parse(
      readFileSync(join(dir, 'cluster', 'identity', 'identity', 'admin-credentials.json'), 'utf8'),
    )
    const client = new CognitoIdentityProviderClient({
      endpoint: lines.get('identity'),
      region: 'us-east-1',
      credentials: keys,
      maxAttempts: 1,
    })
    const UserPoolId = 'us-east-1_PaRlEyDev'
    await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: email, GroupName: 'admin' }))

    const res = await fetch(`${gateway}/admin/users?search=operator`, { headers: await signIn() })
    expect(res.status, await res.clone().text()).toBe(200)
    expect(JSON.stringify(await res.json())).toContain(email)
  })

  test('SIGINT stops the gateway and every child', async () => {
    cluster.kill('SIGINT')
    expect(await exited).toBe(0)
    for (const [label, url] of lines) {
      await expect(fetch(`${url}/healthz`), label).rejects.toThrow()
    }
  })
})
