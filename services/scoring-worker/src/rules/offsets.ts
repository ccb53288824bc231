/** A half-open range of JavaScript string indices (UTF-16 code units) into a learner's text. */
export type Span = { start: number; end: number }

/**
 * Turns a span reported by the linter into JS string offsets that really cover `problem`.
 * harper.js 2.10 reports UTF-16 offsets, but the Rust core counts Unicode scalar values, so a different build
 * could report those instead; both readings are checked against the text before anything is trusted.
 */
export function toJsSpan(text: string, start: number, end: number, problem: string): Span | undefined {
  if (start < 0 || end < start) return undefined
  const covers = (s: Span | undefined): s is Span =>
    s !== undefined && text.slice(s.start, s.end) === problem && isOnCharBoundaries(text, s.start, s.end)
  const candidates = [{ start, end }, codePointSpanToJs(text, start, end), nearestOccurrence(text, problem, start)]
  return candidates.find(covers)
}

/** Converts offsets counted in Unicode code points to UTF-16 offsets; undefined when past the end. */
export function codePointSpanToJs(text: string, start: number, end: number): Span | undefined {
  let codePoints = 0
  let jsStart: number | undefined
  let i = 0
  while (i <= text.length) {
    if (codePoints === start) jsStart = i
    if (codePoints === end) return jsStart === undefined ? undefined : { start: jsStart, end: i }
    if (i === text.length) break
    i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1
    codePoints++
  }
  return undefined
}

/** The occurrence of `needle` whose start is closest to `near`, or undefined when there is none. */
export function nearestOccurrence(text: string, needle: string, near: number): Span | undefined {
  if (needle.length === 0) return undefined
  let best: number | undefined
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    if (best === undefined || Math.abs(at - near) < Math.abs(best - near)) best = at
  }
  return best === undefined ? undefined : { start: best, end: best + needle.length }
}

/** False when a span would cut a surrogate pair (half an emoji) at either end. */
export function isOnCharBoundaries(text: string, start: number, end: number): boolean {
  const cutsPair = (i: number) =>
    i > 0 && i < text.length && isLowSurrogate(text.charCodeAt(i)) && isHighSurrogate(text.charCodeAt(i - 1))
  return start <= end && end <= text.length && !cutsPair(start) && !cutsPair(end)
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff
