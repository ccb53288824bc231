import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startTestRegistry } from './test-registry.js'

const PARLEY = new URL('../../../apps/cli/bin/parley.mjs', import.meta.url).pathname
const run = promisify(execFile)
let dir: string
let child: ChildProcess | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-cli-'))
})
afterAll(async () => {
  child?.kill('SIGTERM')
  await rm(dir, { recursive: true, force: true })
})

const parley = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [PARLEY, ...args], { env: { ...process.env, LOG_LEVEL: 'error', ...env } })

test('make-test writes a model; pull shows progress; list shows the store (each a separate process)', async () => {
  const models = join(dir, 'models')
  const a = join(dir, 'a.gguf')
  await parley(['model', 'make-test', '--size', 'tiny', '--out', a, '--seed', '5'])
  const registry = await startTestRegistry(a)
  try {
    const pulled = await parley(['model', 'pull', 'remote', '--models-dir', models], {
      LLM_REGISTRY_URL: registry.url,
      PULL_ALLOWED_HOSTS: '127.0.0.1',
    })
    expect(pulled.stdout.trim()).toBe('remote')
    expect(pulled.stderr).toContain('pulling manifest')
    expect(pulled.stderr).toMatch(/100%/)
  } finally {
    await registry.close()
  }
  const listed = await parley(['model', 'list', '--models-dir', models])
  expect(listed.stdout).toMatch(/^remote:latest\t[0-9a-f]{12}\t/)
})

test('parley llm-worker prints one `llm-worker: <url>` line, serves the store, and stops on SIGTERM', async () => {
  const models = join(dir, 'served')
  child = spawn(
    process.execPath,
    [PARLEY, 'llm-worker', '--port', '0', '--models-dir', models, '--threads', '1', '--demo-model'],
    {
      env: { ...process.env, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const lines = createInterface({ input: child.stdout! })
  const first = await new Promise<string>((resolve) => lines.once('line', resolve))
  expect(first).toMatch(/^llm-worker: http:\/\/127\.0\.0\.1:\d+$/)
  const url = first.replace('llm-worker: ', '')
  const tags = (await (await fetch(`${url}/api/tags`)).json()) as { models: { name: string }[] }
  expect(tags.models.map((m) => m.name)).toEqual(['parley-tiny:latest'])
  const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve))
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
  child = undefined
})
