import { words } from './text-stats.js'

export type Mechanics = {
  /** Share of sentences that start with a capital letter (or a digit). */
  capitalisedSentenceShare: number
  /** Share of sentences that end with . ! ? … or an emoji. */
  terminalPunctuationShare: number
  /** Share of the pronoun "I" written as a lower-case "i". */
  lowercaseIShare: number
  /** Share of words of four or more letters written in capitals, i.e. shouting. */
  shoutingShare: number
  /** Runs like "!!!" or "??" per sentence. */
  repeatedPunctuationPerSentence: number
}

const TERMINAL = /(?:[.!?…]|\p{Extended_Pictographic})["”')\]]*$/u

/** Punctuation and capitalisation conventions over the learner's sentences. */
export function measureMechanics(sentences: string[]): Mechanics {
  const all = sentences.flatMap(words)
  const pronounI = all.filter((w) => w === 'I' || w === 'i' || /^[Ii]['’]/.test(w))
  const lowerI = pronounI.filter((w) => w.startsWith('i'))
  const longWords = all.filter((w) => w.length >= 4)
  const shouting = longWords.filter((w) => w === w.toUpperCase() && w !== w.toLowerCase())
  const repeated = sentences.reduce((n, s) => n + (s.match(/[!?]{2,}/g)?.length ?? 0), 0)
  const count = Math.max(1, sentences.length)
  return {
    capitalisedSentenceShare: sentences.filter((s) => /^["“'(]*[\p{Lu}\p{N}]/u.test(s)).length / count,
    terminalPunctuationShare: sentences.filter((s) => TERMINAL.test(s)).length / count,
    lowercaseIShare: pronounI.length === 0 ? 0 : lowerI.length / pronounI.length,
    shoutingShare: longWords.length === 0 ? 0 : shouting.length / longWords.length,
    repeatedPunctuationPerSentence: repeated / count,
  }
}
