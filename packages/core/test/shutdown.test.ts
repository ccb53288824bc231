import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterEach, expect, test } from 'vitest'

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL')
})

/** Starts the fixture and resolves with its URL and a way to await a stdout line. */
async function startFixture(deadlineMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/slow-server.ts', String(deadlineMs)], {
    cwd: new URL('..', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const lines = createInterface({ input: child.stdout! })
  const waiters: { match: RegExp; resolve: (line: string) => void }[] = []
  lines.on('line', (line) => {
    const i = waiters.findIndex((w) => w.match.test(line))
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(line)
  })
  const nextLine = (match: RegExp) => new Promise<string>((resolve) => waiters.push({ match, resolve }))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = (await nextLine(/^slow: /)).slice('slow: '.length)
  return { child, url, nextLine, exited }
}

test('a request in flight when SIGTERM arrives still completes, and new connections are refused', async () => {
  const { child, url, nextLine, exited } = await startFixture(10_000)
  const inFlight = nextLine(/^in-flight$/)
  const response = fetch(`${url}/slow`)
  await inFlight
  child.kill('SIGTERM')
  const res = await response
  expect(res.status).toBe(200)
  expect(await res.text()).toBe('finished after SIGTERM')
  expect(await exited).toBe(0)
  await expect(fetch(`${url}/healthz`)).rejects.toThrow()
})

test('a request still open at the deadline is cut and the process exits', async () => {
  const { child, url, nextLine, exited } = await startFixture(200)
  const inFlight = nextLine(/^in-flight$/)
  const response = fetch(`${url}/forever`)
  await inFlight
  child.kill('SIGTERM')
  await expect(response).rejects.toThrow()
  expect(await exited).toBe(0)
})
