import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { deadUrl } from './harness.js'

const PARLEY = fileURLToPath(new URL('../../../apps/cli/bin/parley.mjs', import.meta.url))
/** The bundled catalogue's size: the health check reports how many scenarios it loaded. */
const BUNDLED_SCENARIOS = readdirSync(new URL('../scenarios/', import.meta.url)).filter((f) =>
  f.endsWith('.json'),
).length

function parley(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [PARLEY, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Resolves with the first stdout line, or rejects if the process exits first. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const nl = out.indexOf('\n')
      if (nl >= 0) resolve(out.slice(0, nl))
    })
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing a line`)))
  })
}

function collect(stream: NodeJS.ReadableStream): () => string {
  let text = ''
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString()
  })
  return () => text
}

describe('parley chat-worker', () => {
  test('prints exactly its URL line, serves, and exits cleanly on SIGTERM', async () => {
    const child = parley(['chat-worker', '--port', '0', '--llm', await deadUrl(), '--model', 'm1'])
    const stdout = collect(child.stdout!)
    const line = await firstLine(child)
    expect(line).toMatch(/^chat-worker: http:\/\/127\.0\.0\.1:\d+$/)
    const url = line.slice('chat-worker: '.length)
    const health = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>
    expect(health).toMatchObject({ status: 'ok', service: 'chat-worker', model: 'm1', scenarios: BUNDLED_SCENARIOS })
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    expect(stdout().trim().split('\n')).toEqual([line])
  })

  test('refuses a malformed setting, naming the variable', async () => {
    const child = parley(['chat-worker', '--port', '0'], { CHAT_NUM_CTX: 'lots' })
    const stderr = collect(child.stderr!)
    const [code] = await once(child, 'exit')
    expect(code).toBe(2)
    expect(stderr()).toMatch(/CHAT_NUM_CTX/)
  })
})
