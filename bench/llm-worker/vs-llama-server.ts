// The LLM worker against llama.cpp's own llama-server on the same GGUF, same threads, 4 parallel sequences each,
// both over HTTP through the same OpenAI-compatible streaming client (/v1/chat/completions), rounds interleaved:
// one-stream decode tokens/s and time to first token, four-stream aggregate tokens/s, a ~500-token prompt's TTFT,
// and the TTFT of a request that arrives while two others are generating; at each thread count in BENCH_THREADS.
// 0 there is the worker's default (LLM_THREADS=0: the free cores, followed per batch) against llama-server on every
// core.
// The worker runs in child processes, one per llama.cpp binding: node-llama-cpp's prebuilt binary and, when it is
// built (`npm run llama:native`), the build from its bundled source with Parley's thread-pool patch ("native"), and
// on request the same build with the pool turned off ("native-nopool", PARLEY_LLAMA_THREADPOOL=off), which isolates
// what the pool buys, or with its threads sleeping at once instead of polling ("native-poll0", LLM_THREAD_POLL=0). On the bench model (random weights, never stops) and, when the real weights are fetched
// (`npm run models:real`), on SmolLM2-135M. llama-server is the one the native build made from the same tree (same
// ggml libraries), else the one bench/lib/llama-server.ts builds (BENCH_BUILD_LLAMA_SERVER=1); without either the
// anchor is skipped with one line.
// Env: BENCH_THREADS (1,2), BENCH_TOKENS (64), BENCH_REPS (2), BENCH_MODELS (bench,smollm2),
// BENCH_BINDINGS (prebuilt,native; native-nopool and native-poll0 on request).

import { availableParallelism } from 'node:os'
import { setTimeout } from 'node:timers/promises'
import { startChildWorker } from '../lib/child-worker.js'
import { buildLlamaServer, startLlamaServer } from '../lib/llama-server.js'
import { printRatio } from '../lib/load.js'
import {
  benchModelFile,
  chatStream,
  llamaServerBinary,
  loadAverage,
  longQuestion,
  median,
  nativeBuilt,
  question,
  type Server,
} from './common.js'

const THREADS = (process.env.BENCH_THREADS ?? '1,2').split(',').map(Number)
const ALL_CORES = availableParallelism()
const TOKENS = Number(process.env.BENCH_TOKENS ?? 64)
const REPS = Number(process.env.BENCH_REPS ?? 2)
const MODELS = (process.env.BENCH_MODELS ?? 'bench,smollm2').split(',')
const CONTEXT = 1024
const SETTLE_MS = 400

type Figures = { decode1: number; ttft1: number; agg4: number; ttftLong: number; ttftLate: number; longTokens: number }

async function measure(s: Server, rep: number): Promise<Figures> {
  // A question new to the server (only the system prompt is cached). question(rep) was also one of round 0's four
  // streams, and llama-server keeps prompts beyond its slots (after five other requests on four slots it took 47 of
  // that prompt's 48 tokens from cache), so rounds 1 and 2 measured its prompt cache, not a prompt's TTFT.
  const one = await chatStream(s, question(rep + 100), TOKENS)
  const decode1 = (one.tokens - 1) / ((one.endMs - one.firstMs) / 1000)
  const started = performance.now()
  const four = await Promise.all([0, 1, 2, 3].map((k) => chatStream(s, question(rep * 10 + k + 1), TOKENS)))
  const agg4 = four.reduce((a, x) => a + x.tokens, 0) / ((performance.now() - started) / 1000)
  const long = await chatStream(s, longQuestion(rep), 4)
  // Late arrival: a third request once two long streams are generating.
  let running = 0
  let bothRunning!: () => void
  const both = new Promise<void>((r) => {
    bothRunning = r
  })
  const onFirst = () => {
    if (++running === 2) bothRunning()
  }
  const longs = [
    chatStream(s, question(rep + 50), TOKENS * 2, onFirst),
    chatStream(s, question(rep + 60), TOKENS * 2, onFirst),
  ]
  await both
  const late = await chatStream(s, question(rep + 70), 4)
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

let binary = llamaServerBinary()
if (!binary && process.env.BENCH_BUILD_LLAMA_SERVER === '1') {
  const built = await buildLlamaServer((l) => console.log(l))
  if (built.ok) binary = built.binary
  else console.log(`llama-server: ${built.reason}`)
}
if (!binary)
  console.log(
    'llama-server anchor skipped: not built (npm run llama:native, or BENCH_BUILD_LLAMA_SERVER=1); worker figures only',
  )
const asked = (process.env.BENCH_BINDINGS ?? 'prebuilt,native').split(',')
const bindings = asked.filter((b) => b === 'prebuilt' || nativeBuilt())
if (bindings.length < asked.length) console.log('native bindings skipped: not built (npm run llama:native)')
// What each binding name means for the worker's environment.
const BINDING_ENV: Record<string, Record<string, string>> = {
  prebuilt: { LLM_NATIVE_LLAMA: 'off' },
  native: { LLM_NATIVE_LLAMA: 'auto' },
  'native-nopool': { LLM_NATIVE_LLAMA: 'auto', PARLEY_LLAMA_THREADPOOL: 'off' },
  // The pool's threads sleeping at once after each graph instead of polling at ggml's level 50 (the default).
  'native-poll0': { LLM_NATIVE_LLAMA: 'auto', LLM_THREAD_POLL: '0' },
}
const bindingEnv = (b: string): Record<string, string> => {
  const env = BINDING_ENV[b]
  if (!env) throw new Error(`BENCH_BINDINGS: unknown binding ${b} (${Object.keys(BINDING_ENV).join(', ')})`)
  return env
}
console.log(`${TOKENS} tokens per stream, 4 parallel sequences, context ${CONTEXT} per sequence, ${REPS} rounds`)

const rows: [string, keyof Figures, string][] = [
  ['1 stream decode', 'decode1', 'tok/s'],
  ['1 stream time to first token', 'ttft1', 'ms'],
  ['4 streams aggregate', 'agg4', 'tok/s'],
  ['long prompt time to first token', 'ttftLong', 'ms'],
  ['late arrival time to first token', 'ttftLate', 'ms'],
]
for (const which of MODELS) {
  const m = await benchModelFile(which)
  if (!m) continue
  const byThreads = new Map<number, Map<string, Figures[]>>()
  for (const threads of THREADS) {
    const env = {
      MODELS_DIR: m.store.dir,
      LLM_THREADS: String(threads),
      LLM_PARALLEL: '4',
      LLM_CONTEXT_SIZE: String(CONTEXT),
      LLM_KEEP_ALIVE: '-1',
    }
    const workers = await Promise.all(bindings.map((b) => startChildWorker({ ...env, ...bindingEnv(b) })))
    const server = binary
      ? await startLlamaServer(binary, m.gguf, { threads: threads || ALL_CORES, contextSize: CONTEXT, parallel: 4 })
      : undefined
    const subjects: [string, Server][] = bindings.map((b, i) => [
      `worker ${b}`,
      { url: workers[i]!.url, model: m.name },
    ])
    if (server) subjects.push(['llama-server', { url: server.url, model: m.name }])
    const figures = new Map<string, Figures[]>(subjects.map(([name]) => [name, []]))
    try {
      // Warm every server (model load, graph allocation, chat template), then alternate so drifting load hits all.
      for (const [, s] of subjects) await chatStream(s, question(999), 8)
      // Each subject starts once the one before it is quiet: after its last graph ggml's pool threads keep polling
      // for about 100 ms (measured for both), which took a core from the next subject's first request.
      for (let rep = 0; rep < REPS; rep++)
        for (const [name, s] of subjects) {
          await setTimeout(SETTLE_MS)
          figures.get(name)!.push(await measure(s, rep))
        }
    } finally {
      await server?.close()
      await Promise.all(workers.map((w) => w.close()))
    }
    byThreads.set(threads, figures)
    const med = (name: string, k: keyof Figures) => median(figures.get(name)!.map((f) => f[k]))
    const longTokens = Math.round(med(subjects[0]![0], 'longTokens'))
    console.log(
      `\n${m.name}, ${threads ? `${threads} thread(s)` : `worker LLM_THREADS=0, llama-server ${ALL_CORES} threads`}: medians of ${REPS}, long prompt ${longTokens} tokens, load average ${loadAverage()}`,
    )
    for (const b of bindings)
      for (const [label, k, unit] of rows)
        if (server) printRatio(`${b}: ${label}`, med(`worker ${b}`, k), med('llama-server', k), unit)
        else console.log(`${b}: ${label}`.padEnd(44), med(`worker ${b}`, k).toFixed(2).padStart(9), unit)
  }
  // More threads must never be slower: each subject at its highest thread count against itself at its lowest.
  const fixed = THREADS.filter((t) => t > 0)
  const [lo, hi] = [Math.min(...fixed), Math.max(...fixed)]
  if (fixed.length > 1 && lo !== hi) {
    console.log(`\n${m.name}: ${hi} threads against ${lo} (same subject; > 1 is faster with more threads)`)
    for (const name of byThreads.get(lo)!.keys())
      for (const [label, k] of [
        ['1 stream decode', 'decode1'],
        ['4 streams aggregate', 'agg4'],
      ] as const) {
        const at = (t: number) =>
          median(
            byThreads
              .get(t)!
              .get(name)!
              .map((f) => f[k]),
          )
        printRatio(`${name}: ${label}`, at(hi), at(lo), 'tok/s')
      }
  }
}
