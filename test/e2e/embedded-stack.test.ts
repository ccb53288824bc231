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
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type RunningStack, startStack } from '../../apps/cli/src/stack.js'

let stack: RunningStack
const dataDir = mkdtempSync(join(tmpdir(), 'parley-stack-'))

type Learner = { sub: string; token: string }

async function signUp(email: string): Promise<Learner> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: stack.identity.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'none', secretAccessKey: 'none' },
  })
  const password = 'Practise#2026'
  const { UserSub } = await cognito.send(
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
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId: stack.identity.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  )
  return { sub: UserSub!, token: auth.AuthenticationResult!.IdToken! }
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
})
