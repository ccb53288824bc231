// `parley simulate` against the embedded stack: two synthetic learners, two turns each, through the public paths.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { silentLogger } from '@parley/core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  formatSummary,
  type SimulationResult,
  signInLearner,
  simulate,
  TURN_COLUMNS,
  writeCsv,
  writeJsonl,
} from '../src/simulate/index.js'
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

test('each reply’s tokens are stored with its conversation, and the chat worker’s metric counts the same tokens', async () => {
  let storedOut = 0
  for (const session of result.sessions) {
    const auth = await signInLearner(
      { url: stack.identity.url, clientId: stack.identity.clientId, region: 'us-east-1' },
      session.email,
    )
    const res = await fetch(`${stack.gatewayUrl}/conversations/${auth.sub}/${session.conversationId}/usage`, {
      headers: { authorization: `Bearer ${auth.token}` },
    })
    expect(res.status).toBe(200)
    const rows = (
      (await res.json()) as {
        data: { provider: string; region: string; model: string; calls: number; tokensIn: number; tokensOut: number }[]
      }
    ).data
    expect(rows.map((r) => [r.provider, r.region, r.model])).toEqual([['ollama', 'us-east-1', stack.model]])
    expect(rows[0]!.calls).toBeGreaterThanOrEqual(2)
    expect(rows[0]!.tokensIn).toBeGreaterThan(0)
    storedOut += rows[0]!.tokensOut
  }
  const chat = stack.services.find((s) => s.name === 'chat-worker us-east-1')!
  const metrics = await (await fetch(`${chat.url}/metrics`)).text()
  const counted = metrics
    .split('\n')
    .filter((l) => l.startsWith('parley_llm_tokens_total{') && l.includes('direction="out"'))
    .map((l) => l.split(' ').at(-1))
  expect(counted).toEqual([String(storedOut)])
  const tokensIn = metrics
    .split('\n')
    .find((l) => l.startsWith('parley_llm_tokens_total{') && l.includes('direction="in"'))
  expect(tokensIn).toContain('region="us-east-1"')
  expect(tokensIn).toContain('provider="ollama"')
  expect(tokensIn).toContain(`model="${stack.model}"`)
  expect(Number(tokensIn?.split(' ').at(-1))).toBeGreaterThan(0)
})

test('the run exports every turn to CSV and JSON lines, and parley cost reads the export', async () => {
  const csv = join(dataDir, 'turns.csv')
  const jsonl = join(dataDir, 'turns.jsonl')
  await writeCsv(csv, result.rows)
  await writeJsonl(jsonl, result.rows, result.run)
  // The tutor's opener and two replies, and two learner lines, per learner.
  expect(result.rows.map((r) => r.role).filter((r) => r === 'tutor')).toHaveLength(6)
  expect(result.rows.filter((r) => r.role === 'learner').map((r) => [r.source, r.provider])).toEqual(
    Array(4).fill(['script', 'none']),
  )
  expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe(TURN_COLUMNS.join(','))
  const tutor = result.rows.filter((r) => r.role === 'tutor' && r.turn > 0)
  for (const row of tutor) {
    expect(row.cost_usd).toBeGreaterThan(0)
    expect(row.ttft_ms).toBeGreaterThan(0)
  }
  const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) =>
    execFile(
      process.execPath,
      [fileURLToPath(new URL('../bin/parley.mjs', import.meta.url)), 'cost', '--json', jsonl],
      { timeout: 240_000 },
      (err, out) => resolve({ stdout: out, code: err ? 1 : 0 }),
    ),
  )
  expect(code).toBe(0)
  const report = JSON.parse(stdout) as {
    rows: { provider: string; conversations: number; costPer1000Conversations: number }[]
  }
  const measured = report.rows.find((r) => r.provider === 'ollama')!
  expect(measured.conversations).toBe(2)
  expect(measured.costPer1000Conversations).toBeGreaterThan(0)
  expect(report.rows.some((r) => r.provider === 'bedrock')).toBe(true)
}, 300_000)
