import { EmbedResponse, FeedbackResponse, type RunningService, silentLogger } from '@parley/core'
import { loadBedrockWorkerConfig, startBedrockWorker } from '@parley/llm-worker/bedrock'
import { type BedrockStandIn, type ConverseBody, startBedrockStandIn } from '@parley/llm-worker/bedrock-testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { RulesLinter } from '../src/rules/harper-linter.js'
import { learner, postJson, startWorker } from './helpers.js'

// The scoring worker with a Bedrock worker as its LLM pool (real SDK, the stand-in Bedrock Runtime): feedback's LLM
// layer through Converse with its JSON schema (in the prompt, the default mode) and embeddings through Titan, with
// nothing in the scoring worker knowing which provider answered.
const MODEL = 'smollm2:135m'
let standIn: BedrockStandIn
let bedrock: RunningService
let rules: RulesLinter
let worker: RunningService

// What the "model" says when asked for the feedback schema: one better word and a tip, as a real model would.
const feedbackReply = (body: ConverseBody) =>
  body.system?.[0]?.text?.includes('"betterWords"')
    ? JSON.stringify({
        issues: [],
        betterWords: [{ original: 'buyed', better: 'bought', why: 'the past tense of buy' }],
        tips: ['Use the past tense for things you did yesterday.'],
      })
    : 'ok'

beforeAll(async () => {
  standIn = await startBedrockStandIn({ reply: feedbackReply })
  bedrock = await startBedrockWorker(
    loadBedrockWorkerConfig({
      BEDROCK_ENDPOINT: standIn.url,
      BEDROCK_MAX_ATTEMPTS: '1',
      BEDROCK_MODEL_ALIASES: `${MODEL}=amazon.nova-micro-v1:0`,
    }),
    { port: 0, log: silentLogger(), credentials: standIn.credentials },
  )
  rules = await RulesLinter.create()
  worker = await startWorker(bedrock.url, rules, { SCORING_MODEL: MODEL, EMBED_MODEL: MODEL, EMBED_DIM: '1024' })
})
afterAll(async () => {
  await worker?.close()
  await rules?.dispose()
  await bedrock?.close()
  await standIn?.close()
})

test("/feedback's LLM layer is answered by Bedrock with its JSON schema, and its better words reach the learner", async () => {
  const text = 'Yesterday I buyed some apple at the market.'
  const res = await postJson(`${worker.url}/feedback`, { text, context: 'What did you do yesterday?', learner })
  expect(res.status).toBe(200)
  const body = FeedbackResponse.parse(await res.json())
  expect(body.degraded).toBe(false)
  expect(body.betterWords).toEqual(expect.arrayContaining([expect.objectContaining({ better: 'bought' })]))
  const asked = standIn.requests.find((r) => r.operation === 'converse')!
  expect((asked.body as ConverseBody).system?.[0]?.text).toContain('matching this JSON schema')
})

test('/embed gets a Titan vector of EMBED_DIM through the same model name', async () => {
  const res = await postJson(`${worker.url}/embed`, {
    conversation: [
      { role: 'assistant', content: 'Hello! What did you do yesterday?' },
      { role: 'user', content: 'I went to the market.' },
    ],
  })
  expect(res.status).toBe(200)
  const body = EmbedResponse.parse(await res.json())
  expect(body).toMatchObject({ dimension: 1024, sourceDimension: 1024, fit: 'exact', model: MODEL })
  expect(standIn.requests.some((r) => r.operation === 'invoke' && r.modelId === 'amazon.titan-embed-text-v2:0')).toBe(
    true,
  )
})
