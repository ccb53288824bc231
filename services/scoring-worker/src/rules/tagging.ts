import nlp from 'compromise'

/**
 * One coarse part of speech per token (compromise's tagger), for the contexts of learned edits: "many [country]"
 * generalises to "many #Singular" only through the word's class. Punctuation keeps its own mark as its tag.
 */
export const COARSE_TAGS: readonly string[] = [
  'Pronoun',
  'Determiner',
  'Preposition',
  'Conjunction',
  'Modal',
  'Copula',
  'Auxiliary',
  'Gerund',
  'PastTense',
  'Participle',
  'Infinitive',
  'PresentTense',
  'ProperNoun',
  'Plural',
  'Singular',
  'Adjective',
  'Adverb',
  'Value',
  'QuestionWord',
  'Verb',
  'Noun',
  'Other',
]

export type TaggedTerm = { offset: { start: number; length: number }; tags?: string[] }

/**
 * compromise's terms of `text`, with offsets and tags. The one place Parley runs the tagger on a text: the rules
 * layer (contexts of learned edits) and /score's part-of-speech shares both read a learner turn's terms, and /score
 * measures the turns twice (whole, and capped for the level), so recent texts are kept: at most RECENT_LIMIT of at
 * most RECENT_MAX_CHARS each (about 1 MB).
 */
export function taggedTerms(text: string): readonly TaggedTerm[] {
  const hit = recent.get(text)
  if (hit) return hit
  const terms = (nlp(text).json({ offset: true }) as { terms: TaggedTerm[] }[]).flatMap((s) => s.terms)
  if (text.length > RECENT_MAX_CHARS) return terms
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!)
  recent.set(text, terms)
  return terms
}

const recent = new Map<string, TaggedTerm[]>()
const RECENT_LIMIT = 256
const RECENT_MAX_CHARS = 4000

/** The coarse tag of the term at each of `starts` (offsets of word tokens in `text`); `Other` when untagged. */
export function coarseTags(text: string, starts: readonly number[]): string[] {
  const terms = taggedTerms(text)
  const out: string[] = []
  let t = 0
  for (const at of starts) {
    while (t < terms.length && terms[t]!.offset.start + terms[t]!.offset.length <= at) t++
    const term = terms[t]
    const inside = term && term.offset.start <= at
    out.push((inside && COARSE_TAGS.find((tag) => term.tags?.includes(tag))) || 'Other')
  }
  return out
}
