// Shared by the LLM benchmarks that compare the worker with llama-server: the model files, one OpenAI-compatible
// streaming client (the same for both servers), where the cached llama-server binary is, and small statistics.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { importModel, ModelStore, makeTestModel, nativeLayout, parleyCacheDir } from '@parley/llm-worker'

export const SYSTEM = 'You are a friendly English tutor. Answer in two or three short sentences.'
export const question = (i: number) => `Question ${i}: what did you do last weekend, and what will you do next weekend?`
export const longQuestion = (i: number) =>
  `${i} ${Array.from({ length: 52 }, (_, k) => `sentence ${k} about the weekend`).join(', ')}. Summarise.`

export type Server = { url: string; model: string }
export type Stream = { startMs: number; firstMs: number; endMs: number; tokens: number; promptTokens: number }

/** One streaming chat completion; `firstMs` is when the first content arrived. */
export async function chatStream(s: Server, content: string, maxTokens: number, onFirst?: () => void): Promise<Stream> {
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

/** Whether the native build of node-llama-cpp's addon (npm run llama:native) is in the cache. */
export function nativeBuilt(): boolean {
  return existsSync(join(nativeLayout().release, 'llama-addon.node'))
}

/**
 * llama-server for node-llama-cpp's bundled llama.cpp: the one the native build made from the same tree (the same
 * ggml libraries as the native addon), else the one bench/lib/llama-server.ts built, if either is there.
 */
export function llamaServerBinary(): string | undefined {
  const native = join(nativeLayout().release, '..', 'bin', 'llama-server')
  if (existsSync(native)) return native
  const llamaDir = join(dirname(dirname(fileURLToPath(import.meta.resolve('node-llama-cpp')))), 'llama')
  const info = join(llamaDir, 'llama.cpp.info.json')
  if (!existsSync(info)) return undefined
  const { tag } = JSON.parse(readFileSync(info, 'utf8')) as { tag: string }
  const binary = join(parleyCacheDir(), 'llama-server', tag, 'build', 'bin', 'llama-server')
  return existsSync(binary) ? binary : undefined
}

/** The bench model (generated once into the temp dir) or SmolLM2 (when fetched), each in its own store. */
export async function benchModelFile(
  which: string,
): Promise<{ store: ModelStore; name: string; gguf: string } | undefined> {
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

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** The 1/5/15-minute load average, printed with every table: this machine is shared, so the figures are noisy. */
export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')
}
