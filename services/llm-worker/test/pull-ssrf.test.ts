import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { makeTestModel } from '../src/gguf/test-model.js'
import { startTestLlmWorker, type TestLlmWorker } from '../src/testing.js'
import { postJson, readNdjson, waitFor } from './helpers.js'
import { startTestRegistry } from './test-registry.js'

// Pull as a request forger: the sources a pull names (a URL, or a registry host inside the model name) must not
// reach the worker's own network, redirects must not launder them, errors must not read back what answered, and a
// download must neither grow without bound nor outlive its requester.

let dir: string
let gguf: string
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-ssrf-'))
  gguf = join(dir, 'remote.gguf')
  await makeTestModel({ size: 'tiny', out: gguf, seed: 9 })
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function worker(env: Record<string, string> = {}): Promise<TestLlmWorker> {
  const w = await startTestLlmWorker({ env })
  cleanups.push(w.close)
  return w
}
async function registry(opts: Parameters<typeof startTestRegistry>[1] = {}) {
  const r = await startTestRegistry(gguf, opts)
  cleanups.push(r.close)
  return r
}
/** A server that answers every request with `handler`, counting hits. */
async function server(
  handler: (url: string, hit: number) => { status: number; headers?: Record<string, string>; body?: string },
) {
  let hits = 0
  const s: Server = createServer((req, res) => {
    const out = handler(req.url ?? '', ++hits)
    res.writeHead(out.status, out.headers).end(out.body ?? '')
  })
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  cleanups.push(() => new Promise((r) => s.close(() => r())))
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    port: (s.address() as AddressInfo).port,
    hits: () => hits,
  }
}

const pull = (w: TestLlmWorker, body: Record<string, unknown>) =>
  postJson(`${w.url}/api/pull`, { stream: false, ...body })
const partials = async (w: TestLlmWorker) =>
  (await readdir(join(w.modelsDir, 'blobs')).catch(() => [] as string[])).filter((f) => f.endsWith('-partial'))

describe('internal addresses are refused without PULL_ALLOWED_HOSTS', () => {
  test('URL pulls and registry names aimed at loopback, private, link-local and unspecified addresses', async () => {
    const reg = await registry()
    const w = await worker({ LLM_REGISTRY_URL: reg.url })
    const port = new URL(reg.url).port
    const urls = [
      `${reg.url}/files/model.gguf`,
      `http://localhost:${port}/files/model.gguf`,
      `http://[::1]:${port}/files/model.gguf`,
      `http://[::ffff:127.0.0.1]:${port}/files/model.gguf`,
      `http://2130706433:${port}/files/model.gguf`,
      `http://0.0.0.0:${port}/files/model.gguf`,
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://10.0.0.1/model.gguf',
      'http://192.168.1.1/model.gguf',
      'http://100.64.0.1/model.gguf',
      'http://[fd00::1]/model.gguf',
      'http://[fe80::1]/model.gguf',
    ]
    for (const url of urls) {
      const res = await pull(w, { model: 'x', url })
      expect(res.status, url).toBe(403)
      const body = (await res.json()) as { error: string }
      expect(body.error, url).toMatch(/not a public internet address/)
    }
    for (const model of [`127.0.0.1:${port}/library/remote-tiny`, `localhost:${port}/library/remote-tiny`]) {
      const res = await pull(w, { model, insecure: true })
      expect(res.status, model).toBe(403)
    }
    expect(reg.seen.manifests + reg.seen.weightsRequests).toBe(0)
    expect((await new Ollama(w.url).list()).models.map((m) => m.name)).toEqual([w.model])
  })

  test('a redirect from an allowed source to an internal one is refused at the hop', async () => {
    const target = await registry()
    const hop = await server(() => ({ status: 302, headers: { location: `${target.url}/files/model.gguf` } }))
    // Only the redirector's own host:port is allowed; the registry on another port of the same host is not.
    const w = await worker({ PULL_ALLOWED_HOSTS: `127.0.0.1:${hop.port}` })
    const res = await pull(w, { model: 'x', url: `${hop.url}/model.gguf` })
    expect(res.status).toBe(403)
    expect(hop.hits()).toBe(1)
    expect(target.seen.weightsRequests).toBe(0)
  })

  test('the allow-list lets an operator reach their own registry on loopback', async () => {
    const reg = await registry()
    const w = await worker({ LLM_REGISTRY_URL: reg.url, PULL_ALLOWED_HOSTS: '127.0.0.1' })
    expect((await pull(w, { model: 'remote-tiny' })).status).toBe(200)
  })
})

describe('redirects, sizes and errors', () => {
  test('redirects are capped (PULL_MAX_REDIRECTS)', async () => {
    const loop = await server((url, hit) => ({ status: 307, headers: { location: `/again/${hit}` }, body: url }))
    const w = await worker({ PULL_ALLOWED_HOSTS: '127.0.0.1', PULL_MAX_REDIRECTS: '3' })
    const res = await pull(w, { model: 'x', url: `${loop.url}/start` })
    expect(res.status).toBe(502)
    expect(((await res.json()) as { error: string }).error).toMatch(/redirected too many times/)
    expect(loop.hits()).toBe(4)
  })

  test('errors say what failed without echoing the source: no body bytes, status or digest', async () => {
    const secret = 'root:x:0:0:SECRET-INTERNAL-BYTES'
    const leaky = await server(() => ({ status: 500, body: secret, headers: { 'content-type': 'text/plain' } }))
    const reg = await registry({ lieAboutDigest: `sha256:${'ab'.repeat(32)}` })
    const w = await worker({ LLM_REGISTRY_URL: reg.url, PULL_ALLOWED_HOSTS: '127.0.0.1' })
    const direct = (await (await pull(w, { model: 'x', url: `${leaky.url}/x` })).json()) as { error: string }
    expect(direct.error).toMatch(/refused the download/)
    const manifest = (await (await pull(w, { model: `127.0.0.1:${leaky.port}/library/m`, insecure: true })).json()) as {
      error: string
    }
    expect(manifest.error).toMatch(/registry refused/)
    const mismatch = (await (await pull(w, { model: 'remote-tiny' })).json()) as { error: string }
    expect(mismatch.error).toMatch(/digest mismatch/)
    for (const error of [direct.error, manifest.error, mismatch.error]) {
      expect(error).not.toContain('SECRET')
      expect(error).not.toMatch(/\b500\b/)
      expect(error).not.toContain(reg.weightsDigest.slice(7))
    }
  })

  test('a download over PULL_MAX_BYTES stops and leaves no partial file; a manifest declaring more is refused first', async () => {
    const reg = await registry()
    const w = await worker({ LLM_REGISTRY_URL: reg.url, PULL_ALLOWED_HOSTS: '127.0.0.1', PULL_MAX_BYTES: '4096' })
    const direct = await pull(w, { model: 'x', url: `${reg.url}/files/model.gguf` })
    expect(direct.status).toBe(413)
    expect(((await direct.json()) as { error: string }).error).toMatch(/PULL_MAX_BYTES/)
    expect(await partials(w)).toEqual([])
    const before = reg.seen.weightsRequests
    const registryPull = await pull(w, { model: 'remote-tiny' })
    expect(registryPull.status).toBe(413)
    expect(reg.seen.weightsRequests).toBe(before)
  })

  test('a requester that disconnects stops the download and its partial blob is removed', async () => {
    const reg = await registry({ trickle: true, trickleEveryMs: 50 })
    const w = await worker({ LLM_REGISTRY_URL: reg.url, PULL_ALLOWED_HOSTS: '127.0.0.1' })
    const abort = new AbortController()
    const res = await postJson(`${w.url}/api/pull`, { model: 'remote-tiny' }, { signal: abort.signal })
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let seen = ''
    while (!/"completed":[1-9]/.test(seen)) seen += decoder.decode((await reader.read()).value)
    expect(await partials(w)).toHaveLength(1)
    abort.abort()
    await waitFor(() => reg.seen.weightsCutByClient === 1, 'the registry to see the download cut')
    await waitFor(async () => (await partials(w)).length === 0, 'the partial blob to be removed')
    expect((await new Ollama(w.url).list()).models.map((m) => m.name)).not.toContain('remote-tiny:latest')
    // Nothing is left in a state that blocks the next pull.
    const again = await readNdjson(await postJson(`${w.url}/api/pull`, { model: 'remote-tiny' }))
    expect(again.at(-1)).toEqual({ status: 'success' })
  })
})

class Ollama {
  constructor(private readonly url: string) {}
  async list(): Promise<{ models: { name: string }[] }> {
    return (await fetch(`${this.url}/api/tags`)).json() as Promise<{ models: { name: string }[] }>
  }
}
