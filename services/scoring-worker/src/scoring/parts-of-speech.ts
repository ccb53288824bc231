import { taggedTerms } from '../rules/tagging.js'

/**
 * Word classes whose share of the learner's words carries level information: beginners write pronouns, the present
 * tense and few modifiers ("I like my town. It is big."); more advanced writers use more adjectives, adverbs,
 * prepositional phrases, modals and past or -ing forms. Measured with compromise's tagger (rules/tagging.ts, shared with the
 * rules layer), fitted weights in calibration.ts.
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

function tagCounts(text: string): TagCounts {
  const counts = Object.fromEntries(NAMES.map((n) => [n, 0])) as PartOfSpeechShares
  const terms = taggedTerms(text)
  for (const term of terms) {
    const tags = term.tags ?? []
    for (const n of NAMES) if (tags.includes(PART_OF_SPEECH_TAGS[n])) counts[n]++
  }
  return { terms: terms.length, counts }
}
