// The LLM worker against llama.cpp's own llama-server on the same GGUF, same threads, 4 parallel sequences each,
// both over HTTP through the same OpenAI-compatible streaming client (/v1/chat/completions), rounds interleaved:
// one-stream decode tokens/s and time to first token, four-stream aggregate tokens/s, a ~500-token prompt's TTFT,
// and the TTFT of a request that arrives while two others are generating. On the bench model (random weights, never
// stops) and, when the real weights are fetched (`npm run models:real`), on SmolLM2-135M.
// llama-server comes from bench/lib/llama-server.ts (built from node-llama-cpp's bundled llama.cpp into the cache);
// without it the anchor is skipped with one line. BENCH_BUILD_LLAMA_SERVER=1 builds it (minutes, once).
// Env: BENCH_THREADS (2), BENCH_TOKENS (64), BENCH_REPS (2), BENCH_MODELS (bench,smollm2).
import { existsSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { silentLogger } from '@parley/core'
import {
  importModel,
  loadLlmWorkerConfig,
  ModelStore,
  makeTestModel,
  parleyCacheDir,
  startLlmWorker,
} from '@parley/llm-worker'
import { buildLlamaServer, startLlamaServer } from '../lib/llama-server.js'
import { printRatio } from '../lib/load.js'

const THREADS = Number(process.env.BENCH_THREADS ?? 2)
const TOKENS = Number(process.env.BENCH_TOKENS ?? 64)
const REPS = Number(process.env.BENCH_REPS ?? 2)
const MODELS = (process.env.BENCH_MODELS ?? 'bench,smollm2').split(',')
const CONTEXT = 1024
const SYSTEM = 'You are a friendly English tutor. Answer in two or three short sentences.'
const question = (i: number) => `Question ${i}: what did you do last weekend, and what will you do next weekend?`
const longQuestion = (i: number) =>
  `${i} ${Array.from({ length: 52 }, (_, k) => `sentence ${k} about the weekend`).join(', ')}. Summarise.`

type Server = { url: string; model: string }
type Stream = { startMs: number; firstMs: number; endMs: number; tokens: number; promptTokens: number }

async function chat(s: Server, content: string, maxTokens: number, onFirst?: () => void): Promise<Stream> {
  const startMs = performance.now()
  const res = await fetch(`${s.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: s.model,
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content },
      ],
      max_tokens: maxTokens,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    }),
  })
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`)
  let firstMs: number | undefined
  let chunks = 0
  let usage: { completion_tokens?: number; prompt_tokens?: number } | undefined
  let buffered = ''
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += Buffer.from(bytes).toString('utf8')
    let nl = buffered.indexOf('\n')
    while (nl >= 0) {
      const line = buffered.slice(0, nl).trim()
      buffered = buffered.slice(nl + 1)
      nl = buffered.indexOf('\n')
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue
      const item = JSON.parse(line.slice(6)) as {
        choices?: { delta?: { content?: string } }[]
        usage?: { completion_tokens?: number; prompt_tokens?: number }
      }
      if (item.choices?.[0]?.delta?.content) {
        if (firstMs === undefined) {
          firstMs = performance.now()
          onFirst?.()
        }
        chunks++
      }
      if (item.usage) usage = item.usage
    }
  }
  const endMs = performance.now()
  return {
    startMs,
    firstMs: firstMs ?? endMs,
    endMs,
    tokens: usage?.completion_tokens ?? chunks,
    promptTokens: usage?.prompt_tokens ?? 0,
  }
}

type Figures = { decode1: number; ttft1: number; agg4: number; ttftLong: number; ttftLate: number; longTokens: number }

async function measure(s: Server, rep: number): Promise<Figures> {
  const one = await chat(s, question(rep), TOKENS)
  const decode1 = (one.tokens - 1) / ((one.endMs - one.firstMs) / 1000)
  const started = performance.now()
  const four = await Promise.all([0, 1, 2, 3].map((k) => chat(s, question(rep * 10 + k + 1), TOKENS)))
  const agg4 = four.reduce((a, x) => a + x.tokens, 0) / ((performance.now() - started) / 1000)
  const long = await chat(s, longQuestion(rep), 4)
  // Late arrival: a third request once two long streams are generating.
  let running = 0
  let bothRunning!: () => void
  const both = new Promise<void>((r) => {
    bothRunning = r
  })
  const onFirst = () => {
    if (++running === 2) bothRunning()
  }
  const longs = [chat(s, question(rep + 50), TOKENS * 2, onFirst), chat(s, question(rep + 60), TOKENS * 2, onFirst)]
  await both
  const late = await chat(s, question(rep + 70), 4)
  await Promise.all(longs)
  return {
    decode1,
    ttft1: one.firstMs - one.startMs,
    agg4,
    ttftLong: long.firstMs - long.startMs,
    ttftLate: late.firstMs - late.startMs,
    longTokens: long.promptTokens,
  }
}

function llamaServerBinary(): string | undefined {
  const llamaDir = join(dirname(dirname(fileURLToPath(import.meta.resolve('node-llama-cpp')))), 'llama')
  const info = join(llamaDir, 'llama.cpp.info.json')
  if (!existsSync(info)) return undefined
  const { tag } = JSON.parse(readFileSync(info, 'utf8')) as { tag: string }
  const binary = join(parleyCacheDir(), 'llama-server', tag, 'build', 'bin', 'llama-server')
  return existsSync(binary) ? binary : undefined
}

let binary = llamaServerBinary()
if (!binary && process.env.BENCH_BUILD_LLAMA_SERVER === '1') {
  const built = await buildLlamaServer((l) => console.log(l))
  if (built.ok) binary = built.binary
  else console.log(`llama-server: ${built.reason}`)
}
if (!binary)
  console.log(
    'llama-server anchor skipped: not built (BENCH_BUILD_LLAMA_SERVER=1 builds it into $PARLEY_CACHE_DIR/llama-server); worker figures only',
  )

async function modelFile(which: string): Promise<{ store: ModelStore; name: string; gguf: string } | undefined> {
  if (which === 'bench') {
    const cache = join(tmpdir(), 'parley-bench-llm')
    const file = join(cache, 'bench-seed1.gguf')
    const store = new ModelStore(join(cache, 'models'))
    await mkdir(cache, { recursive: true })
    if (!existsSync(file)) await makeTestModel({ size: 'bench', out: file, seed: 1 })
    if (!(await store.list()).some((m) => m.name === 'bench-bench:latest'))
      await importModel(store, file, 'bench-bench:latest')
    return { store, name: 'bench-bench:latest', gguf: file }
  }
  const gguf = join(parleyCacheDir(), 'weights', 'SmolLM2-135M-Instruct.Q4_1.gguf')
  if (!existsSync(gguf)) {
    console.log('SmolLM2 skipped: weights not fetched (npm run models:real)')
    return undefined
  }
  const cache = join(tmpdir(), 'parley-bench-llm-real')
  const store = new ModelStore(join(cache, 'models'))
  await mkdir(cache, { recursive: true })
  if (!(await store.list()).some((m) => m.name === 'smollm2:135m')) await importModel(store, gguf, 'smollm2:135m')
  return { store, name: 'smollm2:135m', gguf }
}

console.log(`threads ${THREADS}, ${TOKENS} tokens per stream, 4 parallel sequences, context ${CONTEXT} per sequence`)
for (const which of MODELS) {
  const m = await modelFile(which)
  if (!m) continue
  const worker = await startLlmWorker(
    loadLlmWorkerConfig({
      MODELS_DIR: m.store.dir,
      LLM_WORKER_PORT: '0',
      LLM_THREADS: String(THREADS),
      LLM_PARALLEL: '4',
      LLM_CONTEXT_SIZE: String(CONTEXT),
      LLM_KEEP_ALIVE: '-1',
    }),
    { log: silentLogger() },
  )
  const server = binary
    ? await startLlamaServer(binary, m.gguf, { threads: THREADS, contextSize: CONTEXT, parallel: 4 })
    : undefined
  const ours: Server = { url: worker.url, model: m.name }
  const theirs: Server | undefined = server && { url: server.url, model: m.name }
  try {
    // Warm both (model load, graph allocation, chat template), then alternate so that drifting load hits both alike.
    await chat(ours, question(999), 8)
    if (theirs) await chat(theirs, question(999), 8)
    const a: Figures[] = []
    const b: Figures[] = []
    for (let rep = 0; rep < REPS; rep++) {
      a.push(await measure(ours, rep))
      if (theirs) b.push(await measure(theirs, rep))
    }
    const avg = (fs: Figures[], k: keyof Figures) => fs.reduce((x, f) => x + f[k], 0) / fs.length
    console.log(`\n${m.name}: worker vs llama-server (long prompt ${Math.round(avg(a, 'longTokens'))} tokens)`)
    const rows: [string, keyof Figures, string][] = [
      ['1 stream decode', 'decode1', 'tok/s'],
      ['1 stream time to first token', 'ttft1', 'ms'],
      ['4 streams aggregate', 'agg4', 'tok/s'],
      ['long prompt time to first token', 'ttftLong', 'ms'],
      ['late arrival time to first token', 'ttftLate', 'ms'],
    ]
    for (const [label, k, unit] of rows)
      if (theirs) printRatio(label, avg(a, k), avg(b, k), unit)
      else console.log(`${label.padEnd(44)} ${avg(a, k).toFixed(2).padStart(9)} ${unit}`)
  } finally {
    await server?.close()
    await worker.close()
  }
}
