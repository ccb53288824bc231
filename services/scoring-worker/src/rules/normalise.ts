/**
 * Phones type curly apostrophes and quotes by default ("She don’t"); Harper and the pattern rules only know the
 * straight ones. Each curly mark maps to one straight character of the same length, so every offset found in the
 * normalised text is valid in the learner's text as is.
 */
const STRAIGHT: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u02BC': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u2033': '"',
}
const CURLY = /[\u2018\u2019\u02BC\u2032\u201C\u201D\u2033]/g

export function straightenQuotes(text: string): string {
  return text.replace(CURLY, (c) => STRAIGHT[c] ?? c)
}

/** A suggestion written in the learner's style: their apostrophe (’) if they typed one. */
export function inLearnersStyle(suggestion: string, learnerText: string): string {
  return learnerText.includes('\u2019') ? suggestion.replace(/'/g, '\u2019') : suggestion
}
