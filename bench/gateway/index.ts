// The gateway's cost on the path it exists for: time to first token and tokens/s of a streamed generation through
// `parley gateway` beside the same request straight to the `parley llm-worker` behind it, and the latency it adds to
// a plain request (GET tags) at p50 and p99. Both sides run in this run, interleaved, with the same client.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestIssuer } from '@parley/auth/testing'
import { spawnService } from '@parley/gateway/cluster'
import { percentile, printRatio } from '../lib/load.js'

const STREAMS = Number(process.env.BENCH_STREAMS ?? 12)
const TOKENS = Number(process.env.BENCH_TOKENS ?? 64)
const PLAIN = Number(process.env.BENCH_REQUESTS ?? 400)
const SIZE = process.env.BENCH_MODEL_SIZE ?? 'tiny'
const MODEL = 'bench-model:latest'
// One llama.cpp thread: this machine's two cores are shared, and oversubscribed threads slow decoding many times over.
const THREADS = process.env.LLM_THREADS ?? '1'

const cli = new URL('../../apps/cli/bin/parley.mjs', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-gw-'))
const modelsDir = join(dir, 'models')
const run = (...args: string[]) => execFileSync(process.execPath, [cli, ...args], { stdio: 'ignore' })
run('model', 'make-test', '--size', SIZE, '--out', join(dir, 'm.gguf'))
run('model', 'import', join(dir, 'm.gguf'), MODEL, '--models-dir', modelsDir)

// Interrupted, exit at once: spawnService's exit hook stops the worker and the gateway.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130))

const quiet = { ...process.env, PARLEY_DATA_DIR: dir, LOG_LEVEL: 'warn' }
const worker = await spawnService({
  label: 'llm-worker',
  cli,
  args: ['llm-worker', '--port', '0', '--models-dir', modelsDir, '--parallel', '1', '--threads', THREADS],
  env: quiet,
  logFile: join(dir, 'worker.log'),
})
const issuer = await startTestIssuer()
const topology = join(dir, 'topology.json')
writeFileSync(topology, JSON.stringify({ api: [], regions: [{ name: 'us-east-1', pools: { llm: [worker.url] } }] }))
const gateway = await spawnService({
  label: 'gateway',
  cli,
  args: ['gateway', '--port', '0', '--config', topology],
  env: {
    ...quiet,
    AUTH_ISSUER: issuer.issuer,
    AUTH_JWKS_URL: issuer.jwksUrl,
    AUTH_CLIENT_IDS: issuer.clientId,
    GATEWAY_RATE_BURST: '100000',
    GATEWAY_RATE_PER_SECOND: '100000',
  },
  logFile: join(dir, 'gateway.log'),
})
const headers = { authorization: `Bearer ${await issuer.sign({ sub: 'bench', expiresInSeconds: 3600 })}` }

type StreamFigures = { ttftMs: number; tokensPerSecond: number }

/**
 * One streamed generation: time to the first token, and tokens per second from the request to the last token (end to
 * end, so that chunks bunched on the way cannot inflate the rate).
 */
async function stream(url: string): Promise<StreamFigures> {
  const body = JSON.stringify({
    model: MODEL,
    prompt: 'Tell me a story',
    stream: true,
    options: { num_predict: TOKENS },
  })
  const started = performance.now()
  const res = await fetch(url, { method: 'POST', headers, body })
  let first = 0
  let last = 0
  let tokens = 0
  let pending = ''
  const decoder = new TextDecoder()
  for await (const chunk of res.body!) {
    pending += decoder.decode(chunk, { stream: true })
    const lines = pending.split('\n')
    pending = lines.pop()!
    for (const line of lines) {
      if (!line) continue
      const msg = JSON.parse(line) as { response?: string; done?: boolean; error?: string }
      if (msg.error) throw new Error(msg.error)
      if (msg.done) continue
      last = performance.now()
      if (tokens++ === 0) first = last
    }
  }
  return { ttftMs: first - started, tokensPerSecond: tokens / ((last - started) / 1000) }
}

async function timed(url: string): Promise<number> {
  const started = performance.now()
  const res = await fetch(url, { headers })
  await res.arrayBuffer()
  if (!res.ok) throw new Error(`${url}: ${res.status}`)
  return performance.now() - started
}

const direct = { generate: `${worker.url}/api/generate`, tags: `${worker.url}/api/tags` }
const through = { generate: `${gateway.url}/us-east-1/generate`, tags: `${gateway.url}/us-east-1/tags` }

// Warm-up: load the model, open keep-alive connections, let both processes JIT.
for (let i = 0; i < 3; i++)
  await Promise.all([stream(direct.generate), timed(through.tags)]).then(() => stream(through.generate))
for (let i = 0; i < 50; i++) await Promise.all([timed(direct.tags), timed(through.tags)])

console.error('warm; measuring')
const streams = { direct: [] as StreamFigures[], gateway: [] as StreamFigures[] }
for (let i = 0; i < STREAMS; i++) {
  // Interleaved, one at a time, so that both sides see the same machine.
  streams.direct.push(await stream(direct.generate))
  streams.gateway.push(await stream(through.generate))
}
const plain = { direct: [] as number[], gateway: [] as number[] }
for (let i = 0; i < PLAIN; i++) {
  plain.direct.push(await timed(direct.tags))
  plain.gateway.push(await timed(through.tags))
}

const median = (xs: number[]) => percentile(xs, 50)
console.log(
  `gateway, ${SIZE} model: ${STREAMS} streams of ${TOKENS} tokens and ${PLAIN} GET tags, one at a time (reference: straight to the llm-worker)`,
)
printRatio(
  'time to first token, median',
  median(streams.gateway.map((s) => s.ttftMs)),
  median(streams.direct.map((s) => s.ttftMs)),
  'ms',
)
printRatio(
  'tokens/s per stream (end to end), median',
  median(streams.gateway.map((s) => s.tokensPerSecond)),
  median(streams.direct.map((s) => s.tokensPerSecond)),
  'tok/s',
)
printRatio('plain request p50', percentile(plain.gateway, 50), percentile(plain.direct, 50), 'ms')
printRatio('plain request p99', percentile(plain.gateway, 99), percentile(plain.direct, 99), 'ms')
console.log(
  `added latency of a plain request: p50 ${(percentile(plain.gateway, 50) - percentile(plain.direct, 50)).toFixed(2)} ms, p99 ${(percentile(plain.gateway, 99) - percentile(plain.direct, 99)).toFixed(2)} ms`,
)

await gateway.stop()
await worker.stop()
await issuer.close()
rmSync(dir, { recursive: true, force: true })
