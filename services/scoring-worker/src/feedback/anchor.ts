import type { Span } from '../rules/offsets.js'

/**
 * Finds where the LLM's quoted words sit in the learner's text: the first occurrence that does not overlap a span
 * already taken, exact first, then ignoring case. The LLM's own offsets are never trusted.
 */
export function anchor(text: string, quoted: string, taken: Span[]): Span | undefined {
  const needle = quoted.trim()
  if (needle.length === 0) return undefined
  return firstFree(text, needle, taken) ?? firstFree(text.toLowerCase(), needle.toLowerCase(), taken, text.length)
}

function firstFree(
  haystack: string,
  needle: string,
  taken: Span[],
  expectedLength = haystack.length,
): Span | undefined {
  // Lower-casing can change a string's length (e.g. "İ"); offsets are only valid when it did not.
  if (haystack.length !== expectedLength) return undefined
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const span = { start: at, end: at + needle.length }
    if (!taken.some((t) => overlaps(t, span))) return span
  }
  return undefined
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end
}
