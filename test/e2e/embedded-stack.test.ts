// The embedded stack end to end, as `parley start` runs it (without the web app, which has its own browser test):
// a learner signs up with the real Cognito SDK, then uses every public path through the gateway.
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

let stack: RunningStack
const dataDir = mkdtempSync(join(tmpdir(), 'parley-stack-'))

type Learner = { sub: string; token: string }

/** Signs `email` up (unless `existing`) and in; the ID token is fresh, so it carries the user's groups as of now. */
async function signUp(email: string, opts: { existing?: boolean } = {}): Promise<Learner> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: stack.identity.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'none', secretAccessKey: 'none' },
  })
  const password = 'Practise#2026'
  if (opts.existing) return signIn(cognito, email, password)
  await cognito.send(
    new SignUpCommand({
      ClientId: stack.identity.clientId,
      Username: email,
      Password: password,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'name', Value: 'Test Learner' },
      ],
    }),
  )
  return signIn(cognito, email, password)
}

async function signIn(cognito: CognitoIdentityProviderClient, email: string, password: string): Promise<Learner> {
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId: stack.identity.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  )
  const token = auth.AuthenticationResult!.IdToken!
  return { sub: decodeJwt(token).sub!, token }
}

function call(learner: Learner, path: string, init: { method?: string; body?: unknown } = {}) {
  return fetch(`${stack.gatewayUrl}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { authorization: `Bearer ${learner.token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
}

const learnerProfile = { name: 'Ann', level: 'B1', nativeLanguage: 'id' }
const conversationId = '6f1c1f3e-7d0a-4c4e-9a55-8c2f3b0d9e11'
let ann: Learner
let bob: Learner

beforeAll(async () => {
  stack = await startStack({
    // Learners here sign up over the SDK and sign in at once: the demo setting, since auto-confirm is off by default.
    env: {
      PARLEY_DATA_DIR: dataDir,
      PORT: '0',
      LLM_THREADS: '1',
      LOG_LEVEL: 'silent',
      CHAT_MAX_REPLY_TOKENS: '24',
      IDENTITY_AUTO_CONFIRM: 'true',
    },
    web: false,
    log: silentLogger(),
  })
  ann = await signUp('ann@example.com')
  bob = await signUp('bob@example.com')
})

afterAll(async () => {
  await stack?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('embedded stack through the gateway', () => {
  test('every service answers its health check', async () => {
    for (const s of stack.services) {
      const res = await fetch(`${s.url}/healthz`)
      expect(res.status, s.name).toBe(200)
    }
  })

  test('the tutor streams a reply over SSE, served by the region asked for', async () => {
    const res = await call(ann, '/us-west-2/tutor/chat', {
      body: {
        conversationId,
        messages: [{ role: 'user', content: 'I has went to school yesterday.' }],
        learner: learnerProfile,
        scenario: 'free-talk',
      },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-parley-region')).toBe('us-west-2')
    const body = await res.text()
    expect(body).toMatch(/^event: token$/m)
    expect(body).toMatch(/^event: done$/m)
  })

  test('feedback marks the exact wrong words, with valid spans', async () => {
    const text = 'I has went to school yesterday.'
    const res = await call(ann, '/us-east-1/feedback', { body: { text, learner: learnerProfile } })
    expect(res.status).toBe(200)
    const feedback = (await res.json()) as { issues: { start: number; end: number; original: string }[] }
    expect(feedback.issues.length).toBeGreaterThan(0)
    for (const issue of feedback.issues) expect(text.slice(issue.start, issue.end)).toBe(issue.original)
    expect(feedback.issues.map((i) => i.original).join(' ')).toMatch(/has|went/)
  })

  test('a conversation is saved with its embedding, listed, searched and scored', async () => {
    const conversation = [
      { role: 'assistant', content: 'Hi Ann! What did you do yesterday?' },
      { role: 'user', content: 'I has went to school yesterday.' },
    ]
    const embedRes = await call(ann, '/us-east-1/scoring/embed', { body: { conversation } })
    expect(embedRes.status).toBe(200)
    const { embedding } = (await embedRes.json()) as { embedding: number[] }
    expect(embedding).toHaveLength(768)

    const saved = await call(ann, `/conversations/${ann.sub}`, {
      body: { id: conversationId, title: 'Yesterday', conversation, embedding },
    })
    expect(saved.status).toBeLessThan(300)
    const list = (await (await call(ann, `/conversations/${ann.sub}`)).json()) as { data: { id: string }[] }
    expect(list.data.map((c) => c.id)).toEqual([conversationId])
    const search = await call(ann, `/conversations/${ann.sub}/search`, { body: { embedding, limit: 3 } })
    expect(((await search.json()) as { data: { id: string }[] }).data[0]?.id).toBe(conversationId)

    const score = await call(ann, '/us-east-1/score', { body: { conversation } })
    expect(score.status).toBe(200)
    const scores = (await score.json()) as { aspects: Record<string, { score: number }>; cefr: { level: string } }
    expect(Object.keys(scores.aspects)).toHaveLength(9)
    expect(scores.cefr.level).toMatch(/^(A1|A2|B1|B2|C1|C2)$/)
  })

  test('another learner can neither read nor change the first learner’s conversations', async () => {
    expect((await call(bob, `/conversations/${ann.sub}`)).status).toBe(403)
    expect((await call(bob, `/conversations/${bob.sub}/${conversationId}`)).status).toBe(404)
    // Ids are per user: bob's upsert of ann's id makes bob's own conversation (as for any fresh id), never ann's.
    const own = await call(bob, `/conversations/${bob.sub}`, {
      body: { id: conversationId, title: 'mine now', conversation: [] },
    })
    expect(own.status).toBe(201)
    expect((await call(bob, `/conversations/${bob.sub}/${conversationId}`, { method: 'DELETE' })).status).toBe(200)
    const still = (await (await call(ann, `/conversations/${ann.sub}/${conversationId}`)).json()) as {
      data: { title: string }
    }
    expect(still.data.title).toBe('Yesterday')
  })

  test('without a token nothing is served', async () => {
    const res = await fetch(`${stack.gatewayUrl}/conversations/${ann.sub}`)
    expect(res.status).toBe(401)
    const chat = await fetch(`${stack.gatewayUrl}/us-east-1/tags`)
    expect(chat.status).toBe(401)
  })

  test('the regions endpoint reports both regions healthy', async () => {
    const res = await call(ann, '/regions')
    expect(res.status).toBe(200)
    expect(JSON.stringify(await res.json())).toMatch(/us-east-1[\s\S]*us-west-2/)
  })

  // Roles: a learner may chat but not manage models; the path `parley admin grant-admin` takes (signed
  // AdminAddUserToGroup on the running pool) makes them an admin, whose next token (cognito:groups: ["admin"])
  // reaches model management, where the worker's own pull guard still refuses an internal address.
  test('a learner cannot manage models; after grant-admin their new token can', async () => {
    const ops = await signUp('ops@example.com')
    const generate = { model: stack.model, prompt: 'Hi', stream: false, options: { num_predict: 2 } }
    expect((await call(ops, '/us-east-1/generate', { body: generate })).status).toBe(200)
    for (const [path, body] of [
      ['/us-east-1/pull', { model: stack.model, url: 'http://127.0.0.1:9/evil.gguf', stream: false }],
      ['/us-east-1/api/delete', { model: stack.model }],
      ['/us-east-1/generate', { ...generate, keep_alive: 0 }],
    ] as const) {
      const res = await call(ops, path, { body })
      expect(res.status, path).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'forbidden_role' })
    }
    expect((await call(ops, '/metrics')).status).toBe(403)

    const pool = await openPoolAdmin({ ...process.env, PARLEY_DATA_DIR: dataDir })
    try {
      expect(await pool.setGroup('ops@example.com', 'admin', true)).toEqual(['admin'])
    } finally {
      await pool.close()
    }
    const admin = await signUp('ops@example.com', { existing: true })
    const pull = await call(admin, '/us-east-1/pull', {
      body: { model: 'evil', url: 'http://127.0.0.1:9/evil.gguf', stream: false },
    })
    expect(pull.status).toBe(403)
    expect(await pull.json()).toMatchObject({ error: expect.stringMatching(/not a public internet address/) })
    expect((await call(admin, '/us-east-1/generate', { body: { ...generate, keep_alive: '5m' } })).status).toBe(200)
    const metrics = await call(admin, '/metrics')
    expect(await metrics.text()).toContain('gateway_upstream_requests_total')
    const tags = (await (await call(ann, '/us-east-1/tags')).json()) as { models: { name: string }[] }
    expect(tags.models.map((m) => m.name)).toContain(stack.model)
  })
})
