import { type RunningService, silentLogger } from '@parley/core'
import { loadBedrockWorkerConfig, startBedrockWorker } from '@parley/llm-worker/bedrock'
import { type BedrockStandIn, startBedrockStandIn } from '@parley/llm-worker/bedrock-testing'
import { startTestLlmWorker, type TestLlmWorker } from '@parley/llm-worker/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestGateway, topologyOf } from './support/gateway.js'

// A self-hosted worker (real llama.cpp, tiny model) and a Bedrock worker (real SDK, the stand-in Bedrock Runtime)
// that answers the same model name through an alias, behind one real gateway.
const MODEL = 'parley-tiny:latest'
let standIn: BedrockStandIn
let bedrock: RunningService
let local: TestLlmWorker | undefined

beforeAll(async () => {
  standIn = await startBedrockStandIn()
  bedrock = await startBedrockWorker(
    loadBedrockWorkerConfig({
      BEDROCK_ENDPOINT: standIn.url,
      BEDROCK_MAX_ATTEMPTS: '1',
      BEDROCK_MODEL_ALIASES: `${MODEL}=amazon.nova-micro-v1:0`,
      SHUTDOWN_TIMEOUT_MS: '500',
    }),
    { port: 0, log: silentLogger(), credentials: standIn.credentials },
  )
})
afterAll(async () => {
  await local?.close()
  await bedrock.close()
  await standIn.close()
})

const chatBody = (content: string) =>
  JSON.stringify({ model: MODEL, stream: false, messages: [{ role: 'user', content }], options: { num_predict: 4 } })
const providerOf = async (res: Response) => ((await res.json()) as { provider?: string }).provider ?? 'ollama'

describe('a region mixing a self-hosted worker and a Bedrock worker', () => {
  test('both serve one pool; with the self-hosted worker gone, every request is served by Bedrock', async () => {
    local = await startTestLlmWorker({ model: MODEL })
    const gw = await startTestGateway(topologyOf({ 'us-east-1': { llm: [local.url, bedrock.url] } }), {
      GATEWAY_STRATEGY: 'round-robin',
      GATEWAY_HEALTH_INTERVAL_MS: '0',
    })
    try {
      const before: string[] = []
      for (let i = 0; i < 4; i++) {
        const res = await gw.call('/us-east-1/chat', { method: 'POST', body: chatBody(`hello ${i}`) })
        expect(res.status).toBe(200)
        before.push(await providerOf(res))
      }
      expect(new Set(before)).toEqual(new Set(['ollama', 'bedrock']))

      await local.close()
      local = undefined
      const served = standIn.requests.length
      for (let i = 0; i < 4; i++) {
        const res = await gw.call('/us-east-1/chat', { method: 'POST', body: chatBody(`after ${i}`) })
        expect(res.status).toBe(200)
        expect(await providerOf(res)).toBe('bedrock')
      }
      expect(standIn.requests.length - served).toBe(4)
      expect((await gw.regions()).data[0]!.pools.llm.healthy).toBe(1)
    } finally {
      await gw.stop()
    }
  })

  test('a Bedrock worker marked #backup takes no traffic while the self-hosted worker serves, and all of it when it dies', async () => {
    local = await startTestLlmWorker({ model: MODEL })
    const gw = await startTestGateway(topologyOf({ 'us-east-1': { llm: [`${bedrock.url}#backup`, local.url] } }), {
      GATEWAY_STRATEGY: 'round-robin',
      GATEWAY_HEALTH_INTERVAL_MS: '0',
    })
    try {
      const served = standIn.requests.length
      for (let i = 0; i < 4; i++) {
        const res = await gw.call('/us-east-1/chat', { method: 'POST', body: chatBody(`hello ${i}`) })
        expect(await providerOf(res)).toBe('ollama')
      }
      expect(standIn.requests.length).toBe(served)

      await local.close()
      local = undefined
      for (let i = 0; i < 3; i++) {
        const res = await gw.call('/us-east-1/chat', { method: 'POST', body: chatBody(`after ${i}`) })
        expect(res.status).toBe(200)
        expect(await providerOf(res)).toBe('bedrock')
      }
      expect(standIn.requests.length - served).toBe(3)
    } finally {
      await gw.stop()
    }
  })

  test('a region whose only worker is self-hosted fails over to a Bedrock region when that worker dies', async () => {
    local = await startTestLlmWorker({ model: MODEL })
    const gw = await startTestGateway(
      topologyOf({ 'us-east-1': { llm: [local.url] }, 'us-west-2': { llm: [bedrock.url] } }),
      { GATEWAY_HEALTH_INTERVAL_MS: '0' },
    )
    try {
      const first = await gw.call('/us-east-1/chat', { method: 'POST', body: chatBody('hi') })
      expect(first.headers.get('x-parley-region')).toBe('us-east-1')
      expect(await providerOf(first)).toBe('ollama')

      await local.close()
      local = undefined
      const res = await gw.call('/us-east-1/chat', { method: 'POST', body: chatBody('still there?') })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-parley-region')).toBe('us-west-2')
      expect(await providerOf(res)).toBe('bedrock')
    } finally {
      await gw.stop()
    }
  })

  test('Bedrock throttling is passed through as 429, not failed over or held against the worker', async () => {
    const gw = await startTestGateway(topologyOf({ 'us-east-1': { llm: [bedrock.url] } }), {
      GATEWAY_HEALTH_INTERVAL_MS: '0',
      GATEWAY_EJECT_AFTER_FAILURES: '1',
    })
    try {
      standIn.failNext({ error: 'ThrottlingException' })
      const res = await gw.call('/us-east-1/chat', { method: 'POST', body: chatBody('x') })
      expect(res.status).toBe(429)
      expect(res.headers.get('retry-after')).toBe('2')
      expect((await gw.call('/us-east-1/chat', { method: 'POST', body: chatBody('y') })).status).toBe(200)
    } finally {
      await gw.stop()
    }
  })
})
