import { type AuthEnv, type JwtVerifier, requireAuth } from '@parley/auth'
import { type AppEnv, ForbiddenError, limitBody, NotFoundError, validate } from '@parley/core'
import type { UsageRepo } from '@parley/db'
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { z } from 'zod'
import { ConversationId } from '../schemas.js'

type ApiEnv = { Variables: AppEnv['Variables'] & AuthEnv['Variables'] }

export type UsageRoutesDeps = { repo: UsageRepo; verifier: JwtVerifier; now: () => number }

/** Most tokens one call may report: far above any model's context, so a typo or an overflow is a 400. */
const MAX_TOKENS_PER_CALL = 10_000_000

/** One LLM call's tokens, as the chat worker reports them after a reply (from the pool's final chunk). */
export const UsageReport = z.strictObject({
  provider: z.enum(['ollama', 'bedrock']),
  region: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, { message: 'expected a region name like us-east-1' }),
  model: z.string().trim().min(1).max(200),
  tokensIn: z.number().int().min(0).max(MAX_TOKENS_PER_CALL),
  tokensOut: z.number().int().min(0).max(MAX_TOKENS_PER_CALL),
})

const Params = z.object({ uid: z.string(), id: ConversationId })

const NOT_FOUND = 'Conversation not found'

/**
 * `/conversations/{uid}/usage` (the user's totals) and `/conversations/{uid}/{id}/usage` (one conversation's tokens
 * by provider, region and model; POST adds a call). Each route checks the token itself, not with `use`, so these
 * routes add no middleware to the other conversation routes; the path's uid must be the token's subject.
 */
export function usageRoutes(deps: UsageRoutesDeps) {
  const auth = requireAuth(deps.verifier)
  const own = createMiddleware<ApiEnv>(async (c, next) => {
    if (c.req.param('uid') !== c.var.identity.sub)
      throw new ForbiddenError('You can only access your own conversations')
    await next()
  })
  return new Hono<ApiEnv>()
    .get('/:uid/usage', auth, own, async (c) =>
      c.json({ status: 'success' as const, data: await deps.repo.forUser(c.var.identity.sub) }),
    )
    .get('/:uid/:id/usage', auth, own, validate('param', Params), async (c) => {
      const rows = await deps.repo.forConversation(c.var.identity.sub, c.req.valid('param').id)
      if (!rows) throw new NotFoundError(NOT_FOUND)
      return c.json({ status: 'success' as const, data: rows })
    })
    .post(
      '/:uid/:id/usage',
      auth,
      own,
      limitBody(4096),
      validate('param', Params),
      validate('json', UsageReport),
      async (c) => {
        const { id } = c.req.valid('param')
        const row = await deps.repo.add(c.var.identity.sub, id, c.req.valid('json'), new Date(deps.now()))
        if (!row) throw new NotFoundError(NOT_FOUND)
        return c.json({ status: 'success' as const, data: row })
      },
    )
}
