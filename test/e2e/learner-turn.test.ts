// The server-side learner turn (POST /{region}/tutor/turn) on the embedded stack, over real HTTP through the gateway:
// what the stream says and in which order, what ends up stored (also when the learner leaves mid-turn), and what is
// refused before anything is stored. Order is checked by the events' positions, never by time.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger, type TutorTurnEvent } from '@parley/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { postTurn, type SignedIn, signInLearner, turnEvents } from '../../apps/cli/src/simulate/index.js'
import { type RunningStack, startStack } from '../../apps/cli/src/stack.js'

let stack: RunningStack
let ann: SignedIn
let bob: SignedIn
const dataDir = mkdtempSync(join(tmpdir(), 'parley-turn-'))
const learner = { name: 'Ann', level: 'B1', nativeLanguage: 'id' }
const faulty = 'I has went to the beach yesterday and it were very fun.'

beforeAll(async () => {
  stack = await startStack({
    env: {
      PARLEY_DATA_DIR: dataDir,
      PORT: '0',
      LLM_THREADS: '1',
      LOG_LEVEL: 'silent',
      CHAT_MAX_REPLY_TOKENS: '24',
      SCORING_MAX_TOKENS: '48',
      IDENTITY_AUTO_CONFIRM: 'true',
    },
    web: false,
    log: silentLogger(),
  })
  const identity = { url: stack.identity.url, clientId: stack.identity.clientId, region: 'us-east-1' }
  ann = await signInLearner(identity, 'ann.turn@example.com')
  bob = await signInLearner(identity, 'bob.turn@example.com')
})

afterAll(async () => {
  await stack?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

type Stored = {
  title: string
  conversation: Array<Record<string, unknown> & { role: string; content: string; turnId?: string }>
  embedding: number[] | null
}

async function stored(who: SignedIn, id: string): Promise<Stored | undefined> {
  const res = await fetch(`${stack.gatewayUrl}/conversations/${who.sub}/${id}`, {
    headers: { authorization: `Bearer ${who.token}` },
  })
  if (res.status === 404) return undefined
  return ((await res.json()) as { data: Stored }).data
}

/** Runs a turn to the end of its stream and returns its events in order. */
async function turn(who: SignedIn, body: Record<string, unknown>): Promise<TutorTurnEvent[]> {
  const res = await postTurn(stack.gatewayUrl, 'us-east-1', who.token, { learner, turnId: randomUUID(), ...body })
  expect(res.status, await res.clone().text()).toBe(200)
  const events: TutorTurnEvent[] = []
  for await (const e of turnEvents(res.body!)) events.push(e)
  return events
}

const names = (events: TutorTurnEvent[]) =>
  events.map((e) => (e.event === 'feedback' ? `feedback:${e.data.layer}` : e.event))
const firstIndex = (events: TutorTurnEvent[], name: string) => names(events).indexOf(name)

describe('POST /{region}/tutor/turn', () => {
  const id = randomUUID()

  test('an opener: the tutor opens the scenario; stored with its scenario, nothing to give feedback on or score', async () => {
    const events = await turn(ann, { conversationId: id, scenario: 'restaurant', title: 'Dinner out' })
    const kinds = names(events)
    expect(kinds[0]).toBe('turn')
    expect(events[0]).toMatchObject({ data: { kind: 'opener', created: true, title: 'Dinner out' } })
    expect(kinds.at(-1)).toBe('end')
    expect(kinds).toContain('done')
    expect(kinds.filter((k) => k.startsWith('feedback') || k === 'score' || k === 'error')).toEqual([])
    const saved = await stored(ann, id)
    expect(saved?.title).toBe('Dinner out')
    expect(saved?.conversation).toMatchObject([{ role: 'assistant', scenario: 'restaurant' }])
  })

  test('a message: feedback by done (rules first, unless the LLM layer was faster), then the score; all stored', async () => {
    const events = await turn(ann, { conversationId: id, text: faulty })
    const kinds = names(events)
    expect(kinds[0]).toBe('turn')
    expect(events[0]).toMatchObject({ data: { kind: 'message', created: false } })
    // Feedback is on screen by `done` at the latest: the rules layer, or the refinement when that came first
    // (with random weights the LLM layer is skipped, so it often does); rules never follow the refinement.
    const firstFeedback = kinds.findIndex((k) => k.startsWith('feedback'))
    expect(firstFeedback).toBeGreaterThan(0)
    expect(firstFeedback).toBeLessThan(firstIndex(events, 'done'))
    expect(firstIndex(events, 'feedback:llm')).toBeGreaterThan(0)
    if (kinds.includes('feedback:rules'))
      expect(firstIndex(events, 'feedback:rules')).toBeLessThan(firstIndex(events, 'feedback:llm'))
    expect(firstIndex(events, 'score')).toBeGreaterThan(firstIndex(events, 'done'))
    expect(kinds.at(-1)).toBe('end')
    expect(kinds).not.toContain('error')
    const first = events[firstFeedback]
    expect(first?.event === 'feedback' && first.data.feedback.issues.map((i) => i.original)).toEqual(
      expect.arrayContaining(['has', 'went']),
    )
    const done = events.find((e) => e.event === 'done')
    const saved = await stored(ann, id)
    const [, user, reply] = saved!.conversation
    expect(user).toMatchObject({ role: 'user', content: faulty, feedbackLayer: 'llm' })
    expect((user!.feedback as { issues: unknown[] }).issues.length).toBeGreaterThan(0)
    expect(reply).toMatchObject({ role: 'assistant', content: done?.event === 'done' ? done.data.reply : '' })
    expect(reply!.score).toMatchObject({ cefr: { level: expect.any(String) } })
    expect(saved!.embedding).toHaveLength(768)
  })

  test('the next message can go the moment `done` arrives; it is stored after the reply it follows', async () => {
    const first = await postTurn(stack.gatewayUrl, 'us-east-1', ann.token, {
      conversationId: id,
      turnId: randomUUID(),
      text: 'We ate fish and rice near the sea.',
      learner,
    })
    const firstEvents: TutorTurnEvent[] = []
    const stream = turnEvents(first.body!)
    for await (const e of stream) {
      firstEvents.push(e)
      if (e.event === 'done') break
    }
    // Sent while the first turn's stream is still open (its LLM feedback, score and end are still to come).
    const secondPromise = turn(ann, { conversationId: id, text: 'Do you like seafood?' })
    const second = await secondPromise
    expect(names(second).at(-1)).toBe('end')
    const saved = await stored(ann, id)
    expect(saved!.conversation.map((t) => `${t.role}:${t.role === 'user' ? t.content : ''}`)).toEqual([
      'assistant:',
      `user:${faulty}`,
      'assistant:',
      'user:We ate fish and rice near the sea.',
      'assistant:',
      'user:Do you like seafood?',
      'assistant:',
    ])
    expect(saved!.conversation.at(-1)!.score).toBeDefined()
  })

  test('a learner who leaves mid-reply loses nothing: message, reply so far, feedback and score are stored', async () => {
    const leaving = randomUUID()
    const controller = new AbortController()
    const res = await postTurn(
      stack.gatewayUrl,
      'us-east-1',
      ann.token,
      { conversationId: leaving, turnId: randomUUID(), text: faulty, learner },
      controller.signal,
    )
    const seen: string[] = []
    await expect(
      (async () => {
        for await (const e of turnEvents(res.body!)) {
          seen.push(e.event)
          if (e.event === 'token') controller.abort()
        }
      })(),
    ).rejects.toThrow()
    expect(seen[0]).toBe('turn')
    expect(seen).not.toContain('done')
    await expect
      .poll(async () => (await stored(ann, leaving))?.conversation.at(-1)?.score, { timeout: 120_000, interval: 250 })
      .toBeDefined()
    const saved = await stored(ann, leaving)
    expect(saved!.conversation).toMatchObject([
      { role: 'user', content: faulty, feedback: expect.any(Object) },
      { role: 'assistant', stopped: true },
    ])
    await expect.poll(async () => (await stored(ann, leaving))?.conversation[0]?.feedbackLayer).toBe('llm')
    // Reopened, the stopped reply is replaced by asking for the tutor's turn again (no text).
    const retried = await turn(ann, { conversationId: leaving })
    expect(retried[0]).toMatchObject({ data: { kind: 'reply' } })
    expect(names(retried)).toContain('done')
    const after = await stored(ann, leaving)
    expect(after!.conversation.map((t) => [t.role, t.stopped ?? false])).toEqual([
      ['user', false],
      ['assistant', false],
    ])
  })

  test('the same turn id twice stores the message once', async () => {
    const conversationId = randomUUID()
    const turnId = randomUUID()
    await turn(ann, { conversationId, turnId, text: 'Hello there, my friend.' })
    // A repeat of an answered turn has nothing left to answer.
    const again = await postTurn(stack.gatewayUrl, 'us-east-1', ann.token, {
      conversationId,
      turnId,
      text: 'Hello there, my friend.',
      learner,
    })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'nothing_to_answer' })
    expect((await stored(ann, conversationId))!.conversation.filter((t) => t.role === 'user')).toHaveLength(1)
  })
})

describe('refused before anything is stored', () => {
  test.each([
    ['a blank message', 400, { text: '   ' }],
    ['a message over 4,000 characters', 400, { text: 'a'.repeat(4001) }],
    ['a conversation id that is not a UUID', 400, { conversationId: '../etc' }],
    ['no learner', 400, { learner: undefined }],
    ['an unknown scenario', 400, { scenario: 'moon-landing' }],
    ['an unknown model', 404, { model: 'no-such-model:1b' }],
    ['a NUL in the message', 400, { text: 'hi\u0000there' }],
  ])('%s → %i', async (_, status, patch: Record<string, unknown>) => {
    const conversationId = randomUUID()
    const res = await postTurn(stack.gatewayUrl, 'us-east-1', ann.token, {
      conversationId,
      turnId: randomUUID(),
      text: 'Hello!',
      learner,
      ...patch,
    })
    expect(res.status).toBe(status)
    expect(await res.json()).toMatchObject({ status: 'error', code: expect.any(String), message: expect.any(String) })
    if (typeof patch.conversationId !== 'string') expect(await stored(ann, conversationId)).toBeUndefined()
  })

  test('malformed JSON → 400', async () => {
    const res = await fetch(`${stack.gatewayUrl}/us-east-1/tutor/turn`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ann.token}`, 'content-type': 'application/json' },
      body: '{"conversationId":',
    })
    expect(res.status).toBe(400)
  })

  test('no token → 401', async () => {
    const res = await fetch(`${stack.gatewayUrl}/us-east-1/tutor/turn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: randomUUID(), turnId: randomUUID(), text: 'Hi', learner }),
    })
    expect(res.status).toBe(401)
  })

  test("another learner's conversation id gives them one of their own; the first learner's is untouched", async () => {
    const annsOwn = randomUUID()
    await turn(ann, { conversationId: annsOwn, text: 'My own words.' })
    const before = await stored(ann, annsOwn)
    await turn(bob, { conversationId: annsOwn, text: 'Now they are mine.' })
    expect(await stored(ann, annsOwn)).toEqual(before)
    const bobs = await stored(bob, annsOwn)
    expect(bobs!.conversation.filter((t) => t.role === 'user').map((t) => t.content)).toEqual(['Now they are mine.'])
  })

  test('calling the chat worker directly as another learner (forged x-parley-user) is refused by the api: 403', async () => {
    const annsOwn = randomUUID()
    await turn(ann, { conversationId: annsOwn, text: 'Private words.' })
    const before = await stored(ann, annsOwn)
    const chat = stack.services.find((s) => s.name === 'chat-worker us-east-1')!
    const res = await fetch(`${chat.url}/tutor/turn`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bob.token}`, 'x-parley-user': ann.sub, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: annsOwn, turnId: randomUUID(), text: 'Let me in.', learner }),
    })
    expect(res.status).toBe(403)
    expect(await stored(ann, annsOwn)).toEqual(before)
  })

  test('nothing to answer (the tutor already replied) → 409', async () => {
    const conversationId = randomUUID()
    await turn(ann, { conversationId, text: 'One message.' })
    const res = await postTurn(stack.gatewayUrl, 'us-east-1', ann.token, {
      conversationId,
      turnId: randomUUID(),
      learner,
    })
    expect(res.status).toBe(409)
  })
})
