import { CEFR_LEVELS, loadConfig, type RunningService, silentLogger, TutorDoneEvent } from '@parley/core'
import { startTestLlmWorker, type TestLlmWorker } from '@parley/llm-worker/testing'
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import { chatWorkerEnv } from '../src/config.js'
import { protectedShingles, WINDOW } from '../src/leak-guard.js'
import { tutorSystemPrompt } from '../src/prompts/index.js'
import { startChatWorker } from '../src/start.js'
import { ana, scenario } from './fixtures.js'
import { parseSse, postJson, type SseEvent, validBody } from './harness.js'
import { INJECTION_ATTEMPTS } from './injection-attempts.js'

// One real LLM worker (llama.cpp on a generated random-weight model) behind one real chat worker over HTTP.
// The model's words mean nothing, so these tests check structure, budgets, filtering and cancellation, not wording.
let llm: TestLlmWorker
let chat: RunningService

beforeAll(async () => {
  llm = await startTestLlmWorker({ contextSize: 4096, parallel: 2 })
  const config = loadConfig(chatWorkerEnv, {
    CHAT_WORKER_PORT: '0',
    CHAT_LLM_URL: llm.url,
    CHAT_MODEL: llm.model,
    CHAT_NUM_CTX: '4096',
    CHAT_MAX_REPLY_TOKENS: '24',
  })
  chat = await startChatWorker(config, { log: silentLogger() })
})

afterAll(async () => {
  await chat?.close()
  await llm?.close()
})

async function tutor(body: unknown): Promise<{ events: SseEvent[]; done: TutorDoneEvent; tokens: string }> {
  const res = await fetch(`${chat.url}/tutor/chat`, postJson(body))
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const events = parseSse(await res.text())
  const last = events.at(-1)!
  expect(last.event, JSON.stringify(last.data)).toBe('done')
  return {
    events,
    done: TutorDoneEvent.parse(last.data),
    tokens: events
      .filter((e) => e.event === 'token')
      .map((e) => (e.data as { text: string }).text)
      .join(''),
  }
}

describe('POST /tutor/chat over a real LLM worker', () => {
  test('streams token events, then one done event in the shared schema', async () => {
    const { events, done, tokens } = await tutor(validBody)
    expect(events.slice(0, -1).every((e) => e.event === 'token')).toBe(true)
    expect(events.length).toBeGreaterThan(1)
    expect(done.reply).toBe(tokens)
    expect(done).toMatchObject({
      conversationId: 'conv-1',
      model: llm.model,
      scenario: 'free-talk',
      nonEnglish: false,
      history: { keptTurns: 1, summarisedTurns: 0, summary: 'none' },
      // The generated model has random weights: the client is told it is a demo model.
      demoModel: true,
    })
    expect(['stop', 'length']).toContain(done.finishReason)
    expect(done.tokens.completion).toBeGreaterThan(0)
    expect(done.tokens.completion).toBeLessThanOrEqual(24)
    expect(done.tokens.prompt).toBeGreaterThan(0)
    expect(done.timings.firstTokenMs).not.toBeNull()
  })

  test('done carries the goal: met (and just met) once the learner has ordered and asked for the bill', async () => {
    const ordered = [
      { role: 'user', content: "I'd like the soup, please." },
      { role: 'assistant', content: 'Of course. Anything else?' },
    ]
    const half = await tutor({ ...validBody, scenario: 'restaurant', messages: [ordered[0]] })
    expect(half.done.goal).toMatchObject({ met: false, justMet: false })
    const { done } = await tutor({
      ...validBody,
      scenario: 'restaurant',
      messages: [...ordered, { role: 'user', content: 'Could we have the bill?' }],
    })
    expect(done.goal).toEqual({
      met: true,
      justMet: true,
      steps: [
        { label: 'Order food or a drink', met: true },
        { label: 'Ask for the bill', met: true },
      ],
    })
  })

  test('GET /tutor/model says the default model is a random-weight demo, with how to get a real one', async () => {
    const res = await fetch(`${chat.url}/tutor/model`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { model: string; demoModel: boolean; hint?: string }
    expect(body).toMatchObject({ model: llm.model, demoModel: true })
    expect(body.hint).toContain('npm run models:real')
  })

  test('opens a role-play when there are no messages yet', async () => {
    const { done } = await tutor({ ...validBody, messages: [], scenario: 'job-interview' })
    expect(done.scenario).toBe('job-interview')
    expect(done.history.keptTurns).toBe(0)
    expect(done.reply.length).toBeGreaterThan(0)
  })

  test('serves every scenario at every level', async () => {
    const catalogue = (await (await fetch(`${chat.url}/tutor/scenarios`)).json()) as { scenarios: { id: string }[] }
    for (const [i, s] of catalogue.scenarios.entries()) {
      const level = [...CEFR_LEVELS, 'auto'][i % 7]
      const { done } = await tutor({ ...validBody, scenario: s.id, learner: { ...validBody.learner, level } })
      expect(done.scenario).toBe(s.id)
    }
  })

  test('fits a long conversation into the model context by summarising older turns', async () => {
    const messages = Array.from({ length: 61 }, (_, i) => ({
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `Message ${i}. ${'I went to the market with my sister and we bought fruit and bread. '.repeat(3)}`,
    }))
    const { done } = await tutor({ ...validBody, messages })
    expect(done.history.summarisedTurns).toBeGreaterThan(0)
    expect(done.history.keptTurns + done.history.summarisedTurns).toBe(61)
    // A random-weight model is not asked to summarise: the deterministic summary, without waiting for it.
    expect(done.history.summary).toBe('extractive')
    // The real prompt, as the model's tokenizer counted it, left room for the reply within the context.
    expect(done.tokens.prompt + 24).toBeLessThanOrEqual(4096)
  })

  test('notices a message in another language', async () => {
    const { done } = await tutor({
      ...validBody,
      messages: [{ role: 'user', content: 'Saya tidak tahu apa yang harus saya katakan' }],
    })
    expect(done.nonEnglish).toBe(true)
  })

  test('never echoes its instructions back, whatever the learner tries', async () => {
    const s = await scenario('free-talk')
    const prompt = tutorSystemPrompt({
      tutorName: 'Parley',
      learner: ana,
      scenario: s,
      nonEnglish: false,
      injectionSuspected: true,
      canary: 'unused',
    })
    const secret = protectedShingles(prompt.instructions, prompt.publicText)
    for (const attempt of INJECTION_ATTEMPTS) {
      const { done, tokens } = await tutor({
        ...validBody,
        learner: ana,
        messages: [{ role: 'user', content: attempt }],
      })
      expect(done.injectionSuspected, attempt).toBe(true)
      expect(tokens, attempt).not.toMatch(/prly[0-9a-f]{10}/)
      const words = tokens.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []
      for (let i = 0; i + WINDOW <= words.length; i++)
        expect(secret.has(words.slice(i, i + WINDOW).join(' ')), attempt).toBe(false)
    }
  })

  test('forwards the request id and trace to the LLM pool, also over an injected fetch', async () => {
    const seen: { path: string; requestId: string | null; traceparent: string | null }[] = []
    const recordingFetch: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers)
      seen.push({
        path: new URL(String(input)).pathname,
        requestId: headers.get('x-request-id'),
        traceparent: headers.get('traceparent'),
      })
      return fetch(input, init)
    }
    const traced = await startChatWorker(
      loadConfig(chatWorkerEnv, {
        CHAT_WORKER_PORT: '0',
        CHAT_LLM_URL: llm.url,
        CHAT_MODEL: llm.model,
        CHAT_NUM_CTX: '4096',
        CHAT_MAX_REPLY_TOKENS: '16',
      }),
      { log: silentLogger(), llmFetch: recordingFetch },
    )
    onTestFinished(() => traced.close())
    const res = await fetch(
      `${traced.url}/tutor/chat`,
      postJson(validBody, { headers: { 'content-type': 'application/json', 'x-request-id': 'learner-req-42' } }),
    )
    expect(parseSse(await res.text()).at(-1)!.event).toBe('done')
    expect(seen.map((s) => s.path)).toEqual(['/api/show', '/api/generate', '/api/chat'])
    for (const call of seen) {
      expect(call.requestId).toBe('learner-req-42')
      expect(call.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
    }
  })

  test('answers an unknown model with 404 before streaming', async () => {
    const res = await fetch(`${chat.url}/tutor/chat`, postJson({ ...validBody, model: 'no-such-model' }))
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ status: 'error', code: 'not_found' })
  })

  test('stops generating when the learner disconnects', async () => {
    // A worker allowed long replies, so that generation is still running when the learner leaves.
    const longReplies = await startChatWorker(
      loadConfig(chatWorkerEnv, {
        CHAT_WORKER_PORT: '0',
        CHAT_LLM_URL: llm.url,
        CHAT_MODEL: llm.model,
        CHAT_NUM_CTX: '4096',
        CHAT_MAX_REPLY_TOKENS: '1200',
      }),
      { log: silentLogger() },
    )
    onTestFinished(() => longReplies.close())
    const outcomes = async () => ({
      aborted: await metric(longReplies, 'parley_tutor_replies_total{outcome="aborted",service="chat-worker"}'),
      completed: await metric(longReplies, 'parley_tutor_replies_total{outcome="completed",service="chat-worker"}'),
    })
    const generatedBefore = await metricSum(llm.url, 'llm_tokens_generated_total')
    const controller = new AbortController()
    const res = await fetch(
      `${longReplies.url}/tutor/chat`,
      postJson({ ...validBody, conversationId: 'leaving' }, { signal: controller.signal }),
    )
    const reader = res.body!.getReader()
    await reader.read()
    controller.abort()
    await expect(reader.read()).rejects.toThrow()
    await pollUntil(async () => (await outcomes()).aborted === 1)
    expect(await outcomes()).toEqual({ aborted: 1, completed: 0 })
    // Stopped before its final chunk, the reply still accounts the tokens it spent (prompt and streamed ones).
    expect(await metricSum(longReplies.url, 'parley_llm_tokens_total')).toBeGreaterThan(0)
    // The LLM worker stopped too: once idle, it had generated far fewer than the 1200 tokens allowed.
    await pollUntil(async () => (await metricSum(llm.url, 'llm_active_sequences')) === 0)
    expect((await metricSum(llm.url, 'llm_tokens_generated_total')) - generatedBefore).toBeLessThan(1200)
  })
})

async function metric(service: RunningService, series: string): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line ? Number(line.split(' ')[1]) : 0
}

/** Sum of every series of a metric, whatever its labels. */
async function metricSum(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text()
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0)
}

async function pollUntil(condition: () => Promise<boolean>, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('condition not met')
}
