import type { AuthEnv, Identity } from '@parley/auth'
import { AppError } from '@parley/core'
import type { MiddlewareHandler } from 'hono'
import type { PoolKind } from './topology.js'

/** Who may do a thing: every signed-in user, or only members of the identity pool's `admin` group. */
export type Role = 'learner' | 'admin'

/** What one rule looks at: the pool, the path on the worker, and (for JSON bodies) the top-level keys. */
export type AccessRequest = { kind: PoolKind | 'api' | 'admin'; path: string; bodyKeys: ReadonlySet<string> }

type Rule = { when: (r: AccessRequest) => boolean; role: Role; why: string }

const OLLAMA_ADMIN = /^\/api\/(?:pull|push|copy|delete|create|blobs(?:\/.*)?)$/
const OLLAMA_INFERENCE = /^\/api\/(?:chat|generate|embed|embeddings)$/
const OLLAMA_READ = /^\/api\/(?:tags|show|ps|version)$/

/**
 * The gateway's authorization rules, first match wins. Model management changes what every learner gets (a pull over
 * the tutor's model name, a delete, `keep_alive` 0 or -1 for everyone), so it is the admins'; anything on the LLM
 * pool that no rule names is refused to learners too, so a new worker endpoint starts closed.
 */
export const ACCESS_RULES: readonly Rule[] = [
  // The gateway's own admin API (/admin/*): users, models, regions and workers.
  { when: (r) => r.kind === 'admin', role: 'admin', why: 'the admin API' },
  { when: (r) => r.kind === 'llm' && OLLAMA_ADMIN.test(r.path), role: 'admin', why: 'model management' },
  {
    when: (r) => r.kind === 'llm' && OLLAMA_INFERENCE.test(r.path) && r.bodyKeys.has('keep_alive'),
    role: 'admin',
    why: 'keep_alive overrides',
  },
  {
    when: (r) => r.kind === 'llm' && (OLLAMA_INFERENCE.test(r.path) || OLLAMA_READ.test(r.path)),
    role: 'learner',
    why: '',
  },
  { when: (r) => r.kind === 'llm', role: 'admin', why: 'this model endpoint' },
  { when: () => true, role: 'learner', why: '' },
]

/** The admin group, as Cognito puts it in `cognito:groups` (ID and access tokens alike). */
export const ADMIN_GROUP = 'admin'

export function groupsOf(identity: Identity): string[] {
  const own = (identity as Identity & { groups?: unknown }).groups
  const claim = own ?? identity.claims['cognito:groups']
  return Array.isArray(claim) ? claim.filter((g): g is string => typeof g === 'string') : []
}

export function isAdmin(identity: Identity): boolean {
  return groupsOf(identity).includes(ADMIN_GROUP)
}

export class RoleRequiredError extends AppError {
  constructor(why: string) {
    super(403, 'forbidden_role', `Only admins may use ${why}`)
  }
}

/** Throws 403 unless the first matching rule's role is one `identity` holds. */
export function authorize(identity: Identity, req: AccessRequest): void {
  const rule = ACCESS_RULES.find((r) => r.when(req))
  if (rule?.role === 'admin' && !isAdmin(identity)) throw new RoleRequiredError(rule.why)
}

/** Top-level keys of a JSON object body; none for anything else (the worker answers that body with its own 400). */
export function jsonBodyKeys(body: Buffer | undefined): Set<string> {
  if (!body || body.length === 0) return new Set()
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'))
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? new Set(Object.keys(parsed)) : new Set()
  } catch {
    return new Set()
  }
}

/** `auth` (which sets the identity), then 403 for anyone outside the admin group. */
export function requireAdmin(auth: MiddlewareHandler<AuthEnv>): MiddlewareHandler<AuthEnv> {
  return async (c, next) =>
    auth(c, async () => {
      if (!isAdmin(c.var.identity)) throw new RoleRequiredError('this endpoint')
      await next()
    })
}
