// The container path end to end: deploy/containers/build.sh builds the image with podman (layers cached), the
// compose file starts the whole cluster (two regions, PostgreSQL + pgvector, Redis, nginx with its self-signed
// certificate), and a learner's tutor turn, a feedback call and a conversation save go through the proxy over
// HTTPS, on the real SmolLM2 weights when they have been fetched. Everything is removed at the end.
// Needs podman and podman-compose: in CI (CI set) their absence fails this file; elsewhere it is skipped.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_MODEL, ensureDemoModel } from '@parley/llm-worker'
import { realModelsDir } from '@parley/llm-worker/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  buildImages,
  composeDown,
  composeUp,
  containers,
  podman,
  podmanMissing,
  REPO,
  waitHealthy,
} from './support/podman.js'
import type { ProxyClientResult } from './support/proxy-client.js'

const missing = podmanMissing()
if (missing && !process.env.CI) console.log(`compose test skipped: ${missing}`)

const project = `parleyci${randomBytes(3).toString('hex')}`
const tmp = mkdtempSync(join(tmpdir(), 'parley-compose-'))
let env: Record<string, string> = {}
let names = new Map<string, string>()
let base = ''
let httpPort = 0

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

describe.skipIf(missing && !process.env.CI)('compose.yaml on podman, through the TLS proxy', () => {
  beforeAll(async () => {
    if (missing) throw new Error(`the container tests cannot run in CI: ${missing}`)
    buildImages()
    // The real weights' store when fetched (the global setup prepares it), else a store with the demo model.
    let models = realModelsDir()
    let model = 'smollm2:135m'
    if (!models) {
      models = join(tmp, 'models')
      model = await ensureDemoModel(models)
    }
    const httpsPort = await freePort()
    httpPort = await freePort()
    base = `https://localhost:${httpsPort}`
    env = {
      POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
      POSTGRES_USER_PASSWORD: randomBytes(12).toString('hex'),
      PARLEY_HTTPS_PORT: String(httpsPort),
      PARLEY_HTTP_PORT: String(httpPort),
      PARLEY_PUBLIC_URL: base,
      PARLEY_MODELS: models,
      PARLEY_MODEL: model === DEMO_MODEL ? DEMO_MODEL : model,
      IDENTITY_AUTO_CONFIRM: 'true',
      LLM_THREADS: '1',
    }
    composeUp(project, env)
    names = containers(project)
    const unhealthy = await waitHealthy(names, 8 * 60_000)
    expect(unhealthy, unhealthy.join('\n')).toEqual([])
  }, 70 * 60_000)

  afterAll(() => {
    if (!missing) composeDown(project, env)
    rmSync(tmp, { recursive: true, force: true })
  }, 5 * 60_000)

  test('every role of the cluster runs from the one image, as the unprivileged user, on a read-only root', () => {
    expect([...names.keys()].sort()).toEqual(
      [
        'api',
        'chat-us-east-1',
        'chat-us-west-2',
        'gateway',
        'identity',
        'llm-us-east-1',
        'llm-us-west-2',
        'postgres',
        'proxy',
        'redis',
        'scoring-us-east-1',
        'scoring-us-west-2',
        'web',
      ].sort(),
    )
    const api = names.get('api')!
    expect(podman('exec', api, 'id', '-u').trim()).toBe('10001')
    const write = spawnSync('podman', ['exec', api, 'touch', '/app/written'], { encoding: 'utf8' })
    expect(write.status).not.toBe(0)
    expect(write.stderr).toMatch(/read-only/i)
    expect(podman('image', 'inspect', '--format', '{{.Config.Healthcheck.Test}}', 'localhost/parley:latest')).toMatch(
      /healthcheck\.mjs/,
    )
  })

  test('the proxy serves its own certificate: untrusted by default, and plain HTTP redirects to HTTPS', async () => {
    await expect(fetch(`${base}/healthz`)).rejects.toThrow()
    const res = await fetch(`http://127.0.0.1:${httpPort}/conversations`, { redirect: 'manual' })
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(`${base}/conversations`)
  })

  test('a tutor turn, a feedback call and a conversation save through nginx over HTTPS', () => {
    const cert = join(tmp, 'proxy.crt')
    writeFileSync(cert, podman('exec', names.get('proxy')!, 'cat', '/etc/parley-tls/tls.crt'))
    const client = spawnSync(process.execPath, ['--import', 'tsx', 'test/containers/support/proxy-client.ts'], {
      cwd: REPO,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: cert, PARLEY_URL: base },
      encoding: 'utf8',
      timeout: 10 * 60_000,
    })
    expect(client.status, client.stderr).toBe(0)
    const result = JSON.parse(client.stdout.trim().split('\n').at(-1)!) as ProxyClientResult

    expect(result.opener.status).toBe(200)
    expect(result.opener.events.at(-1)).toBe('end')
    expect(result.message).toMatchObject({ status: 200, region: 'us-east-1' })
    expect(result.message.events).toEqual(expect.arrayContaining(['turn', 'done', 'score', 'end']))
    expect(result.message.events).not.toContain('error')
    expect(result.message.reply?.length).toBeGreaterThan(0)
    expect(result.stored.status).toBe(200)
    expect(result.stored.roles).toEqual(['assistant', 'user', 'assistant'])
    expect(result.stored.embedding).toBe(768)
    expect(result.stored.user?.feedback?.issues.length).toBeGreaterThan(0)

    expect(result.feedback).toMatchObject({ status: 200, region: 'us-west-2' })
    expect(result.feedback.originals).toEqual(expect.arrayContaining(['has', 'went']))
    expect(result.badFeedback).toBe(400)

    expect(result.save).toBe(201)
    expect(result.list).toContainEqual({ id: result.savedId, title: 'Saved through the proxy' })
    expect(result.web).toMatchObject({ status: 200, body: { status: 'ok', service: 'web' } })
  })

  test('the stored turn is in PostgreSQL (pgvector), not in a container-local database', () => {
    const sql = 'SELECT count(*) FROM conversations WHERE embedding IS NOT NULL'
    const out = podman(
      'exec',
      names.get('postgres')!,
      'psql',
      '-h',
      '/run/postgresql',
      '-U',
      'postgres',
      '-d',
      'parley',
      '-Atc',
      sql,
    )
    expect(Number(out.trim())).toBeGreaterThanOrEqual(1)
  })
})
