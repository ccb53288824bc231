import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type BedrockStandIn, startBedrockStandIn } from '../src/bedrock/testing.js'
import { ndjsonLines, post } from './bedrock-helpers.js'

const PARLEY = new URL('../../../apps/cli/bin/parley.mjs', import.meta.url).pathname
let standIn: BedrockStandIn
let child: ChildProcess | undefined

beforeAll(async () => {
  standIn = await startBedrockStandIn()
})
afterAll(async () => {
  child?.kill('SIGTERM')
  await standIn.close()
})

test('parley llm-worker --provider bedrock serves the Ollama API with credentials from the standard AWS chain', async () => {
  child = spawn(process.execPath, [PARLEY, 'llm-worker', '--provider', 'bedrock', '--port', '0'], {
    env: {
      ...process.env,
      LOG_LEVEL: 'error',
      BEDROCK_ENDPOINT: standIn.url,
      BEDROCK_MODEL_ALIASES: 'parley-tiny=amazon.nova-micro-v1:0',
      // The SDK's default chain reads these first, as it would on a developer's machine.
      AWS_ACCESS_KEY_ID: standIn.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: standIn.credentials.secretAccessKey,
      AWS_PROFILE: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const first = await new Promise<string>((resolve) => createInterface({ input: child!.stdout! }).once('line', resolve))
  expect(first).toMatch(/^llm-worker: http:\/\/127\.0\.0\.1:\d+$/)
  const url = first.replace('llm-worker: ', '')
  const health = (await (await fetch(`${url}/healthz`)).json()) as { provider: string }
  expect(health.provider).toBe('bedrock')
  const lines = await ndjsonLines(
    await post(`${url}/api/chat`, { model: 'parley-tiny', messages: [{ role: 'user', content: 'hello' }] }),
  )
  expect(lines.at(-1)).toMatchObject({ done: true, provider: 'bedrock', eval_count: 3 })
  const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve))
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
  child = undefined
})

test('an unknown provider is refused with a message, before anything starts', async () => {
  const run = promisify(execFile)
  const failed = await run(process.execPath, [PARLEY, 'llm-worker', '--provider', 'openai', '--port', '0']).catch(
    (err: { code: number; stderr: string }) => err,
  )
  expect((failed as { code: number }).code).not.toBe(0)
  expect((failed as { stderr: string }).stderr).toContain('expected one of: ollama, bedrock')
})
