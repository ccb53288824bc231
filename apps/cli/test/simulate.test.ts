// `parley simulate` against the embedded stack: two synthetic learners, two turns each, through the public paths.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { formatSummary, type SimulationResult, signInLearner, simulate } from '../src/simulate/index.js'
import { type RunningStack, startStack } from '../src/stack.js'

let stack: RunningStack
let result: SimulationResult
const progress: string[] = []
const dataDir = mkdtempSync(join(tmpdir(), 'parley-simulate-'))

beforeAll(async () => {
  stack = await startStack({
    env: {
      PARLEY_DATA_DIR: dataDir,
      PORT: '0',
      LLM_THREADS: '1',
      LOG_LEVEL: 'silent',
      CHAT_MAX_REPLY_TOKENS: '16',
      SCORING_MAX_TOKENS: '48',
      IDENTITY_AUTO_CONFIRM: 'true',
    },
    web: false,
    log: silentLogger(),
  })
  result = await simulate({
    gatewayUrl: stack.gatewayUrl,
    identity: { url: stack.identity.url, clientId: stack.identity.clientId, region: 'us-east-1' },
    region: 'us-east-1',
    learners: 2,
    turns: 2,
    seed: 7,
    progress: (line) => progress.push(line),
  })
  // Six server-side turns (openers included), each stored, scored and embedded: minutes on a shared 2-core machine.
}, 600_000)

afterAll(async () => {
  await stack?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

test('every learner finishes every turn without a failed request', () => {
  expect(result.sessions.map((s) => [s.email, s.turns, s.error])).toEqual([
    ['sim-7-1@example.com', 2, undefined],
    ['sim-7-2@example.com', 2, undefined],
  ])
  expect(result.summary.failed).toBe(0)
  expect(result.summary.errorsByStatus).toEqual({})
  expect(progress.filter((l) => / turn \d\/2 /.test(l))).toHaveLength(4)
})

test('the summary counts each endpoint once per learner, turn or session', () => {
  const counts = Object.fromEntries(result.summary.endpoints.map((e) => [e.endpoint, e.requests]))
  expect(counts).toEqual({
    'cognito SignUp': 2,
    'cognito InitiateAuth': 2,
    'GET /tutor/scenarios': 2,
    // The tutor's opener, then one server-side turn per message (it stores, gives feedback, scores and embeds).
    'POST /tutor/turn': 6,
  })
  expect(result.summary.requests).toBe(12)
  expect(Object.keys(result.summary.regions)).toEqual(['us-east-1'])
  // Every answer through the gateway (all but the 4 Cognito calls) names the region that served it.
  expect(result.summary.regions['us-east-1']).toBe(8)
  expect(result.summary.completionTokens).toBeGreaterThan(0)
  const text = formatSummary(result.summary, { learners: 2, turns: 2, seconds: result.seconds })
  expect(text).toMatch(/12 requests, 0 failed/)
  expect(text).toMatch(/served by regions: +us-east-1 ×8/)
  expect(text).toMatch(/send → rules fb: +p50 \d+ ms/)
  expect(text).toMatch(/send → send again: +p50 \d+ ms/)
})

test('each learner’s conversation is saved with all its turns and an embedding, listed through the gateway', async () => {
  for (const session of result.sessions) {
    const auth = await signInLearner(
      { url: stack.identity.url, clientId: stack.identity.clientId, region: 'us-east-1' },
      session.email,
    )
    expect(auth.created).toBe(false)
    expect(auth.sub).toBe(session.sub)
    const headers = { authorization: `Bearer ${auth.token}` }
    const list = (await (await fetch(`${stack.gatewayUrl}/conversations/${auth.sub}`, { headers })).json()) as {
      data: { id: string }[]
    }
    expect(list.data.map((c) => c.id)).toEqual([session.conversationId])
    const one = (await (
      await fetch(`${stack.gatewayUrl}/conversations/${auth.sub}/${session.conversationId}`, { headers })
    ).json()) as { data: { conversation: { role: string }[]; embedding?: number[] | null } }
    // The scenario's opening line, then a learner message and a tutor reply per turn.
    expect(one.data.conversation.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant'])
    expect(one.data.embedding?.length).toBe(768)
  }
})
