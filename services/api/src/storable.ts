// PostgreSQL cannot store NUL characters (in text or jsonb) nor lone UTF-16 surrogates (jsonb rejects their escapes;
// text would silently get U+FFFD instead). Checking input here turns them into a 400 instead of a database error.
const UNSTORABLE = /\0|\p{Cs}/u

/**
 * How deep a message's extra fields may nest. Real turns (feedback, scores) need a handful of levels; a body of
 * `[[[[…]]]]` a megabyte deep would overflow the stack of anything recursive after it (serialising, the driver), so
 * it is refused here, by a walk that is itself not recursive.
 */
export const MAX_NESTING_DEPTH = 32

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s)
}

export type Unstorable = { path: (string | number)[]; problem: 'text' | 'depth' }

/** The first place inside `value` that PostgreSQL would refuse (a bad string, value or key) or that nests too deep. */
export function findUnstorable(value: unknown, maxDepth = MAX_NESTING_DEPTH): Unstorable | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }]
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!
    if (typeof v === 'string') {
      if (!isStorableText(v)) return { path, problem: 'text' }
      continue
    }
    if (v === null || typeof v !== 'object') continue
    if (path.length >= maxDepth) return { path, problem: 'depth' }
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v)
    // Pushed in reverse so that the first offending place in document order is the one reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i]!
      if (typeof key === 'string' && !isStorableText(key)) return { path: [...path, key], problem: 'text' }
      stack.push({ value: inner, path: [...path, key] })
    }
  }
  return undefined
}
