// The bounds on a small model playing a learner, the goal's next step, and when a session stops.
import type { Scenario } from '@parley/core'
import { expect, test } from 'vitest'
import { botMessages } from '../src/simulate/bot/bot-prompt.js'
import { cleanLearnerTurn, MAX_CHARS, MAX_WORDS } from '../src/simulate/bot/clean-turn.js'
import { nextGoalStep, sessionEnds } from '../src/simulate/bot/goal-step.js'
import { PERSONAS, personaFor, templateLine } from '../src/simulate/bot/personas.js'

const ctx = {
  tutorText: 'Hello! Where are you flying to today, and may I see your passport?',
  ownEarlier: [] as string[],
  names: ['Lucía'],
}
const clean = (raw: string, more: Partial<typeof ctx> = {}) => cleanLearnerTurn(raw, { ...ctx, ...more })

test('a speaker label is dropped and the text ends where someone else’s line starts', () => {
  expect(clean('Learner: I fly to Lisbon. Tutor: Great, here is your boarding pass.')).toEqual({
    text: 'I fly to Lisbon.',
  })
  expect(clean('Lucía: I has one bag\nAgent: Thank you.')).toEqual({ text: 'I has one bag' })
  expect(clean('Agent: Next, please. Lucía: I want my bag checked.')).toEqual({ text: 'I want my bag checked.' })
  expect(clean('"I want window seat, please."')).toEqual({ text: 'I want window seat, please.' })
  expect(clean('I go to Madrid. [Now ask about the gate]')).toEqual({ text: 'I go to Madrid.' })
})

test('long output is cut to two sentences, the word cap and the character cap', () => {
  expect(clean('One two three. Four five six. Seven eight nine.')).toEqual({ text: 'One two three. Four five six.' })
  const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ')
  const cut = clean(long)
  expect('text' in cut && cut.text.split(' ')).toHaveLength(MAX_WORDS)
  const wide = clean(Array.from({ length: 29 }, () => 'abcdefghij').join(' '))
  expect('text' in wide && wide.text.length).toBeLessThanOrEqual(MAX_CHARS)
})

test('empty output, a copy of the tutor, a repeat and no words are rejected', () => {
  expect(clean('   ')).toEqual({ text: '', rejected: 'empty' })
  expect(clean('Tutor: Where are you flying to today?')).toEqual({ text: '', rejected: 'empty' })
  expect(clean('Where are you flying to today, and may I see your passport')).toEqual({
    text: '',
    rejected: 'copies_tutor',
  })
  expect(clean('I fly to Rome.', { ownEarlier: ['i fly to rome'] })).toEqual({ text: '', rejected: 'repeats_itself' })
  expect(clean('42 !!')).toEqual({ text: '', rejected: 'not_words' })
  expect(clean('Dear Lucía, I am a Spanish speaker learning English at CEFR level A2.')).toEqual({
    text: '',
    rejected: 'recites_prompt',
  })
  expect(clean('Your sentence is too long. Now ask for a ticket.')).toEqual({ text: '', rejected: 'recites_prompt' })
  // Seen on SmolLM2 in CI (and the tutor, on the same model, then repeated it).
  expect(clean("The other person's words:")).toEqual({ text: '', rejected: 'recites_prompt' })
  expect(clean('Here is my message:')).toEqual({ text: '', rejected: 'recites_prompt' })
})

const airport = {
  id: 'airport',
  title: 'At the airport',
  kind: 'role-play',
  description: 'Check in for a flight.',
  tutorRole: 'a check-in agent',
  goals: ['Check in'],
  goal: 'Check in your bag and find out your gate',
  goalSteps: [
    { label: 'Check in a bag', phrases: ['my bag', 'luggage'] },
    { label: 'Ask about the gate', phrases: ['gate'] },
  ],
} as Scenario
const first = <T>(xs: readonly T[]) => xs[0]!

test('the next goal step is the first one the learner’s lines have not met', () => {
  expect(nextGoalStep(airport, [], first)).toEqual({ label: 'Check in a bag', phrase: 'my bag' })
  expect(nextGoalStep(airport, ['I have my bag here'], first)).toEqual({ label: 'Ask about the gate', phrase: 'gate' })
  expect(nextGoalStep(airport, ['my bag', 'which gate?'], first)).toBeUndefined()
  expect(nextGoalStep({ ...airport, goalSteps: undefined }, [], first)).toBeUndefined()
})

test('a session stops when the goal is met, else at the turn cap', () => {
  expect(sessionEnds(1, 6, { met: true })).toBe('goal_met')
  expect(sessionEnds(1, 6, { met: false })).toBeUndefined()
  expect(sessionEnds(6, 6, undefined)).toBe('max_turns')
  expect(sessionEnds(6, 6, { met: true })).toBe('goal_met')
})

test('the bot’s prompt names its persona and goal and nudges toward the next step after the tutor’s line', () => {
  const persona = personaFor(1, 1)
  const messages = botMessages(persona, airport, [{ role: 'tutor', text: 'Hello!' }], {
    label: 'Ask about the gate',
    phrase: 'gate',
  })
  expect(messages[0]!.content).toContain(persona.firstLanguage)
  expect(messages[0]!.content).toContain(airport.goal)
  expect(messages[1]).toEqual({ role: 'user', content: 'Hello!\n[Now ask about the gate: say "gate".]' })
})

test('every persona’s template lines carry the goal phrase', () => {
  for (const persona of PERSONAS) {
    expect(persona.templates.length).toBeGreaterThan(0)
    for (const t of persona.templates) expect(t).toContain('{phrase}')
    expect(templateLine(persona, 'my bag', first)).toContain('my bag')
  }
})
