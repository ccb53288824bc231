import type { Learner } from '@parley/core'

const GUIDANCE: Record<Learner['level'], string> = {
  A1: 'The learner is a beginner (CEFR A1). Use very short sentences, the most common words, and the present tense. Ask one simple question at a time.',
  A2: 'The learner is elementary (CEFR A2). Use short sentences and everyday words. Use simple past and future forms. Avoid idioms.',
  B1: 'The learner is intermediate (CEFR B1). Use clear, natural sentences and common phrasal verbs. Explain any less common word in passing.',
  B2: 'The learner is upper-intermediate (CEFR B2). Speak naturally, with some idioms and varied sentence structures.',
  C1: 'The learner is advanced (CEFR C1). Speak as you would to a fluent speaker, with idioms, nuance and precise vocabulary.',
  C2: 'The learner is proficient (CEFR C2). Speak exactly as you would to an educated native speaker.',
  auto: "The learner's level is unknown. Start with simple, clear English and adapt to the level their messages show.",
}

/** How the tutor should pitch its English for a learner's CEFR level. */
export function levelGuidance(level: Learner['level']): string {
  return GUIDANCE[level]
}
