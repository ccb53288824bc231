import type { PoolKind } from './topology.js'

/** Where a `/{region}/…` path goes: which pool, and the path the worker serves it on. */
export type RegionalRoute = { kind: PoolKind; path: string }

/** The short forms the reference client used, each an Ollama `/api/<name>` endpoint. */
const OLLAMA_SHORT_FORMS = new Set(['tags', 'embed', 'embeddings', 'chat', 'generate', 'show', 'ps', 'pull'])

/**
 * Maps the part of a path after `/{region}` to a pool. `/scoring/embed` reaches the scoring worker's `/embed`,
 * because `/embed` alone is Ollama's.
 */
export function resolveRegionalPath(rest: string): RegionalRoute | undefined {
  const [, first = '', ...more] = rest.split('/')
  if (first === 'api' && more.length > 0) return { kind: 'llm', path: rest }
  if (OLLAMA_SHORT_FORMS.has(first) && more.length === 0) return { kind: 'llm', path: `/api/${first}` }
  if (first === 'tutor') return { kind: 'chat', path: rest }
  if (first === 'scoring' && more.length > 0 && more[0] !== '') return { kind: 'scoring', path: `/${more.join('/')}` }
  if (first === 'feedback' || first === 'score') return { kind: 'scoring', path: rest }
  return undefined
}
