import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { startTestIssuer, type TestIssuer } from '@parley/auth/testing'
import { openTestDb, type TestDb } from '@parley/db/testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { uuid } from './harness.js'

const CLI = new URL('../../../apps/cli/bin/parley.mjs', import.meta.url).pathname

type Started = { child: ChildProcess; url: string; stdout: string[] }

/** Runs `parley api --port 0` and resolves once it prints `api: <url>`; rejects if it exits first. */
function startCli(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [CLI, 'api', '--port', '0'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stdout: string[] = []
  let stderr = ''
  child.stderr!.on('data', (d) => {
    stderr += d
  })
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout.push(line)
      const match = /^api: (http:\/\/\S+)$/.exec(line)
      if (match) resolve({ child, url: match[1]!, stdout })
    })
    child.once('exit', (code) => reject(new Error(`parley api exited with ${code}: ${stderr}`)))
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

let issuer: TestIssuer
let token: string
let authEnv: Record<string, string>
const dataDir = mkdtempSync(join(tmpdir(), 'parley-api-cli-'))

beforeAll(async () => {
  issuer = await startTestIssuer()
  token = await issuer.sign({ sub: 'alice' })
  authEnv = { AUTH_ISSUER: issuer.issuer, AUTH_CLIENT_IDS: issuer.clientId, EMBED_DIM: '3' }
})
afterAll(async () => {
  await issuer.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const headers = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' })
const post = (url: string, n: number) =>
  fetch(`${url}/conversations/alice`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({ id: uuid(n), title: `Saved ${n}`, conversation: [] }),
  })
const titles = async (url: string) => {
  const res = await fetch(`${url}/conversations/alice`, { headers: headers() })
  return ((await res.json()) as { data: { title: string }[] }).data.map((c) => c.title).sort()
}

test('PGlite data in PARLEY_DATA_DIR lasts across a graceful restart and a kill -9', async () => {
  const env = { ...authEnv, PARLEY_DATA_DIR: dataDir, DATABASE_URL: '' }
  const first = await startCli(env)
  expect(first.stdout).toEqual([`api: ${first.url}`])
  expect((await post(first.url, 1)).status).toBe(201)
  first.child.kill('SIGTERM')
  expect(await exited(first.child)).toBe(0)

  const second = await startCli(env)
  expect(await titles(second.url)).toEqual(['Saved 1'])
  expect((await post(second.url, 2)).status).toBe(201)
  second.child.kill('SIGKILL')
  await exited(second.child)

  const third = await startCli(env)
  expect(await titles(third.url)).toEqual(['Saved 1', 'Saved 2'])
  third.child.kill('SIGINT')
  expect(await exited(third.child)).toBe(0)
})

test('with DATABASE_URL it uses PostgreSQL over the wire and still shuts down cleanly', async () => {
  const db: TestDb = await openTestDb('pg')
  try {
    const api = await startCli({ ...authEnv, DATABASE_URL: db.url! })
    expect((await post(api.url, 3)).status).toBe(201)
    expect(await db.query('SELECT title FROM conversations')).toEqual([{ title: 'Saved 3' }])
    api.child.kill('SIGTERM')
    expect(await exited(api.child)).toBe(0)
  } finally {
    await db.close()
  }
})

test('a bad setting fails at start naming the variable', async () => {
  await expect(startCli({ ...authEnv, EMBED_DIM: 'lots' })).rejects.toThrow(/EMBED_DIM/)
})
