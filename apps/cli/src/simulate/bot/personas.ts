/**
 * Learner personas for LLM-driven bots: a first language, a CEFR level, the errors speakers of that language
 * typically make in English (after Swan & Smith, "Learner English", 2nd ed.), and template lines that carry those
 * errors. The templates are the fallback when the bot's model writes nothing usable; `{phrase}` is filled with a
 * phrase of the scenario goal's next unmet step, so a fallback line still moves the conversation toward the goal.
 */
export type Persona = {
  id: string
  name: string
  /** BCP 47 tag, as the learner profile's nativeLanguage. */
  nativeLanguage: string
  firstLanguage: string
  level: 'A2' | 'B1' | 'B2'
  typicalErrors: readonly string[]
  templates: readonly string[]
}

export const PERSONAS: readonly Persona[] = [
  {
    id: 'es-a2',
    name: 'Lucía',
    nativeLanguage: 'es',
    firstLanguage: 'Spanish',
    level: 'A2',
    typicalErrors: [
      'drops the subject pronoun ("Is very expensive")',
      'says "I have 25 years" for age',
      'uses "make" for "do" and "people is"',
    ],
    templates: [
      'Is possible {phrase}, please?',
      'I want {phrase}. Is very important for me.',
      'Sorry, I no understand. {phrase}?',
    ],
  },
  {
    id: 'ja-a2',
    name: 'Haruto',
    nativeLanguage: 'ja',
    firstLanguage: 'Japanese',
    level: 'A2',
    typicalErrors: ['leaves out articles ("I want ticket")', 'leaves out plural -s', 'mixes up l and r in spelling'],
    templates: ['Excuse me, I want {phrase}.', 'Please, {phrase}. I have two bag.', 'I think {phrase} is OK for me.'],
  },
  {
    id: 'ru-b1',
    name: 'Dmitri',
    nativeLanguage: 'ru',
    firstLanguage: 'Russian',
    level: 'B1',
    typicalErrors: [
      'leaves out or misplaces articles ("I need the information about room")',
      'uses present simple for ongoing actions ("I live here since two years")',
      'word order of questions ("Where I can find it?")',
    ],
    templates: [
      'Tell me please, {phrase}?',
      'I already told about {phrase}, where I can find it?',
      'I need {phrase} since morning.',
    ],
  },
  {
    id: 'pt-b1',
    name: 'João',
    nativeLanguage: 'pt-BR',
    firstLanguage: 'Portuguese',
    level: 'B1',
    typicalErrors: [
      'false friends ("pretend" for "intend", "push" for "pull")',
      '"I have" for "there is"',
      'adjectives with plural -s ("differents")',
    ],
    templates: [
      'I pretend to ask about {phrase}.',
      'Have a problem with {phrase}, can you help me?',
      'For me, {phrase} is more better.',
    ],
  },
  {
    id: 'id-b2',
    name: 'Putri',
    nativeLanguage: 'id',
    firstLanguage: 'Indonesian',
    level: 'B2',
    typicalErrors: [
      'no tense or agreement inflection ("Yesterday I go", "she go")',
      'omits the copula ("The room very nice")',
      'uses "already" as a past marker',
    ],
    templates: [
      'Yesterday I already ask about {phrase}, but nobody know.',
      'Could you tell me about {phrase}? The last time very confusing.',
      'I would like {phrase}, if it possible.',
    ],
  },
  {
    id: 'vi-b2',
    name: 'Minh',
    nativeLanguage: 'vi',
    firstLanguage: 'Vietnamese',
    level: 'B2',
    typicalErrors: [
      'drops final consonant endings (-s, -ed)',
      'leaves out articles',
      'uses "very" with absolute adjectives and topic-comment order ("This hotel, I like very much")',
    ],
    templates: [
      'About {phrase}, I want to know more please.',
      'Last week I book online, now I ask about {phrase}.',
      'Can I have {phrase}? It very helpful.',
    ],
  },
]

/** Persona `n` (1-based) of a run, picked by seed so one seed always gives the same cast. */
export function personaFor(seed: number, n: number): Persona {
  return PERSONAS[(seed + n - 1) % PERSONAS.length]!
}

/** A template line of `persona` with `{phrase}` filled; `pick` chooses the template (seeded by the caller). */
export function templateLine(persona: Persona, phrase: string, pick: <T>(items: readonly T[]) => T): string {
  return pick(persona.templates).replace('{phrase}', phrase)
}
