// The chat worker's cost on top of the LLM pool: a tutor turn through POST /tutor/chat (validation, calibration
// cache, history fitting, SSE, the leak guard's hold-back) against the very same messages streamed straight from the
// llm-worker's /api/chat with the `ollama` client, both measured here, in this run, interleaved, on the bench model
// (~0.5B-shaped, random weights; BENCH_MODEL_SIZE=tiny for near-free generation) with BENCH_THREADS llama.cpp threads.
// BENCH_REQUESTS turns of each kind per row.
import { BUNDLED_SCENARIOS_DIR, chatWorkerEnv, loadScenarios, startChatWorker } from '@parley/chat-worker'
import { type ChatMessage, type Learner, loadConfig, silentLogger } from '@parley/core'
import { startTestLlmWorker } from '@parley/llm-worker/testing'
import { Ollama } from 'ollama'
import { composeTutorTurn } from '../../services/chat-worker/src/compose.js'
import { percentile, printRatio } from '../lib/load.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4)
const THREADS = Number(process.env.BENCH_THREADS ?? 2)
// `bench` (~0.5B-shaped) by default; `tiny` makes generation nearly free, which isolates the chat worker's own cost.
const SIZE = (process.env.BENCH_MODEL_SIZE ?? 'bench') as 'bench' | 'tiny'
const REPLY_TOKENS = 48
const NUM_CTX = 4096
const MODEL = 'parley-bench-chat:latest'
const learner: Learner = { name: 'Ana', level: 'B1', nativeLanguage: 'pt-BR' }

/** A short conversation, different for each request so no two prompts are identical. */
function conversation(i: number): ChatMessage[] {
  return [
    { role: 'assistant', content: 'Hi! It is great to meet you. How has your day been so far?' },
    { role: 'user', content: `Hello! My day was busy. I worked ${i + 2} hours at the hospital and then I went home.` },
    { role: 'assistant', content: 'That sounds like a long day! What do you like most about your job?' },
    { role: 'user', content: `I like helping people. Yesterday I has helped ${i + 3} patients with their medicine.` },
  ]
}

type Sample = { firstTokenMs: number; totalMs: number; tokens: number }

async function viaChatWorker(url: string, i: number): Promise<Sample> {
  const started = performance.now()
  const res = await fetch(`${url}/tutor/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId: `bench-${i}`, messages: conversation(i), learner, scenario: 'free-talk' }),
  })
  if (res.status !== 200) throw new Error(`chat worker answered ${res.status}: ${await res.text()}`)
  let firstTokenMs = Number.NaN
  let tokens = 0
  const decoder = new TextDecoder()
  let buffer = ''
  for await (const chunk of res.body!) {
    if (Number.isNaN(firstTokenMs)) firstTokenMs = performance.now() - started
    buffer += decoder.decode(chunk, { stream: true })
    const done = /event: done\ndata: (.*)\n/.exec(buffer)
    if (done) tokens = (JSON.parse(done[1]!) as { tokens: { completion: number } }).tokens.completion
  }
  return { firstTokenMs, totalMs: performance.now() - started, tokens }
}

async function direct(llmUrl: string, i: number): Promise<Sample> {
  const catalogue = await loadScenarios(BUNDLED_SCENARIOS_DIR)
  const turn = await composeTutorTurn({
    request: { learner, messages: conversation(i) },
    scenario: catalogue.get('free-talk'),
    tutorName: 'Parley',
    contextTokens: NUM_CTX,
    replyTokens: REPLY_TOKENS,
    summarise: async () => ({ text: '', kind: 'extractive' }),
  })
  const started = performance.now()
  const stream = await new Ollama({ host: llmUrl }).chat({
    model: MODEL,
    stream: true,
    messages: turn.messages,
    options: { num_predict: REPLY_TOKENS, temperature: 0.7, num_ctx: NUM_CTX },
  })
  let firstTokenMs = Number.NaN
  let tokens = 0
  for await (const part of stream) {
    if (Number.isNaN(firstTokenMs) && part.message.content) firstTokenMs = performance.now() - started
    if (part.done) tokens = part.eval_count
  }
  return { firstTokenMs, totalMs: performance.now() - started, tokens }
}

type Row = { ttftP50: number; totalP50: number; totalP95: number; tokensPerSecond: number }

/**
 * Runs REQUESTS turns of each kind with `concurrency` callers, interleaved (even calls straight to the llm-worker,
 * odd ones through the chat worker), so both see the same machine load; a shared 2-core machine swings a lot.
 */
async function measurePair(
  concurrency: number,
  reference: (i: number) => Promise<Sample>,
  measured: (i: number) => Promise<Sample>,
): Promise<{ reference: Row; measured: Row }> {
  const samples: { ref: Sample[]; tut: Sample[] } = { ref: [], tut: [] }
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < 2 * REQUESTS) {
        const i = next++
        if (i % 2 === 0) samples.ref.push(await reference(i >> 1))
        else samples.tut.push(await measured(i >> 1))
      }
    }),
  )
  const row = (list: Sample[]): Row => ({
    ttftP50: percentile(
      list.map((s) => s.firstTokenMs),
      50,
    ),
    totalP50: percentile(
      list.map((s) => s.totalMs),
      50,
    ),
    totalP95: percentile(
      list.map((s) => s.totalMs),
      95,
    ),
    // Each reply's own streaming rate, averaged: both kinds share the wall clock, so a shared-time throughput would
    // be equal by construction.
    tokensPerSecond: list.reduce((n, s) => n + s.tokens / (s.totalMs / 1000), 0) / list.length,
  })
  return { reference: row(samples.ref), measured: row(samples.tut) }
}

const llm = await startTestLlmWorker({ size: SIZE, model: MODEL, seed: 7, threads: THREADS, contextSize: NUM_CTX })
try {
  const chat = await startChatWorker(
    loadConfig(chatWorkerEnv, {
      CHAT_WORKER_PORT: '0',
      CHAT_LLM_URL: llm.url,
      CHAT_MODEL: MODEL,
      CHAT_NUM_CTX: String(NUM_CTX),
      CHAT_MAX_REPLY_TOKENS: String(REPLY_TOKENS),
    }),
    { log: silentLogger() },
  )
  try {
    // Warm-up: loads the model, and lets the chat worker calibrate its token estimate once.
    await viaChatWorker(chat.url, 999)
    await direct(llm.url, 998)
    console.log(
      `${SIZE} model, ${THREADS} llama.cpp threads, ${REQUESTS} replies of up to ${REPLY_TOKENS} tokens per row`,
    )
    for (const concurrency of [1, 4]) {
      const { reference, measured: tutor } = await measurePair(
        concurrency,
        (i) => direct(llm.url, i),
        (i) => viaChatWorker(chat.url, i),
      )
      const tag = `c=${concurrency}`
      printRatio(`/tutor/chat time to first token p50 ${tag}`, tutor.ttftP50, reference.ttftP50, 'ms')
      printRatio(`/tutor/chat reply latency p50 ${tag}`, tutor.totalP50, reference.totalP50, 'ms')
      printRatio(`/tutor/chat reply latency p95 ${tag}`, tutor.totalP95, reference.totalP95, 'ms')
      printRatio(`/tutor/chat tokens/s per reply ${tag}`, tutor.tokensPerSecond, reference.tokensPerSecond, 'tok/s')
    }
    console.log(
      'reference: the same messages streamed straight from the llm-worker /api/chat with the ollama client, interleaved',
    )
  } finally {
    await chat.close()
  }
} finally {
  await llm.close()
}
