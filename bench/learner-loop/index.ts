// What a learner waits for after pressing Send, on the embedded stack through the gateway, at 1 and 4 concurrent
// learners: Send → first rules feedback visible, Send → LLM feedback, Send → Send enabled again. The server-side
// turn (POST /{region}/tutor/turn) against the old client-side flow as the anchor, in the same run and alternating
// rounds: tutor SSE ∥ /feedback, then save, then /score ∥ /scoring/embed, then save again, with Send disabled
// until the last save and feedback shown when both the reply and /feedback had answered.
//
// Knobs: BENCH_TURNS (messages per learner per flow and round, default 2), BENCH_ROUNDS (default 2),
// BENCH_MODEL (a GGUF; default SmolLM2-135M-Instruct from ~/.cache/parley/weights when present, else the demo
// model), BENCH_REPLY_TOKENS (default 48), BENCH_CONCURRENCY (default 1,4).
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { importModel, ModelStore } from '@parley/llm-worker'
import { postTurn, type SignedIn, signInLearner, turnEvents } from '../../apps/cli/src/simulate/index.js'
import { readSse } from '../../apps/cli/src/simulate/sse.js'
import { type RunningStack, startStack } from '../../apps/cli/src/stack.js'
import { percentile, printRatio } from '../lib/load.js'

const TURNS = Number(process.env.BENCH_TURNS ?? 2)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const REPLY_TOKENS = process.env.BENCH_REPLY_TOKENS ?? '48'
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,4').split(',').map(Number)
const REAL = join(homedir(), '.cache/parley/weights/SmolLM2-135M-Instruct.Q4_1.gguf')
const modelFile = process.env.BENCH_MODEL ?? (existsSync(REAL) ? REAL : undefined)
const REGION = 'us-east-1'
const learner = { name: 'Bench', level: 'B1', nativeLanguage: 'id' }
const MESSAGES = [
  'Yesterday I go to the market and buyed some apple for my mother.',
  'I am agree with you, the weather is very nice for walk today.',
  'My brother have two childs and they lives in Jakarta since 2019.',
  'Can you recommend me a good book? I like read about history.',
]

/** One learner turn's waits after Send, in ms. */
type Waits = { rules: number; llm: number; sendAgain: number }
type Flow = (who: SignedIn, conversationId: string, text: string, history: Msg[]) => Promise<Waits>
type Msg = { role: 'user' | 'assistant'; content: string; feedback?: unknown }

/** Stages that failed (score, embedding…) without failing the turn; printed at the end. */
const stageErrors: string[] = []
const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-loop-'))
let modelName: string | undefined
if (modelFile) {
  modelName = 'bench-real:latest'
  await importModel(new ModelStore(join(dataDir, 'models')), modelFile, modelName)
}
const stack: RunningStack = await startStack({
  env: {
    ...process.env,
    PARLEY_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    IDENTITY_AUTO_CONFIRM: 'true',
    // One sign-in per learner for the whole run (signing in again per round trips identity's attempt limits).
    IDENTITY_ID_TOKEN_TTL_S: '7200',
    CHAT_MAX_REPLY_TOKENS: REPLY_TOKENS,
    ...(modelName ? { CHAT_MODEL: modelName, SCORING_MODEL: modelName, EMBED_MODEL: modelName } : {}),
  },
  web: false,
  log: silentLogger(),
})
const gw = stack.gatewayUrl
const identity = { url: stack.identity.url, clientId: stack.identity.clientId, region: REGION }

/** The server-side turn: waits are read off the event stream as they arrive. */
const serverTurn: Flow = async (who, conversationId, text) => {
  const sent = performance.now()
  const res = await postTurn(gw, REGION, who.token, { conversationId, turnId: randomUUID(), text, learner })
  if (!res.ok) throw new Error(`turn answered ${res.status}: ${await res.text()}`)
  const waits: Partial<Waits> = {}
  for await (const e of turnEvents(res.body!)) {
    const at = performance.now() - sent
    if (e.event === 'feedback') waits[e.data.layer === 'rules' ? 'rules' : 'llm'] ??= at
    else if (e.event === 'done') waits.sendAgain = at
    else if (e.event === 'error') stageErrors.push(`turn ${e.data.stage}: ${e.data.message}`)
  }
  return waits as Waits
}

/** The old browser flow, call for call as apps/web ran it before the turn endpoint. */
const clientTurn: Flow = async (who, conversationId, text, history) => {
  const call = (path: string, body: unknown, method = 'POST') =>
    fetch(`${gw}${path}`, {
      method,
      headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => {
      if (!r.ok) throw new Error(`${path} answered ${r.status}: ${await r.text()}`)
      return r
    })
  const sent = performance.now()
  const context = history.findLast((m) => m.role === 'assistant')?.content
  const feedback = call(`/${REGION}/feedback`, { text, ...(context ? { context } : {}), learner }).then((r) => r.json())
  history.push({ role: 'user', content: text })
  const chat = await call(`/${REGION}/tutor/chat`, {
    conversationId,
    messages: history.map(({ role, content }) => ({ role, content })),
    learner,
    scenario: 'free-talk',
  })
  let reply = ''
  for await (const e of readSse(chat.body!))
    if (e.event === 'done') reply = (JSON.parse(e.data) as { reply: string }).reply
  history[history.length - 1]!.feedback = await feedback
  const shown = performance.now() - sent // the old page showed the feedback together with the finished reply
  history.push({ role: 'assistant', content: reply })
  const save = (extra: object = {}) =>
    call(`/conversations/${who.sub}`, { id: conversationId, title: 'Bench', conversation: history, ...extra })
  await save()
  const plain = history.map(({ role, content }) => ({ role, content }))
  // As the page did: a failed score or embedding is left out, not an error.
  const [, embedded] = await Promise.all([
    call(`/${REGION}/score`, { conversation: history, learner }).catch((e: Error) => stageErrors.push(e.message)),
    call(`/${REGION}/scoring/embed`, { conversation: plain })
      .then((r) => r.json() as Promise<{ embedding: number[] }>)
      .catch((e: Error) => void stageErrors.push(e.message)),
  ])
  await save(embedded ? { embedding: embedded.embedding } : {})
  return { rules: shown, llm: shown, sendAgain: performance.now() - sent }
}

/** Each learner writes TURNS messages in its own conversation, one after another; learners run side by side. */
async function round(flow: Flow, learners: SignedIn[], into: Waits[]) {
  await Promise.all(
    learners.map(async (who, n) => {
      const conversationId = randomUUID()
      const history: Msg[] = []
      for (let t = 0; t < TURNS; t++)
        into.push(await flow(who, conversationId, MESSAGES[(n + t) % MESSAGES.length]!, history))
    }),
  )
}

try {
  const learners = await Promise.all([1, 2, 3, 4].map((n) => signInLearner(identity, `bench-loop-${n}@example.com`)))
  console.log(
    `learner loop on the embedded stack, model ${modelFile ? `${modelFile} (real weights)` : 'demo (random weights)'}, ` +
      `${TURNS} messages × ${ROUNDS} rounds per learner and flow, reference: the old client-side flow`,
  )
  await round(serverTurn, learners.slice(0, 1), []) // warm-up: model load, calibration, harper
  for (const concurrency of CONCURRENCIES) {
    const server: Waits[] = []
    const client: Waits[] = []
    for (let r = 0; r < ROUNDS; r++) {
      await round(clientTurn, learners.slice(0, concurrency), client)
      await round(serverTurn, learners.slice(0, concurrency), server)
    }
    for (const [label, key] of [
      ['Send → rules feedback', 'rules'],
      ['Send → LLM feedback', 'llm'],
      ['Send → Send enabled', 'sendAgain'],
    ] as const) {
      for (const p of [50, 95]) {
        const of = (w: Waits[]) =>
          percentile(
            w.map((x) => x[key]),
            p,
          )
        printRatio(`${label} p${p}, c=${concurrency}`, of(server), of(client), 'ms')
      }
    }
  }
  if (stageErrors.length)
    console.log(`${stageErrors.length} stage error(s), e.g. ${[...new Set(stageErrors)].slice(0, 3).join(' | ')}`)
} finally {
  await stack.close()
  rmSync(dataDir, { recursive: true, force: true })
}
