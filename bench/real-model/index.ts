// The tutor on real weights, through the gateway, against llama.cpp's own llama-server on the same GGUF: time to
// first token and decode tokens/s of a tutor turn (POST /{region}/tutor/chat with a learner's token) beside the same
// messages sent to llama-server's /v1/chat/completions with the same token cap and sampling. llama-server is built
// from the llama.cpp source bundled with node-llama-cpp into a cache (bench/lib/llama-server.ts); if it cannot be
// built, one line says so and the anchor is skipped. Then the tutor's reply quality (tutor-quality.ts).
// Knobs: BENCH_MODELS (smollm2:135m,gemma3:270m), BENCH_REQUESTS (3), BENCH_THREADS (1), BENCH_QUALITY (0 skips
// the quality part), BENCH_ANCHOR (0 skips llama-server).
import { startTestIssuer } from '@parley/auth/testing'
import { BUNDLED_SCENARIOS_DIR, chatWorkerEnv, loadScenarios, startChatWorker } from '@parley/chat-worker'
import { type ChatMessage, type Learner, loadConfig, silentLogger } from '@parley/core'
import { loadGatewayConfig, startGateway } from '@parley/gateway'
import { parleyCacheDir, REAL_MODELS, weightsPathOf } from '@parley/llm-worker'
import { prepareRealModelStore, REAL_MODELS_DIR_ENV, startRealLlmWorker } from '@parley/llm-worker/testing'
import { composeTutorTurn } from '../../services/chat-worker/src/compose.js'
import { replyOptions } from '../../services/chat-worker/src/tutor-reply.js'
import { buildLlamaServer, startLlamaServer } from '../lib/llama-server.js'
import { percentile, printRatio } from '../lib/load.js'
import { measureTutorQuality, printQuality } from './tutor-quality.js'

const MODELS = (process.env.BENCH_MODELS ?? 'smollm2:135m,gemma3:270m').split(',')
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3)
const THREADS = Number(process.env.BENCH_THREADS ?? 1)
const NUM_CTX = 2048
const REPLY_TOKENS = 64
const learner: Learner = { name: 'Ana', level: 'B1', nativeLanguage: 'pt-BR' }

function conversation(i: number): ChatMessage[] {
  return [
    { role: 'assistant', content: 'Hi Ana! Good evening, welcome! Table for one? Can I get you something to drink?' },
    { role: 'user', content: `Yes, table for one, please. I would like ${i + 1} glass of orange juice and the menu.` },
  ]
}

type Sample = { ttftMs: number; tokensPerSecond: number }

/** Reads an SSE or NDJSON-ish stream, timing the first content and counting what `count` says is a token. */
async function timed(res: Response, started: number, onText: (text: string) => number): Promise<Sample> {
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`)
  let first = Number.NaN
  let last = started
  let tokens = 0
  let buffer = ''
  const decoder = new TextDecoder()
  for await (const chunk of res.body!) {
    buffer += decoder.decode(chunk, { stream: true })
    const lines = buffer.split('\n')
    buffer = lines.pop() ?? ''
    for (const line of lines) {
      const n = onText(line)
      if (n > 0) {
        if (Number.isNaN(first)) first = performance.now()
        last = performance.now()
        tokens += n
      }
    }
  }
  // Decode rate after the first token, so prompt evaluation (in TTFT) is not counted twice.
  return { ttftMs: first - started, tokensPerSecond: (tokens - 1) / ((last - first) / 1000) }
}

async function main() {
  const dir = await prepareRealModelStore()
  if (!dir) {
    console.log('bench/real-model skipped: no real weights (run `npm run models:real`)')
    return
  }
  process.env[REAL_MODELS_DIR_ENV] = dir
  const build =
    process.env.BENCH_ANCHOR === '0'
      ? ({ ok: false, reason: 'BENCH_ANCHOR=0' } as const)
      : await buildLlamaServer((line) => console.log(line))
  if (!build.ok) console.log(`llama-server anchor skipped: ${build.reason.split('\n')[0]}`)
  const issuer = await startTestIssuer()
  const token = await issuer.sign({ sub: 'bench', expiresInSeconds: 3600 })
  const scenario = (await loadScenarios(BUNDLED_SCENARIOS_DIR)).get('restaurant')
  try {
    for (const model of MODELS) {
      const llm = await startRealLlmWorker({ model, threads: THREADS, contextSize: NUM_CTX, parallel: 1 })
      const chat = await startChatWorker(
        loadConfig(chatWorkerEnv, {
          CHAT_WORKER_PORT: '0',
          CHAT_LLM_URL: llm.url,
          CHAT_MODEL: model,
          CHAT_NUM_CTX: String(NUM_CTX),
          CHAT_MAX_REPLY_TOKENS: String(REPLY_TOKENS),
          // Measure decoding, not the sentence cap: the anchor generates the same number of tokens.
          CHAT_MAX_REPLY_SENTENCES: '1000',
        }),
        { log: silentLogger() },
      )
      const gateway = await startGateway(
        loadGatewayConfig({
          PORT: '0',
          AUTH_ISSUER: issuer.issuer,
          AUTH_JWKS_URL: issuer.jwksUrl,
          AUTH_CLIENT_IDS: issuer.clientId,
          GATEWAY_RATE_PER_SECOND: '1000',
          GATEWAY_RATE_BURST: '1000',
        }),
        {
          topology: {
            api: [],
            regions: [{ name: 'us-east-1', pools: { llm: [llm.url], chat: [chat.url], scoring: [] } }],
          },
          log: silentLogger(),
        },
      )
      const spec = REAL_MODELS.find((m) => m.name === model)!
      const anchor = build.ok
        ? await startLlamaServer(build.binary, weightsPathOf(parleyCacheDir(), spec), {
            threads: THREADS,
            contextSize: NUM_CTX,
          })
        : undefined
      const ours: Sample[] = []
      const theirs: Sample[] = []
      try {
        for (let i = 0; i < REQUESTS; i++) {
          const messages = conversation(i)
          let started = performance.now()
          const res = await fetch(`${gateway.url}/us-east-1/tutor/chat`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ conversationId: `b${i}`, messages, learner, scenario: 'restaurant', model }),
          })
          ours.push(await timed(res, started, (l) => (l.startsWith('event: token') ? 1 : 0)))
          if (!anchor) continue
          const turn = await composeTutorTurn({
            request: { learner, messages },
            scenario,
            tutorName: 'Parley',
            contextTokens: NUM_CTX,
            replyTokens: REPLY_TOKENS,
            summarise: async () => ({ text: '', kind: 'extractive' }),
          })
          const o = replyOptions({ maxReplyTokens: REPLY_TOKENS, temperature: 0.7 } as never, NUM_CTX, learner.name)
          started = performance.now()
          const direct = await fetch(`${anchor.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              messages: turn.messages,
              stream: true,
              max_tokens: REPLY_TOKENS,
              temperature: o.temperature,
              repeat_penalty: o.repeat_penalty,
              repeat_last_n: o.repeat_last_n,
              stop: o.stop,
            }),
          })
          theirs.push(await timed(direct, started, (l) => (/"content":"[^"]/.test(l) ? 1 : 0)))
        }
      } finally {
        await anchor?.close()
        await gateway.close()
        await chat.close()
        await llm.close()
      }
      const med = (xs: Sample[], k: keyof Sample) =>
        percentile(
          xs.map((x) => x[k]),
          50,
        )
      console.log(`\n${model} (${THREADS} thread(s), ${REQUESTS} tutor turns, p50):`)
      if (theirs.length) {
        printRatio(`${model} tutor TTFT via gateway vs llama-server`, med(ours, 'ttftMs'), med(theirs, 'ttftMs'), 'ms')
        printRatio(
          `${model} decode via gateway vs llama-server`,
          med(ours, 'tokensPerSecond'),
          med(theirs, 'tokensPerSecond'),
          'tok/s',
        )
      } else {
        console.log(
          `  TTFT ${med(ours, 'ttftMs').toFixed(0)} ms, decode ${med(ours, 'tokensPerSecond').toFixed(1)} tok/s (no anchor)`,
        )
      }
    }
  } finally {
    await issuer.close()
  }
  if (process.env.BENCH_QUALITY !== '0') printQuality(await measureTutorQuality())
}

await main()
