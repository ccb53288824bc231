import { SSEStreamingApi } from 'hono/streaming'
import type { ChatResponse } from 'ollama'
import { describe, expect, test } from 'vitest'
import { LeakGuard, protectedShingles } from '../src/leak-guard.js'
import { emptyReplyLine, leakDeflection, tutorSystemPrompt } from '../src/prompts/index.js'
import { type Generation, relayGeneration } from '../src/relay.js'
import { ana, scenario } from './fixtures.js'
import { parseSse } from './harness.js'

const canary = 'prly99887766aa'

/** A model's stream as the ollama client yields it, from fixed text pieces. */
function generation(pieces: string[]): Generation & { aborted: boolean } {
  const gen = {
    aborted: false,
    abort() {
      gen.aborted = true
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<ChatResponse> {
      for (const [i, content] of pieces.entries()) {
        if (gen.aborted) return
        const done = i === pieces.length - 1
        yield {
          message: { role: 'assistant', content },
          done,
          done_reason: done ? 'stop' : '',
          eval_count: i + 1,
        } as ChatResponse
      }
    },
  }
  return gen
}

async function relay(pieces: string[], learnerText?: string, learnerTexts?: string[]) {
  const s = await scenario('airport')
  const prompt = tutorSystemPrompt({
    tutorName: 'Parley',
    learner: ana,
    scenario: s,
    nonEnglish: false,
    injectionSuspected: true,
    canary,
  })
  const guard = new LeakGuard(protectedShingles(prompt.instructions, prompt.publicText), canary)
  const { readable, writable } = new TransformStream()
  const sse = new SSEStreamingApi(writable, readable)
  const body = new Response(sse.responseReadable).text()
  const gen = generation(pieces)
  const result = await relayGeneration({
    generation: gen,
    guard,
    sse,
    cancelled: new AbortController().signal,
    deflection: leakDeflection(s),
    whenEmpty: emptyReplyLine(s),
    learnerText,
    learnerTexts,
    now: () => 0,
  })
  await sse.close()
  const tokens = parseSse(await body)
    .map((e) => (e.data as { text: string }).text)
    .join('')
  return { result, tokens, gen, prompt, s }
}

describe('relayGeneration', () => {
  test('a reply that finishes with no text is never an empty bubble: the learner gets a line to go on from', async () => {
    const { result, tokens, s } = await relay(['', ' ', '\n'])
    expect(result.outcome).toBe('empty')
    expect(result.reply).toBe(emptyReplyLine(s))
    expect(tokens.trim()).toBe(emptyReplyLine(s))
    expect(result.firstTokenAt).not.toBeNull()
    expect(emptyReplyLine(s)).toMatch(/\?$/)
  })

  test('a reply that only repeats the learner is followed by a line to go on from; one with its own words is not', async () => {
    const said = 'Bak, how about the appointment? This Friday is fine for me.'
    const { result, tokens, s } = await relay(['Bak, how about ', 'the appointment?'], said)
    expect(result.outcome).toBe('echo')
    expect(tokens).toBe(`Bak, how about the appointment? ${emptyReplyLine(s)}`)
    expect(result.reply).toBe(tokens)
    const own = await relay(['The appointment on Friday ', 'is fine. What time?'], said)
    expect(own.result.outcome).toBe('completed')
    expect(own.tokens).toBe('The appointment on Friday is fine. What time?')
  })

  test('relays an ordinary reply whole and keeps the final chunk', async () => {
    const { result, tokens, gen } = await relay(['Hello ', 'Ana! Where ', 'are you flying ', 'today?'])
    expect(result.outcome).toBe('completed')
    expect(tokens).toBe('Hello Ana! Where are you flying today?')
    expect(result.reply).toBe(tokens)
    expect(result.final?.eval_count).toBe(4)
    expect(gen.aborted).toBe(false)
  })

  test('a first sentence copied from the learner is never streamed, and the stored reply is what was', async () => {
    const said = 'ok i think it is good idea to go there tomorrow with you'
    const pieces = [
      'ok i think it ',
      'is good idea to go there tomo',
      'rrow with you, okay? ',
      'Great',
      ' plan! Where to?',
    ]
    const { result, tokens } = await relay(pieces, said, [said])
    expect(tokens).toBe('Great plan! Where to?')
    expect(result.reply).toBe(tokens)
    expect(result.outcome).toBe('completed')
  })

  test('a reply that was nothing but the copy gets the line to go on from', async () => {
    const said = 'I would like to book a table for two people tonight'
    const { result, tokens, s } = await relay([`${said}.`], said, [said])
    expect(result.outcome).toBe('empty')
    expect(tokens.trim()).toBe(emptyReplyLine(s))
  })

  test('stops an echo of the instructions, aborts the model and sends the in-role deflection instead', async () => {
    const { prompt, s } = await relay([])
    const echo = prompt.text.match(/.{1,9}/gs)!
    const { result, tokens, gen } = await relay(['Sure. ', ...echo])
    expect(result.outcome).toBe('filtered')
    expect(gen.aborted).toBe(true)
    expect(tokens).toBe(result.reply)
    expect(tokens.endsWith(leakDeflection(s))).toBe(true)
    expect(tokens.length).toBeLessThan(leakDeflection(s).length + 60)
  })

  test('a leak stopped mid-sentence: a dash marks the break, so the deflection does not run on', async () => {
    const { prompt, s } = await relay([])
    const { result, tokens } = await relay(['I can help you with ', ...prompt.text.match(/.{1,9}/gs)!])
    expect(result.outcome).toBe('filtered')
    expect(tokens).toBe(result.reply)
    expect(tokens.startsWith('I can help you with')).toBe(true)
    expect(tokens.endsWith(` — ${leakDeflection(s)}`)).toBe(true)
  })
})
