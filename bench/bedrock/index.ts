// The Bedrock worker's cost: the same Bedrock calls made two ways in this run, against the same local stand-in of the
// Bedrock Runtime (wire format, SigV4 checked): straight with @aws-sdk/client-bedrock-runtime (the anchor), and
// through `llm-worker --provider bedrock` with an Ollama client's request (the subject). Streamed chat (time to first
// token and whole reply), non-streamed chat, and a batch embedding; interleaved rounds, medians, ratios.
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime'
import { silentLogger } from '@parley/core'
import { loadBedrockWorkerConfig, startBedrockWorker } from '@parley/llm-worker/bedrock'
import { startBedrockStandIn } from '@parley/llm-worker/bedrock-testing'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { printRatio } from '../lib/load.js'
import { interleavedRounds, median } from '../lib/rounds.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const WORDS = Number(process.env.BENCH_TOKENS ?? 64)
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
// Pause between stream frames: Bedrock's own pace (5 ms is ~200 tokens/s); 0 measures the adapter's cost alone.
const FRAME_MS = Number(process.env.BENCH_FRAME_MS ?? 5)
const CHAT = 'amazon.nova-micro-v1:0'
const EMBED = 'amazon.titan-embed-text-v2:0'
const reply = Array.from({ length: WORDS }, (_, i) => `word${i}`).join(' ')

const standIn = await startBedrockStandIn({ reply: () => reply, frameDelayMs: FRAME_MS })
const worker = await startBedrockWorker(
  loadBedrockWorkerConfig({ BEDROCK_ENDPOINT: standIn.url, BEDROCK_MAX_ATTEMPTS: '1', LOG_LEVEL: 'silent' }),
  { port: 0, log: silentLogger(), credentials: standIn.credentials },
)
// The worker uses this same client set-up (HTTP/1.1 handler, explicit credentials): only the adapter differs.
const sdk = new BedrockRuntimeClient({
  region: standIn.region,
  endpoint: standIn.url,
  credentials: standIn.credentials,
  maxAttempts: 1,
  requestHandler: new NodeHttpHandler(),
})

const messages = [
  { role: 'system', content: 'You are a friendly English tutor.' },
  { role: 'user', content: 'Could you help me order a coffee, please?' },
]
const converseInput = {
  modelId: CHAT,
  system: [{ text: messages[0]!.content }],
  messages: [{ role: 'user' as const, content: [{ text: messages[1]!.content }] }],
  inferenceConfig: { maxTokens: 1024 },
}
const texts = ['I like tea.', 'She goes to school by bus.', 'We was happy yesterday.', 'Where is the station?']
const post = (path: string, body: unknown) =>
  fetch(`${worker.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

/** Reads a stream to its end; returns the time to its first text in ms. */
async function timedSdkStream(): Promise<number> {
  const t = performance.now()
  const out = await sdk.send(new ConverseStreamCommand(converseInput))
  let first = 0
  for await (const e of out.stream ?? []) if (e.contentBlockDelta?.delta?.text && !first) first = performance.now() - t
  return first
}
async function timedWorkerStream(): Promise<number> {
  const t = performance.now()
  const res = await post('/api/chat', { model: CHAT, messages })
  const reader = res.body!.getReader()
  let first = 0
  let tail = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (!first) first = performance.now() - t
    tail = (tail + Buffer.from(value).toString('utf8')).slice(-400)
  }
  if (!tail.includes('"done":true')) throw new Error(`stream did not finish: ${tail}`)
  return first
}

const ttft: Record<string, number[]> = { sdk: [], worker: [] }
const sides = {
  'stream chat': {
    sdk: async () => ttft.sdk!.push(await timedSdkStream()),
    worker: async () => ttft.worker!.push(await timedWorkerStream()),
  },
  'chat, stream:false': {
    sdk: () => sdk.send(new ConverseCommand(converseInput)),
    worker: async () => {
      const res = await post('/api/chat', { model: CHAT, messages, stream: false })
      if (res.status !== 200) throw new Error(`chat answered ${res.status}`)
      await res.json()
    },
  },
  'embed 4 texts': {
    sdk: () =>
      Promise.all(
        texts.map((inputText) =>
          sdk.send(
            new InvokeModelCommand({
              modelId: EMBED,
              contentType: 'application/json',
              accept: 'application/json',
              body: new TextEncoder().encode(JSON.stringify({ inputText, dimensions: 1024, normalize: true })),
            }),
          ),
        ),
      ),
    worker: async () => {
      const res = await post('/api/embed', { model: EMBED, input: texts })
      if (res.status !== 200) throw new Error(`embed answered ${res.status}`)
      await res.json()
    },
  },
}

console.log(
  `bedrock worker vs the SDK straight to the same stand-in: ${WORDS}-word replies, ${FRAME_MS} ms between stream frames, ` +
    `${CONCURRENCY} concurrent, ` +
    `${REQUESTS} requests a round, ${ROUNDS} rounds (medians); ratio > 1 = the worker is slower`,
)
for (const [name, side] of Object.entries(sides)) {
  ttft.sdk = []
  ttft.worker = []
  const r = await interleavedRounds({
    contenders: [
      { name: 'sdk', call: side.sdk },
      { name: 'worker', call: side.worker },
    ],
    rounds: ROUNDS,
    concurrency: CONCURRENCY,
    requests: REQUESTS,
    warmup: 10,
  })
  const m = (k: 'sdk' | 'worker', f: 'p50Ms' | 'p95Ms' | 'perSecond') => median(r[k]!.map((x) => x[f]))
  printRatio(`${name}: p50 latency`, m('worker', 'p50Ms'), m('sdk', 'p50Ms'), 'ms')
  printRatio(`${name}: p95 latency`, m('worker', 'p95Ms'), m('sdk', 'p95Ms'), 'ms')
  printRatio(`${name}: throughput`, m('worker', 'perSecond'), m('sdk', 'perSecond'), 'req/s')
  if (name === 'stream chat')
    printRatio('stream chat: time to first token p50', median(ttft.worker), median(ttft.sdk), 'ms')
}

await worker.close()
sdk.destroy()
await standIn.close()
