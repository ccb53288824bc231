import { afterEach, expect, test } from 'vitest'
import { startTestLlmWorker, type TestLlmWorker } from '../src/testing.js'
import { postJson, readNdjson } from './helpers.js'

let worker: TestLlmWorker | undefined
afterEach(async () => {
  await worker?.close()
  worker = undefined
})

const SYSTEM =
  'You are a patient English tutor. Answer every question in full sentences, correct one mistake at a time, and ' +
  'end each answer with a short question that keeps the conversation going.'

const chat = (url: string, model: string, user: string, numPredict: number, stream: boolean, signal?: AbortSignal) =>
  postJson(
    `${url}/api/chat`,
    {
      model,
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: user },
      ],
      stream,
      options: { num_predict: numPredict, temperature: 0 },
    },
    { signal },
  )

/**
 * llama-server hands a request the slot whose cached prompt it shares most; a late request here used to get an empty
 * sequence and evaluate the whole system prompt again. It now takes the sequence that shares the system prompt, and
 * the erase of that sequence's other tokens runs between two batches of the running streams instead of waiting for
 * them to end. Only the order of events and token counts are asserted, never timings.
 */
test('a late chat request, while two streams run, reuses the shared system prompt and answers before either ends', async () => {
  worker = await startTestLlmWorker({ parallel: 4, contextSize: 1024 })
  const { url, model } = worker
  // The first chat request resolves the model's chat template; prompts are rendered for the scheduler after it.
  expect((await chat(url, model, 'Hello', 1, false)).status).toBe(200)
  // Four concurrent requests: three on empty sequences evaluate their whole prompt, and all four then hold tokens.
  const warm = await Promise.all(
    ['harbour', 'meadow', 'lantern', 'orchard'].map((w) =>
      chat(url, model, `Explain the word ${w}`, 2, false).then(
        (r) => r.json() as Promise<{ prompt_eval_count: number }>,
      ),
    ),
  )
  const full = Math.max(...warm.map((r) => r.prompt_eval_count))
  // One more request on the idle model: the background trims queued when the warm requests ended are over after it.
  expect((await chat(url, model, 'Explain the word river', 2, false)).status).toBe(200)

  const events: string[] = []
  const aborts: AbortController[] = []
  let started = 0
  let bothStarted!: () => void
  const bothRunning = new Promise<void>((resolve) => {
    bothStarted = resolve
  })
  const longStream = async (topic: string) => {
    const abort = new AbortController()
    aborts.push(abort)
    const res = await chat(url, model, `Tell me a very long story about ${topic}`, 700, true, abort.signal)
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let first = true
    try {
      for (;;) {
        const chunk = await reader.read()
        if (chunk.done) break
        if (first && ++started === 2) bothStarted()
        first = false
        if (decoder.decode(chunk.value, { stream: true }).includes('"done":true')) events.push(`${topic} ended`)
      }
    } catch {
      // aborted by the test once the late request is done
    }
  }
  const streams = [longStream('dragons'), longStream('ships')]
  await bothRunning

  const late = await chat(url, model, 'What does the word breeze mean?', 3, true)
  expect(late.status).toBe(200)
  const lines = await readNdjson(late)
  events.push('late done')
  for (const a of aborts) a.abort()
  await Promise.all(streams)

  expect(events[0]).toBe('late done')
  const final = lines.at(-1) as { done: boolean; prompt_eval_count: number }
  expect(final.done).toBe(true)
  // The shared system prompt came from the trimmed sequence: only the rest of the prompt was evaluated.
  expect(final.prompt_eval_count).toBeGreaterThan(0)
  expect(final.prompt_eval_count).toBeLessThan(full / 2)
})

test('a request with another system prompt, while a stream runs, answers before the stream ends', async () => {
  worker = await startTestLlmWorker({ parallel: 3, contextSize: 1024 })
  const { url, model } = worker
  await Promise.all(
    ['one', 'two', 'three'].map((w) => chat(url, model, `Explain ${w}`, 2, false).then((r) => r.text())),
  )
  expect((await chat(url, model, 'Explain four', 2, false)).status).toBe(200)

  const abort = new AbortController()
  const events: string[] = []
  let running!: () => void
  const isRunning = new Promise<void>((resolve) => {
    running = resolve
  })
  const long = (async () => {
    const res = await chat(url, model, 'Tell me a very long story about rivers', 700, true, abort.signal)
    const reader = res.body!.getReader()
    try {
      await reader.read()
      running()
      while (!(await reader.read()).done) {}
      events.push('long ended')
    } catch {
      // aborted below
    }
  })()
  await isRunning
  // A different system prompt shares nothing with any sequence, so one is erased; that must not wait for the stream.
  const res = await postJson(`${url}/api/chat`, {
    model,
    messages: [
      { role: 'system', content: 'You are a terse assistant.' },
      { role: 'user', content: 'Hello' },
    ],
    stream: false,
    options: { num_predict: 2, temperature: 0 },
  })
  expect(res.status).toBe(200)
  events.push('other done')
  abort.abort()
  await long
  expect(events[0]).toBe('other done')
})

test("a conversation's next turn reuses its whole history after other conversations used the worker in between", async () => {
  worker = await startTestLlmWorker({ parallel: 2, contextSize: 1024 })
  const { url, model } = worker
  const ask = (messages: { role: string; content: string }[]) =>
    postJson(`${url}/api/chat`, { model, messages, stream: false, options: { num_predict: 4, temperature: 0 } }).then(
      (res) => res.json() as Promise<{ prompt_eval_count: number; message: { content: string } }>,
    )
  expect((await chat(url, model, 'Hello', 1, false)).status).toBe(200)
  const firstTurn = [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: `Yesterday I go to the market with my sister and we buy ${'many fresh apples, '.repeat(12)}`,
    },
  ]
  const first = await ask(firstTurn)
  // Two other learners' conversations, one after the other, on a worker with two sequences.
  for (const user of ['Is it correct to say "I am agree"?', 'How do I say "sampai jumpa" in English?'])
    await ask([
      { role: 'system', content: SYSTEM },
      { role: 'user', content: user },
    ])
  const next = await ask([
    ...firstTurn,
    { role: 'assistant', content: first.message.content },
    { role: 'user', content: 'Thank you!' },
  ])
  // Only the answer and the new message are evaluated, not the system prompt and the long first message again.
  expect(next.prompt_eval_count).toBeLessThan(first.prompt_eval_count / 2)
})
