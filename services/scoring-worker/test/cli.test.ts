import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { closedPort, learner, postJson } from './helpers.js'

const parley = fileURLToPath(new URL('../../../apps/cli/bin/parley.mjs', import.meta.url))
let child: ChildProcess | undefined

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
})

/** Resolves with the first stdout line matching `pattern`, or rejects when the process exits first. */
function firstLine(proc: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (chunk) => {
      out += chunk
      const line = out.split('\n').find((l) => pattern.test(l))
      if (line) resolve(line)
    })
    proc.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}; stdout: ${out}`)))
  })
}

test('`parley scoring-worker --port 0` prints its URL on one stdout line, serves, and stops on SIGTERM', async () => {
  child = spawn(
    process.execPath,
    [parley, 'scoring-worker', '--port', '0', '--llm', `http://127.0.0.1:${await closedPort()}`, '--rules-only'],
    { env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child.stderr!.resume()
  const line = await firstLine(child, /^scoring-worker: /)
  expect(line).toMatch(/^scoring-worker: http:\/\/127\.0\.0\.1:\d+$/)
  const url = line.slice('scoring-worker: '.length)
  const res = await postJson(`${url}/feedback`, { text: 'I has went home.', learner })
  // --rules-only: the LLM layer is not asked, so the answer is not degraded.
  expect(await res.json()).toMatchObject({ degraded: false, issues: [{ original: 'has' }, { original: 'went' }] })
  child.kill('SIGTERM')
  const [code] = await once(child, 'exit')
  expect(code).toBe(0)
})

test('a bad variable fails at start naming it', async () => {
  const proc = spawn(process.execPath, [parley, 'scoring-worker'], {
    env: { ...process.env, EMBED_DIM: 'many' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  proc.stderr!.on('data', (chunk) => {
    err += chunk
  })
  const [code] = await once(proc, 'exit')
  expect(code).toBe(2)
  expect(err).toContain('EMBED_DIM')
})
