import type { FeedbackResponse, TutorTurnRequest } from '@parley/core'
import { describe, expect, test } from 'vitest'
import { planTurn, type StoredTurn, withFeedback, withReply, withScore } from '../src/turn/stored-turns.js'

const learner = { name: 'Ana', level: 'B1', nativeLanguage: 'pt-BR' } as const
const req = (patch: Partial<TutorTurnRequest> = {}): TutorTurnRequest => ({
  conversationId: 'c',
  turnId: 't-new',
  learner,
  ...patch,
})
const at = '2026-12-01T00:00:00.000Z'
const title = (id: string) => `Scenario ${id}`
const convo = (conversation: StoredTurn[]) => ({ id: 'c', title: 'Kept', conversation })
const fb = (corrected: string): FeedbackResponse => ({ issues: [], betterWords: [], tips: [], corrected })

describe('planTurn', () => {
  test('a first message creates the conversation, titled from its words, with the turn id on the message', () => {
    const plan = planTurn(undefined, req({ text: 'Hello, I am Ana.' }), at, title)
    expect(plan).toMatchObject({ kind: 'message', created: true, changed: true, title: 'Hello, I am Ana.' })
    expect(plan.turns).toEqual([{ role: 'user', content: 'Hello, I am Ana.', at, turnId: 't-new' }])
    expect(plan.learner).toEqual({ turnId: 't-new', text: 'Hello, I am Ana.', needsFeedback: true, context: undefined })
  })

  test('no text on a new conversation is the opener of the requested scenario', () => {
    const plan = planTurn(undefined, req({ scenario: 'restaurant' }), at, title)
    expect(plan).toMatchObject({ kind: 'opener', scenario: 'restaurant', title: 'Scenario restaurant', messages: [] })
    expect(plan.learner).toBeUndefined()
  })

  test('a stored conversation keeps its scenario and title; feedback context is the last finished tutor turn', () => {
    const stored = convo([
      { role: 'assistant', content: 'Welcome!', scenario: 'airport', turnId: 'o' },
      { role: 'assistant', content: '', failed: 'boom' },
    ])
    const plan = planTurn(stored, req({ text: 'Hi', scenario: 'restaurant', title: 'New' }), at, title)
    expect(plan).toMatchObject({ scenario: 'airport', title: 'Kept', created: false })
    expect(plan.learner?.context).toBe('Welcome!')
    expect(plan.messages).toEqual([
      { role: 'assistant', content: 'Welcome!' },
      { role: 'user', content: 'Hi' },
    ])
  })

  test('no text after a stopped or failed reply drops it and answers the learner turn again', () => {
    const stored = convo([
      { role: 'user', content: 'Hi', turnId: 'u1', feedback: fb('Hi'), feedbackLayer: 'llm' },
      { role: 'assistant', content: 'Hel', turnId: 'u1', stopped: true },
    ])
    const plan = planTurn(stored, req(), at, title)
    expect(plan).toMatchObject({ kind: 'reply', changed: true })
    expect(plan.turns).toHaveLength(1)
    expect(plan.learner).toMatchObject({ turnId: 'u1', needsFeedback: false })
  })

  test('a learner turn with only rules feedback, or none, still needs feedback; one without an id gets one', () => {
    const plan = planTurn(convo([{ role: 'user', content: 'Hi' }]), req(), at, title)
    expect(plan.turns[0]?.turnId).toBe('t-new')
    expect(plan.learner).toMatchObject({ turnId: 't-new', needsFeedback: true })
    const rulesOnly = convo([{ role: 'user', content: 'Hi', turnId: 'u', feedback: fb('Hi'), feedbackLayer: 'rules' }])
    expect(planTurn(rulesOnly, req(), at, title).learner?.needsFeedback).toBe(true)
  })

  test('a repeated turn id does not store the message twice', () => {
    const stored = convo([{ role: 'user', content: 'Hi', turnId: 't-new' }])
    const plan = planTurn(stored, req({ text: 'Hi' }), at, title)
    expect(plan).toMatchObject({ kind: 'message', changed: false })
    expect(plan.turns).toHaveLength(1)
  })

  test('nothing to answer after a finished reply is a 409', () => {
    const stored = convo([
      { role: 'user', content: 'Hi', turnId: 'u' },
      { role: 'assistant', content: 'Hello!', turnId: 'u' },
    ])
    expect(() => planTurn(stored, req(), at, title)).toThrow(expect.objectContaining({ status: 409 }))
  })
})

describe('merging by turn id', () => {
  const turns: StoredTurn[] = [
    { role: 'user', content: 'A', turnId: 'a' },
    { role: 'assistant', content: 'ra', turnId: 'a' },
    { role: 'user', content: 'B', turnId: 'b' },
  ]

  test('a reply goes right after the message it answers and replaces an earlier version of itself', () => {
    const late = withReply(
      turns.slice(0, 1).concat(turns.slice(2)),
      { role: 'assistant', content: 'ra', turnId: 'a' },
      'a',
    )
    expect(late.map((t) => t.content)).toEqual(['A', 'ra', 'B'])
    const again = withReply(turns, { role: 'assistant', content: 'ra2', turnId: 'a' }, 'a')
    expect(again.map((t) => t.content)).toEqual(['A', 'ra2', 'B'])
  })

  test('rules feedback never replaces the LLM refinement; the refinement replaces rules', () => {
    const llm = withFeedback(turns, 'a', fb('llm'), 'llm')
    expect(withFeedback(llm, 'a', fb('rules'), 'rules')[0]).toMatchObject({ feedback: fb('llm'), feedbackLayer: 'llm' })
    const rules = withFeedback(turns, 'b', fb('rules'), 'rules')
    expect(withFeedback(rules, 'b', fb('llm'), 'llm')[2]).toMatchObject({ feedback: fb('llm'), feedbackLayer: 'llm' })
  })

  test('scores go on the named tutor turn', () => {
    const score = { aspects: {}, cefr: { level: 'B1', confidence: 0.5 }, signals: {} } as never
    expect(withScore(turns, 'a', score)[1]).toMatchObject({ score })
  })
})
