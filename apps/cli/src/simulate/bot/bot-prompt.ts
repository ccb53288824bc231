import type { Scenario } from '@parley/core'
import type { Persona } from './personas.js'

export type Line = { role: 'tutor' | 'learner'; text: string }
export type NextStep = { label: string; phrase: string }

/**
 * The bot's chat messages: the persona and the scenario's goal in the system message, the conversation so far with
 * the tutor as `user` and the bot as `assistant` (it writes the next assistant turn), and a bracketed nudge toward
 * the goal's next unmet step after the tutor's last line (small models drift without it).
 */
export function botMessages(persona: Persona, scenario: Scenario, lines: readonly Line[], next?: NextStep) {
  const system =
    `You are ${persona.name}, a ${persona.firstLanguage} speaker learning English at CEFR level ${persona.level}. ` +
    `You are talking to ${scenario.tutorRole}. Situation: ${scenario.description} ` +
    `Your goal: ${scenario.goal ?? scenario.title}. Write only your own next message, one or two short sentences, ` +
    `at most 25 words, in simple English with the mistakes ${persona.firstLanguage} speakers often make: ` +
    `${persona.typicalErrors.join('; ')}. Never write the other person's lines. No lists, no explanations.`
  const messages: { role: 'system' | 'user' | 'assistant'; content: string }[] = [{ role: 'system', content: system }]
  for (const [i, line] of lines.entries()) {
    const last = i === lines.length - 1
    const nudge =
      last && next && line.role === 'tutor' ? `\n[Now ${next.label.toLowerCase()}: say "${next.phrase}".]` : ''
    messages.push({ role: line.role === 'tutor' ? 'user' : 'assistant', content: `${line.text}${nudge}` })
  }
  return messages
}

/** Sampling for a learner line: short, varied, and stopped where the model starts someone else's line. */
export const BOT_OPTIONS = {
  num_predict: 48,
  temperature: 0.8,
  repeat_penalty: 1.2,
  repeat_last_n: 64,
  stop: ['\n\n', '\nTutor:', '\nUser:', '\nAssistant:', '\nLearner:', '['],
}
