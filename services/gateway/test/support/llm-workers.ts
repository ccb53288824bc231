import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ServiceProcess, spawnService } from '../../src/cluster/index.js'

export const CLI = new URL('../../../../apps/cli/bin/parley.mjs', import.meta.url).pathname
export const TINY_MODEL = 'parley-tiny:latest'

/** A temp directory holding a model store with the tiny generated model, made with the real `parley model` CLI. */
export function prepareModels(): { dir: string; modelsDir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-gw-'))
  const modelsDir = join(dir, 'models')
  const gguf = join(dir, 'tiny.gguf')
  execFileSync(process.execPath, [CLI, 'model', 'make-test', '--size', 'tiny', '--out', gguf], { stdio: 'ignore' })
  execFileSync(process.execPath, [CLI, 'model', 'import', gguf, TINY_MODEL, '--models-dir', modelsDir], {
    stdio: 'ignore',
  })
  return { dir, modelsDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A real `parley llm-worker` process on an ephemeral port, one llama.cpp thread, serving the store. */
export function spawnLlmWorker(dir: string, modelsDir: string, label: string): Promise<ServiceProcess> {
  return spawnService({
    label,
    cli: CLI,
    args: ['llm-worker', '--port', '0', '--models-dir', modelsDir, '--threads', '1', '--parallel', '2'],
    env: { ...process.env, PARLEY_DATA_DIR: dir, LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_MS: '1000' },
    logFile: join(dir, `${label}.log`),
  })
}

/** A streaming Ollama generate request for the tiny model. */
export function generateBody(numPredict: number): string {
  return JSON.stringify({
    model: TINY_MODEL,
    prompt: 'Hello there',
    stream: true,
    options: { num_predict: numPredict },
  })
}

/** Reads an NDJSON response to its end and parses every line. */
export async function ndjsonLines(res: Response): Promise<Record<string, unknown>[]> {
  const text = await res.text()
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

/** How many /api/generate requests a worker has answered, from its own /metrics. */
export function generatesServed(workerUrl: string): Promise<number> {
  return requestsServed(workerUrl, '/api/generate')
}

/** How many requests on `route` a worker has answered, whatever their status, from its own /metrics. */
export async function requestsServed(workerUrl: string, route: string): Promise<number> {
  const text = await (await fetch(`${workerUrl}/metrics`)).text()
  return text
    .split('\n')
    .filter((l) => l.startsWith('http_requests_total{') && l.includes(`route="${route}"`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)
}
