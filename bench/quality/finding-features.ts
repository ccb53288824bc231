// Features of one finding of the rules layer, for the per-finding filter measured by fit-finding-filter.ts.
import { editDistance } from '../../services/scoring-worker/src/rules/edit-distance.js'
import { frequencyRank, RANK_BEYOND_LIST } from '../../services/scoring-worker/src/rules/word-frequency.js'

/** What the per-finding filter (finding-model.ts) reads of a Harper finding. */
export type JudgedFinding = {
  start: number
  end: number
  original: string
  suggestions: string[]
  change: { kind: string }
  rule: string
  spellingKind?: string
}

/** The filter's name for a finding's rule: the spelling kind for spelling findings ("spelling:unlisted"). */
export const findingKey = (f: Pick<JudgedFinding, 'rule' | 'spellingKind'>) =>
  f.spellingKind ? `spelling:${f.spellingKind}` : f.rule

/** log10 of a word's frequency rank over 5 (0 for "the", about 1 past the 74,000 words of SUBTLEXus). */
const rarity = (word: string) => Math.log10(frequencyRank(word) ?? RANK_BEYOND_LIST) / 5

/** The rarest word's rarity; a split suggestion ("a lot") is as rare as its rarer word. */
const rarest = (phrase: string) => {
  const words = phrase.split(/[^\p{L}']+/u).filter(Boolean)
  return words.length === 0 ? 0 : Math.max(...words.map(rarity))
}

/** The sentence of `text` around [start, end): from after the last . ! ? or line break before it to the next one. */
function sentenceAround(text: string, start: number, end: number): { before: string; sentence: string } {
  let from = start
  while (from > 0 && !/[.!?\n]/.test(text[from - 1]!)) from--
  const next = /[.!?\n]/.exec(text.slice(end))
  const to = next ? end + next.index : text.length
  return { before: text.slice(from, start), sentence: text.slice(from, to) }
}

/**
 * Features of one finding, by name (the fitted weights are keyed by these names): its rule or spelling kind, where
 * it sits in its sentence, how long the sentence is, how rare its words are and, for spelling, how far and how
 * much more frequent the best candidate is. Values are kept near 0–1 so that one L2 penalty suits them all.
 */
export function findingFeatures(text: string, f: JudgedFinding): Map<string, number> {
  const x = new Map<string, number>([[`rule:${findingKey(f)}`, 1]])
  const { before, sentence } = sentenceAround(text, f.start, f.end)
  const words = sentence.split(/\s+/).filter(Boolean).length
  const atStart = before.trim() === ''
  x.set('at-sentence-start', atStart ? 1 : 0)
  x.set('sentence-words', Math.log(1 + words) / 4)
  x.set('span-words', Math.min(4, f.original.split(/\s+/).filter(Boolean).length) / 4)
  x.set('span-rarity', rarest(f.original))
  x.set('capitalised-inside', !atStart && /^\p{Lu}/u.test(f.original.trim()) ? 1 : 0)
  // Web text has titles and product names ("Best Hotels In Paris", "iPhone 15"): capitals and digits in the sentence.
  const tokens = sentence.split(/\s+/).filter(Boolean).slice(1)
  const capitals = tokens.filter((t) => /^\p{Lu}/u.test(t)).length / Math.max(1, tokens.length)
  x.set('sentence-capitals', capitals)
  x.set('sentence-digits', /\d/.test(sentence) ? 1 : 0)
  const key = findingKey(f)
  x.set(`${key}:span-rarity`, rarest(f.original))
  x.set(`${key}:sentence-capitals`, capitals)
  x.set('no-suggestion', f.suggestions.length === 0 ? 1 : 0)
  x.set('suggestions', Math.min(3, f.suggestions.length) / 3)
  x.set(`change:${f.change.kind}`, 1)
  const best = f.suggestions[0]
  if (f.spellingKind && best !== undefined) {
    const word = f.original.toLowerCase()
    const spelling: [string, number][] = [
      ['distance', editDistance(word, best.toLowerCase()) / 2],
      ['best-rarity', rarest(best)],
      ['word-length', Math.min(15, word.length) / 10],
      ['word-in-frequency-list', frequencyRank(word) === undefined ? 0 : 1],
      ['at-sentence-start', atStart ? 1 : 0],
    ]
    // Each once for all kinds and once for this kind: a rare real word is a web writer's ("inulin"), a common one
    // in the wrong place a learner's; a capital is a name inside a sentence but not at its start.
    for (const [name, value] of spelling) {
      x.set(`spelling:${name}`, value)
      x.set(`spelling:${f.spellingKind}:${name}`, value)
    }
  }
  return x
}
