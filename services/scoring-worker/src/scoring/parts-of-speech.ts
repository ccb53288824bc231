import nlp from 'compromise'

/**
 * Word classes whose share of the learner's words carries level information: beginners write pronouns, the present
 * tense and few modifiers ("I like my town. It is big."); more advanced writers use more adjectives, adverbs,
 * prepositional phrases, modals and past or -ing forms. Measured with compromise's tagger (the one the rules layer's
 * patterns use), fitted weights in calibration.ts.
 */
export const PART_OF_SPEECH_TAGS = {
  adjectiveShare: 'Adjective',
  adverbShare: 'Adverb',
  pronounShare: 'Pronoun',
  conjunctionShare: 'Conjunction',
  prepositionShare: 'Preposition',
  determinerShare: 'Determiner',
  pastTenseShare: 'PastTense',
  modalShare: 'Modal',
  gerundShare: 'Gerund',
} as const

export type PartOfSpeechShares = Record<keyof typeof PART_OF_SPEECH_TAGS, number>

const NAMES = Object.keys(PART_OF_SPEECH_TAGS) as (keyof typeof PART_OF_SPEECH_TAGS)[]

/** Share of the tagged terms of `texts` carrying each tag (0 each when there are no terms). */
export function partOfSpeechShares(texts: string[]): PartOfSpeechShares {
  const counts = Object.fromEntries(NAMES.map((n) => [n, 0])) as PartOfSpeechShares
  let terms = 0
  for (const text of texts) {
    const one = tagCounts(text)
    terms += one.terms
    for (const n of NAMES) counts[n] += one.counts[n]
  }
  if (terms > 0) for (const n of NAMES) counts[n] /= terms
  return counts
}

type TagCounts = { terms: number; counts: PartOfSpeechShares }

/**
 * Recently tagged turns: /score measures the turns twice (whole, and capped for the level), and tagging is most of
 * the cost of the measured signals (about 1 ms a turn), so a turn the cap left whole is tagged once. Bounded: at
 * most RECENT_LIMIT turns of at most RECENT_MAX_CHARS each (1 MB).
 */
const recent = new Map<string, TagCounts>()
const RECENT_LIMIT = 256
const RECENT_MAX_CHARS = 4000

function tagCounts(text: string): TagCounts {
  const hit = recent.get(text)
  if (hit) return hit
  const counts = Object.fromEntries(NAMES.map((n) => [n, 0])) as PartOfSpeechShares
  let terms = 0
  for (const sentence of nlp(text).json() as { terms: { tags?: string[] }[] }[]) {
    for (const term of sentence.terms) {
      terms++
      const tags = term.tags ?? []
      for (const n of NAMES) if (tags.includes(PART_OF_SPEECH_TAGS[n])) counts[n]++
    }
  }
  const out = { terms, counts }
  if (text.length > RECENT_MAX_CHARS) return out
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!)
  recent.set(text, out)
  return out
}
