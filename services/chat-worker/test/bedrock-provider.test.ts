import { type RunningService, silentLogger, TutorDoneEvent } from '@parley/core'
import { loadBedrockWorkerConfig, startBedrockWorker } from '@parley/llm-worker/bedrock'
import { type BedrockStandIn, startBedrockStandIn } from '@parley/llm-worker/bedrock-testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { chatApp, parseSse, postJson, validBody } from './harness.js'

// The tutor with a Bedrock worker as its LLM pool (real SDK, the stand-in Bedrock Runtime): the chat worker asks
// /api/show and streams /api/chat exactly as it does from llama.cpp, and does not know which provider answered.
const REPLY = 'Nice to meet you, Ana! Porto is a lovely city. What do you like most about it?'
let standIn: BedrockStandIn
let bedrock: RunningService

beforeAll(async () => {
  standIn = await startBedrockStandIn({ reply: () => REPLY })
  bedrock = await startBedrockWorker(
    loadBedrockWorkerConfig({ BEDROCK_ENDPOINT: standIn.url, BEDROCK_MAX_ATTEMPTS: '1' }),
    {
      port: 0,
      log: silentLogger(),
      credentials: standIn.credentials,
    },
  )
})
afterAll(async () => {
  await bedrock?.close()
  await standIn?.close()
})

test('a tutor reply streams from Bedrock through the chat worker, with its token counts in done', async () => {
  const { app } = await chatApp(bedrock.url, { defaultModel: 'amazon.nova-micro-v1:0', maxReplyTokens: 80 })
  const res = await app.request('/tutor/chat', postJson(validBody))
  expect(res.status).toBe(200)
  const events = parseSse(await res.text())
  const done = TutorDoneEvent.parse(events.find((e) => e.event === 'done')!.data)
  expect(done.reply).toBe(REPLY)
  expect(done.model).toBe('amazon.nova-micro-v1:0')
  // The stand-in counts words: the reply's 17 out; the tutor prompt's words in.
  expect(done.tokens.completion).toBe(17)
  expect(done.tokens.prompt).toBeGreaterThan(20)
  const streamed = standIn.requests.filter((r) => r.operation === 'converse-stream')
  expect(streamed).toHaveLength(1)
  expect((streamed[0]!.body as { system?: unknown[] }).system).toHaveLength(1)
})
