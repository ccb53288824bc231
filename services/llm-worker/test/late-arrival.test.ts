import { afterEach, expect, test } from 'vitest'
import { startTestLlmWorker, type TestLlmWorker } from '../src/testing.js'
import { postJson } from './helpers.js'

let worker: TestLlmWorker | undefined
afterEach(async () => {
  await worker?.close()
  worker = undefined
})

/**
 * A request that arrives while others generate must not wait for them. node-llama-cpp erases a reused sequence's
 * old tokens under the context lock, which its batch loop holds while any decode is queued, so a late request on a
 * sequence that still held an earlier request's tokens used to wait until every running stream had finished.
 * Only the order of events is asserted, never timings.
 */
test('with two streams running, a late request on a previously used worker gets its first token before either ends', async () => {
  worker = await startTestLlmWorker({ parallel: 4, contextSize: 1024 })
  const { url, model } = worker
  // Four concurrent requests with different prompts leave all four sequences holding tokens.
  const warm = await Promise.all(
    ['alpha', 'beta', 'gamma', 'delta'].map((word) =>
      postJson(`${url}/api/generate`, { model, prompt: `Say ${word}`, stream: false, options: { num_predict: 4 } }),
    ),
  )
  for (const res of warm) expect(res.status).toBe(200)
  await Promise.all(warm.map((res) => res.text()))

  const events: string[] = []
  const aborts: AbortController[] = []
  const longStream = async (name: string, firstChunk: () => void) => {
    const abort = new AbortController()
    aborts.push(abort)
    const res = await postJson(
      `${url}/api/generate`,
      { model, prompt: `Tell me a very long story about ${name}`, options: { num_predict: 700 } },
      { signal: abort.signal },
    )
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let first = true
    try {
      for (;;) {
        const chunk = await reader.read()
        if (chunk.done) break
        if (first) firstChunk()
        first = false
        // The last NDJSON line (done: true) is the stream's end, whenever the connection itself closes.
        if (decoder.decode(chunk.value, { stream: true }).includes('"done":true')) events.push(`${name} ended`)
      }
    } catch {
      // aborted by the test once the late request is done
    }
  }
  let started = 0
  let bothStarted!: () => void
  const bothRunning = new Promise<void>((resolve) => {
    bothStarted = resolve
  })
  const onFirst = () => {
    if (++started === 2) bothStarted()
  }
  const streams = [longStream('dragons', onFirst), longStream('ships', onFirst)]
  await bothRunning

  // The late request streams so that its first token is an event of its own.
  const late = await postJson(`${url}/api/generate`, {
    model,
    prompt: 'A short question arriving late',
    options: { num_predict: 3 },
  })
  expect(late.status).toBe(200)
  const reader = late.body!.getReader()
  const first = await reader.read()
  expect(first.done).toBe(false)
  events.push('late first token')
  while (!(await reader.read()).done) {}
  events.push('late done')

  for (const a of aborts) a.abort()
  await Promise.all(streams)
  expect(events[0]).toBe('late first token')
})

test('after concurrent use, the sequence a conversation just used keeps its KV cache for the next turn', async () => {
  worker = await startTestLlmWorker({ parallel: 4 })
  const { url, model } = worker
  const ask = (word: string) =>
    postJson(`${url}/api/chat`, {
      model,
      messages: [
        { role: 'system', content: 'You are a patient tutor who answers every question in full sentences.' },
        { role: 'user', content: `Explain the word ${word}` },
      ],
      stream: false,
      options: { num_predict: 2, temperature: 0 },
    }).then((res) => res.json() as Promise<{ prompt_eval_count: number }>)
  await Promise.all(['one', 'two', 'three', 'four'].map(ask))
  const first = await ask('harbour')
  const again = await ask('harbour')
  // The sequence that holds this prompt is the best fit: the repeated prompt is not evaluated again.
  expect(again.prompt_eval_count).toBeLessThan(first.prompt_eval_count / 2)
})
