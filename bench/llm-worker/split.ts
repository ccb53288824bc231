// Where the worker's decode time goes, split into "library" and "ours", on one GGUF, same threads, rounds interleaved:
// - floor: node-llama-cpp's lowest-level loop (`LlamaContextSequence.evaluate`, greedy), i.e. the addon's decode
//   plus the least JavaScript node-llama-cpp can run per token;
// - chat: `LlamaChat.generateResponse` in-process, the call the worker makes per request;
// - worker: the worker over HTTP (/v1/chat/completions, streaming).
// With llama-server built (bench/lib/llama-server.ts) it is the anchor; the ratios say which layer loses the time.
// Env: BENCH_THREADS (2), BENCH_TOKENS (64), BENCH_REPS (3), BENCH_MODELS (bench,smollm2), LLM_NATIVE_LLAMA (auto).
import { silentLogger } from '@parley/core'
import {
  applyThreadPoll,
  installNativeBuild,
  loadLlmWorkerConfig,
  NATIVE_CMAKE_OPTIONS,
  startLlmWorker,
} from '@parley/llm-worker'
import { type ChatHistoryItem, getLlama, LlamaChat, type LlamaContextSequence } from 'node-llama-cpp'
import { startLlamaServer } from '../lib/llama-server.js'
import { printRatio } from '../lib/load.js'
import { benchModelFile, chatStream, llamaServerBinary, loadAverage, median, question, SYSTEM } from './common.js'

const THREADS = Number(process.env.BENCH_THREADS ?? 2)
const TOKENS = Number(process.env.BENCH_TOKENS ?? 64)
const REPS = Number(process.env.BENCH_REPS ?? 3)
const MODELS = (process.env.BENCH_MODELS ?? 'bench,smollm2').split(',')
const CONTEXT = 1024

// The binding the worker would load (LLM_NATIVE_LLAMA): the native build when it is there, else the prebuilt one;
// its pool polls as the worker's would (LLM_THREAD_POLL), for the in-process contexts too.
const native = process.env.LLM_NATIVE_LLAMA !== 'off' && installNativeBuild()
applyThreadPoll(loadLlmWorkerConfig().LLM_THREAD_POLL)
const llama = await getLlama({
  build: 'never',
  ...(native && { gpu: false as const, cmakeOptions: { ...NATIVE_CMAKE_OPTIONS } }),
})
const binary = llamaServerBinary()
console.log(
  `threads ${THREADS}, ${TOKENS} tokens, ${REPS} rounds; binding ${llama.buildType}; ${binary ? 'llama-server anchor' : 'no llama-server (anchor skipped)'}`,
)

for (const which of MODELS) {
  const m = await benchModelFile(which)
  if (!m) continue
  const model = await llama.loadModel({ modelPath: m.gguf })
  const context = await model.createContext({ contextSize: CONTEXT, sequences: 1, threads: THREADS })
  const seq = context.getSequence()
  const probe = new LlamaChat({ contextSequence: seq })
  const chatWrapper = probe.chatWrapper
  probe.dispose({ disposeSequence: false })
  const history = (i: number): ChatHistoryItem[] => [
    { type: 'system', text: SYSTEM },
    { type: 'user', text: question(i) },
    { type: 'model', response: [] },
  ]
  const promptTokens = (i: number) => chatWrapper.generateContextState({ chatHistory: history(i) }).contextText

  async function floor(s: LlamaContextSequence, i: number): Promise<number> {
    await s.clearHistory()
    const tokens = promptTokens(i).tokenize(model.tokenizer)
    const times: number[] = []
    for await (const _ of s.evaluate(tokens, { temperature: 0 })) {
      times.push(performance.now())
      if (times.length >= TOKENS) break
    }
    return (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000)
  }
  async function chat(s: LlamaContextSequence, i: number): Promise<number> {
    await s.clearHistory()
    const c = new LlamaChat({ contextSequence: s, chatWrapper })
    const times: number[] = []
    await c.generateResponse(history(i), {
      maxTokens: TOKENS,
      temperature: 0,
      onToken: () => times.push(performance.now()),
    })
    c.dispose({ disposeSequence: false })
    return (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000)
  }

  const worker = await startLlmWorker(
    loadLlmWorkerConfig({
      MODELS_DIR: m.store.dir,
      LLM_WORKER_PORT: '0',
      LLM_THREADS: String(THREADS),
      LLM_PARALLEL: '1',
      LLM_CONTEXT_SIZE: String(CONTEXT),
      LLM_KEEP_ALIVE: '-1',
    }),
    { log: silentLogger() },
  )
  const server = binary
    ? await startLlamaServer(binary, m.gguf, { threads: THREADS, contextSize: CONTEXT, parallel: 1 })
    : undefined
  const http = async (url: string, i: number) => {
    const s = await chatStream({ url, model: m.name }, question(i), TOKENS)
    return (s.tokens - 1) / ((s.endMs - s.firstMs) / 1000)
  }
  try {
    await floor(seq, 999)
    await http(worker.url, 999)
    if (server) await http(server.url, 999)
    const r = { floor: [] as number[], chat: [] as number[], worker: [] as number[], server: [] as number[] }
    for (let rep = 0; rep < REPS; rep++) {
      if (server) r.server.push(await http(server.url, rep))
      r.floor.push(await floor(seq, rep))
      r.chat.push(await chat(seq, rep))
      r.worker.push(await http(worker.url, rep))
    }
    console.log(`\n${m.name}: 1-stream decode, median of ${REPS} (load average ${loadAverage()})`)
    const anchor = server ? median(r.server) : median(r.floor)
    const anchorName = server ? 'llama-server' : 'floor'
    for (const [label, xs] of [
      ['node-llama-cpp floor (sequence.evaluate)', r.floor],
      ['node-llama-cpp LlamaChat in-process', r.chat],
      ['worker over HTTP', r.worker],
    ] as const)
      printRatio(`${label} vs ${anchorName}`, median(xs), anchor, 'tok/s')
  } finally {
    await server?.close()
    await worker.close()
    await context.dispose()
    await model.dispose()
  }
}
