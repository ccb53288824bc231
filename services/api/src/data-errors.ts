import { BadRequestError } from '@parley/core'

/**
 * PostgreSQL's "data exception" class (SQLSTATE 22xxx: out-of-range numbers, bad encodings, bad casts) means the
 * input could not be stored. Validation should catch such input first; this keeps any it misses a 400, not a 500.
 */
export function guardDataErrors<T extends Record<string, (...args: never[]) => Promise<unknown>>>(repo: T): T {
  const guarded: Record<string, unknown> = {}
  for (const [name, method] of Object.entries(repo)) {
    guarded[name] = async (...args: never[]) => {
      try {
        return await method(...args)
      } catch (err) {
        const code = (err as { code?: unknown }).code
        if (typeof code === 'string' && code.startsWith('22')) {
          throw new BadRequestError('The input holds a value the database cannot store', 'invalid_input')
        }
        throw err
      }
    }
  }
  return guarded as T
}
