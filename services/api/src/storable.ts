// PostgreSQL cannot store NUL characters (in text or jsonb) nor lone UTF-16 surrogates (jsonb rejects their escapes;
// text would silently get U+FFFD instead). Checking input here turns them into a 400 instead of a database error.
const UNSTORABLE = /\0|\p{Cs}/u

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s)
}

/** The path of the first string (value or key) inside `value` that PostgreSQL would refuse, if any. */
export function findUnstorable(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], [...path, i])
      if (found) return found
    }
    return undefined
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key]
      const found = findUnstorable(inner, [...path, key])
      if (found) return found
    }
  }
  return undefined
}
