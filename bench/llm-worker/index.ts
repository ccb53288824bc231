// The LLM worker's overhead: tokens/s and time to first token for 1 and 4 concurrent streams through HTTP
// (/api/chat, NDJSON streaming, scheduler, sequence leasing), against node-llama-cpp driven directly in-process on the
// same model file, same threads and same prompts, both measured here in this run.
// BENCH_MODEL_SIZE=tiny gives a quick smoke run; BENCH_TOKENS and BENCH_THREADS tune the run.
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import {
  importModel,
  loadLlmWorkerConfig,
  ModelStore,
  makeTestModel,
  startLlmWorker,
  type TestModelSize,
} from '@parley/llm-worker'
import { type ChatHistoryItem, getLlama, LlamaChat, type LlamaContextSequence } from 'node-llama-cpp'
import { printRatio } from '../lib/load.js'

const SIZE = (process.env.BENCH_MODEL_SIZE ?? 'bench') as TestModelSize
const TOKENS = Number(process.env.BENCH_TOKENS ?? 48)
const CONTEXT = 1024
const SYSTEM = 'You are a friendly English tutor. Answer in two or three short sentences.'
const question = (i: number) => `Question ${i}: what did you do last weekend, and what will you do next weekend?`

type Stream = { ttftMs: number; tokens: number }
type Round = { streams: Stream[]; seconds: number }

// The model is generated once and kept between runs (the bench model is ~0.5 GB and takes a while to write).
const cache = join(tmpdir(), 'parley-bench-llm')
const file = join(cache, `${SIZE}-seed1.gguf`)
const store = new ModelStore(join(cache, 'models'))
const name = `bench-${SIZE}:latest`
await mkdir(cache, { recursive: true })
if (!existsSync(file)) {
  console.log(`writing the ${SIZE} test model to ${file} …`)
  await makeTestModel({ size: SIZE, out: file, seed: 1 })
}
if (!(await store.list()).some((m) => m.name === name)) await importModel(store, file, name)
const modelPath = (await store.resolve(name)).modelPath

const llama = await getLlama({ build: 'never' })
const threads = Number(process.env.BENCH_THREADS ?? 0) || llama.cpuMathCores

// Reference: node-llama-cpp in-process, one context with 4 sequences, LlamaChat per request.
const model = await llama.loadModel({ modelPath })
const context = await model.createContext({ contextSize: CONTEXT, sequences: 4, threads })
const sequences = Array.from({ length: 4 }, () => context.getSequence())
// Resolve the chat template once, as the worker does per loaded model (resolving "auto" per request costs ~1 s here).
const probe = new LlamaChat({ contextSequence: sequences[0]! })
const chatWrapper = probe.chatWrapper
probe.dispose({ disposeSequence: false })

async function direct(seq: LlamaContextSequence, i: number): Promise<Stream> {
  const chat = new LlamaChat({ contextSequence: seq, chatWrapper })
  const history: ChatHistoryItem[] = [
    { type: 'system', text: SYSTEM },
    { type: 'user', text: question(i) },
    { type: 'model', response: [] },
  ]
  const before = seq.tokenMeter.usedOutputTokens
  const started = performance.now()
  let first: number | undefined
  await chat.generateResponse(history, {
    maxTokens: TOKENS,
    temperature: 0,
    onTextChunk: (t) => {
      if (t) first ??= performance.now()
    },
  })
  chat.dispose({ disposeSequence: false })
  return { ttftMs: (first ?? performance.now()) - started, tokens: seq.tokenMeter.usedOutputTokens - before }
}

// Measured: the worker over HTTP with the same threads and 4 parallel sequences.
const worker = await startLlmWorker(
  loadLlmWorkerConfig({
    MODELS_DIR: store.dir,
    LLM_WORKER_PORT: '0',
    LLM_THREADS: String(threads),
    LLM_PARALLEL: '4',
    LLM_CONTEXT_SIZE: String(CONTEXT),
    LLM_KEEP_ALIVE: '-1',
  }),
  // One llama.cpp binding per process: the worker shares the reference's.
  { log: silentLogger(), llama: async () => llama },
)

async function overHttp(i: number): Promise<Stream> {
  const started = performance.now()
  const res = await fetch(`${worker.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: name,
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: question(i) },
      ],
      options: { num_predict: TOKENS, temperature: 0 },
    }),
  })
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`)
  let first: number | undefined
  let tokens = 0
  let buffered = ''
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += Buffer.from(bytes).toString('utf8')
    let nl = buffered.indexOf('\n')
    while (nl >= 0) {
      const item = JSON.parse(buffered.slice(0, nl)) as {
        message?: { content: string }
        done: boolean
        eval_count?: number
      }
      buffered = buffered.slice(nl + 1)
      if (item.message?.content) first ??= performance.now()
      if (item.done) tokens = item.eval_count ?? 0
      nl = buffered.indexOf('\n')
    }
  }
  return { ttftMs: (first ?? performance.now()) - started, tokens }
}

async function round(n: number, run: (slot: number, i: number) => Promise<Stream>, offset: number): Promise<Round> {
  const started = performance.now()
  const streams = await Promise.all(Array.from({ length: n }, (_, slot) => run(slot, offset + slot)))
  return { streams, seconds: (performance.now() - started) / 1000 }
}

const tokensPerSecond = (r: Round) => r.streams.reduce((a, s) => a + s.tokens, 0) / r.seconds
const meanTtft = (r: Round) => r.streams.reduce((a, s) => a + s.ttftMs, 0) / r.streams.length

console.log(`model ${name} (${SIZE}), threads ${threads}, ${TOKENS} tokens per stream, context ${CONTEXT}`)
// Warm both paths (first-use costs: chat template resolution, graph allocation, model load for the worker).
await round(1, (s, i) => direct(sequences[s]!, i), 100)
await round(1, (_s, i) => overHttp(i), 100)

// Alternate reference and measured rounds so that load drifting on a shared machine hits both alike.
const results: Record<string, { ref: Round[]; http: Round[] }> = {
  '1': { ref: [], http: [] },
  '4': { ref: [], http: [] },
}
for (const n of [1, 4]) {
  for (let rep = 0; rep < 2; rep++) {
    results[n]!.ref.push(await round(n, (s, i) => direct(sequences[s]!, i), rep * 10))
    results[n]!.http.push(await round(n, (_s, i) => overHttp(i), rep * 10))
  }
}

const avg = (rs: Round[], f: (r: Round) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length
for (const n of ['1', '4']) {
  const { ref, http } = results[n]!
  printRatio(
    `${n} stream(s): tokens/s, HTTP vs in-process`,
    avg(http, tokensPerSecond),
    avg(ref, tokensPerSecond),
    'tok/s',
  )
  printRatio(`${n} stream(s): time to first token`, avg(http, meanTtft), avg(ref, meanTtft), 'ms')
}

await worker.close()
await context.dispose()
await model.dispose()
