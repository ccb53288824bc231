import { Writable } from 'node:stream'
import { createLogger } from '@parley/core'
import { afterEach, expect, test } from 'vitest'
import { ndjson } from '../src/http/streams.js'
import { startTestLlmWorker, type TestLlmWorker } from '../src/testing.js'
import { postJson, waitFor } from './helpers.js'

// A learner pressing Stop closes the stream mid-generation. That is normal traffic: logged at info, once, without a
// stack trace, never as an error.

let worker: TestLlmWorker | undefined
afterEach(async () => {
  await worker?.close()
  worker = undefined
})

function capture() {
  const records: { level: number; msg: string }[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) records.push(JSON.parse(line))
      done()
    },
  })
  return { records, log: createLogger({ name: 'llm-worker', level: 'info', destination: sink }) }
}

const endless = (model: string) => ({
  model,
  prompt: 'Tell me a very long story',
  options: { num_predict: 1_000_000 },
})

function expectOneQuietStop(records: { level: number; msg: string }[], count: number) {
  expect(records.filter((r) => r.msg.includes('client disconnected')).map((r) => r.level)).toEqual(
    Array(count).fill(30),
  )
  expect(JSON.stringify(records)).not.toContain('stack')
  expect(records.filter((r) => r.level >= 50)).toEqual([])
}

test('a stream stopped mid-generation is logged once at info, without a stack trace', async () => {
  const { records, log } = capture()
  worker = await startTestLlmWorker({ log })
  const abort = new AbortController()
  const res = await postJson(`${worker.url}/api/generate`, endless(worker.model), { signal: abort.signal })
  expect((await res.body!.getReader().read()).done).toBe(false)
  abort.abort()
  await waitFor(() => records.some((r) => r.msg.includes('client disconnected')), 'the stop to be logged')
  expectOneQuietStop(records, 1)
})

test('a producer that throws the abort (a Stop during prompt processing) is a quiet stop, not a failed stream', async () => {
  const { records, log } = capture()
  const request = new AbortController()
  const res = ndjson(request.signal, log, async (send, signal) => {
    send({ response: 'first' })
    // What node-llama-cpp does when its signal fires mid-evaluation: it rejects with the signal's reason.
    await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))
  })
  const reader = res.body!.getReader()
  expect((await reader.read()).done).toBe(false)
  request.abort()
  await waitFor(() => records.some((r) => r.msg.includes('client disconnected')), 'the stop to be logged')
  expectOneQuietStop(records, 1)
})
