/** Word and sentence splitting shared by the measured signals. Words are runs of letters with inner apostrophes. */

const WORD = /\p{L}+(?:['’]\p{L}+)*/gu

export function words(text: string): string[] {
  return text.match(WORD) ?? []
}

/** Sentences end at . ! ? … (repeated or not) or a line break; empty pieces are dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => words(s).length > 0)
}

/** Lower-cased, with curly apostrophes straightened: the key for word lists. */
export function normalise(word: string): string {
  return word.toLowerCase().replaceAll('’', "'")
}

/**
 * Words that look like names: capitalised, not "I", and not the first word of their sentence. They say nothing about
 * the learner's vocabulary, so frequency bands skip them.
 */
export function isLikelyProperNoun(word: string, indexInSentence: number): boolean {
  return indexInSentence > 0 && /^\p{Lu}/u.test(word) && word !== 'I' && !/^I['’]/.test(word)
}
