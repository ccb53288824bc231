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

type Term = { offset: { start: number; length: number }; tags?: string[] }

/** The coarse tag of the term at each of `starts` (offsets of word tokens in `text`); `Other` when untagged. */
export function coarseTags(text: string, starts: readonly number[]): string[] {
  const terms = (nlp(text).json({ offset: true }) as { terms: Term[] }[]).flatMap((s) => s.terms)
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
