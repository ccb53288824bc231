import type { Learner } from '@parley/core'

/** Sentences a learner might write, each with a typical mistake; the simulation picks from them by seed. */
export const LEARNER_SENTENCES = [
  'I has went to school yesterday.',
  'She don’t like coffee in the morning.',
  'I am agree with you about this.',
  'Yesterday I go to the market with my mother.',
  'He have two brother and one sister.',
  'I am living here since three years.',
  'Can you explain me the meaning of this word?',
  'I didn’t went to work because I was sick.',
  'There is many people in the street today.',
  'I want to improve my english for my job.',
  'My friend say that the film was very interesting.',
  'I am boring because there is nothing to do.',
  'We was very happy when we arrived to the airport.',
  'I look forward to meet you next week.',
  'Please borrow me your pen for a moment.',
  'I have visited London last summer.',
] as const

const NATIVE_LANGUAGES = ['id', 'ru', 'pt-BR', 'es', 'ja', 'vi'] as const
const LEVELS = ['A2', 'B1', 'B2', 'auto'] as const

/** mulberry32: a tiny deterministic PRNG, so one seed always gives the same learners and messages. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Learner `n` (1-based) of a run: email, profile and a random source of its own, all derived from the seed. */
export function syntheticLearner(seed: number, n: number) {
  const random = seededRandom(seed * 1000 + n)
  const profile: Learner = {
    name: `Sim Learner ${n}`,
    level: LEVELS[(n - 1) % LEVELS.length]!,
    nativeLanguage: NATIVE_LANGUAGES[(seed + n) % NATIVE_LANGUAGES.length]!,
  }
  return {
    n,
    email: `sim-${seed}-${n}@example.com`,
    profile,
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(random() * items.length)]!
    },
  }
}
export type SyntheticLearner = ReturnType<typeof syntheticLearner>

/** Meets the identity service's default policy (upper, lower, digit, symbol, 8+). */
export const SIM_PASSWORD = 'Simulate#2026'
