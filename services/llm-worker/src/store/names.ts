import { BadRequestError } from '@parley/core'

export const DEFAULT_REGISTRY_HOST = 'registry.ollama.ai'
export const DEFAULT_NAMESPACE = 'library'
export const DEFAULT_TAG = 'latest'

/** A fully qualified model name, as Ollama spells it: host/namespace/model:tag. */
export type ModelName = { host: string; namespace: string; model: string; tag: string }

const PART = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,79}$/
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,79}$/
const HOST = /^[a-zA-Z0-9][a-zA-Z0-9.-]{0,252}(:[0-9]{1,5})?$/

/**
 * Parses and validates `[host/][namespace/]model[:tag]`. Every part becomes a path segment in the store, so only
 * plain names pass: no `..`, no slashes beyond the three parts, no absolute paths or odd characters.
 */
export function parseModelName(raw: string): ModelName {
  const bad = () => new BadRequestError(`Invalid model name ${JSON.stringify(raw.slice(0, 100))}`, 'invalid_model_name')
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 350) throw bad()
  const colon = raw.lastIndexOf(':')
  const slash = raw.lastIndexOf('/')
  const hasTag = colon > slash
  const path = hasTag ? raw.slice(0, colon) : raw
  const tag = hasTag ? raw.slice(colon + 1) : DEFAULT_TAG
  const parts = path.split('/')
  if (parts.length > 3) throw bad()
  const model = parts.pop() ?? ''
  const namespace = parts.pop() ?? DEFAULT_NAMESPACE
  const host = parts.pop() ?? DEFAULT_REGISTRY_HOST
  const ok = PART.test(model) && PART.test(namespace) && HOST.test(host) && TAG.test(tag)
  if (!ok || [model, namespace, host, tag].some((p) => p.includes('..'))) throw bad()
  return { host, namespace, model, tag }
}

/** The short form Ollama shows: `model:tag` for the default registry and namespace. */
export function displayName(n: ModelName): string {
  if (n.host === DEFAULT_REGISTRY_HOST && n.namespace === DEFAULT_NAMESPACE) return `${n.model}:${n.tag}`
  if (n.host === DEFAULT_REGISTRY_HOST) return `${n.namespace}/${n.model}:${n.tag}`
  return `${n.host}/${n.namespace}/${n.model}:${n.tag}`
}

/** Canonical key for maps: the same model written two ways maps to one key. */
export function modelKey(raw: string): string {
  return displayName(parseModelName(raw))
}
