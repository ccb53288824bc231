import { type AuthEnv, type JwtVerifier, requireAuth } from '@parley/auth'
import { type AppEnv, ForbiddenError, limitBody, NotFoundError, validate } from '@parley/core'
import type { Conversation, ConversationRepo } from '@parley/db'
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { ApiLimits } from '../config.js'
import { decodeCursor, encodeCursor } from '../cursor.js'
import { answerJsonRows, answerWithVector } from '../json-answer.js'
import { conversationIdParam, requestSchemas } from '../schemas.js'

type ApiEnv = { Variables: AppEnv['Variables'] & AuthEnv['Variables'] & { conversationId: string } }

export type ConversationRoutesDeps = {
  repo: ConversationRepo
  verifier: JwtVerifier
  limits: ApiLimits
  /** Milliseconds since the epoch; stamps created_at and updated_at. */
  now: () => number
}

/** A user reaches only their own `/conversations/{uid}`: the path's uid must be the token's subject. */
const requireOwnUid = createMiddleware<ApiEnv>(async (c, next) => {
  if (c.req.param('uid') !== c.var.identity.sub) throw new ForbiddenError('You can only access your own conversations')
  await next()
})

const NOT_FOUND = 'Conversation not found'

/** The path's conversation id, checked (a 400 otherwise) before any body is read, for the handlers as `conversationId`. */
const withId = createMiddleware<ApiEnv>(async (c, next) => {
  c.set('conversationId', conversationIdParam(c.req.param('id') ?? ''))
  await next()
})

/** The seed's `/conversations` table plus search, mounted at `/conversations`. */
export function conversationRoutes(deps: ConversationRoutesDeps) {
  const { repo, limits } = deps
  const schemas = requestSchemas(limits)
  const body = limitBody(limits.maxBodyBytes)
  const now = () => new Date(deps.now())

  return new Hono<ApiEnv>()
    .use(requireAuth(deps.verifier))
    .use('/:uid', requireOwnUid)
    .use('/:uid/*', requireOwnUid)
    .get('/:uid', validate('query', schemas.listQuery), async (c) => {
      const { limit, cursor, q } = c.req.valid('query')
      const page = await repo.list(c.var.identity.sub, {
        limit: limit ?? limits.listDefaultLimit,
        ...(cursor && { cursor: decodeCursor(cursor) }),
        ...(q && { q }),
      })
      const next = page.next && encodeCursor(page.next)
      if (next) c.header('x-next-cursor', next)
      return answerJsonRows<Conversation>(c, page.items, next)
    })
    .post('/:uid', body, validate('json', schemas.upsert), async (c) => {
      const { embedding, ...rest } = c.req.valid('json')
      // Ids are per user: another user's conversation with this id is a different row, so nothing here can tell.
      const result = await repo.upsert(c.var.identity.sub, { ...rest, ...(embedding && { embedding }) }, now())
      return answerWithVector(c, result.conversation, result.created ? 201 : 200)
    })
    .delete('/:uid', async (c) => {
      const deleted = await repo.deleteAll(c.var.identity.sub)
      return c.json({ status: 'success' as const, message: `Deleted ${deleted} conversations`, data: { deleted } })
    })
    .post('/:uid/search', body, validate('json', schemas.search), async (c) => {
      const { embedding, limit } = c.req.valid('json')
      return c.json({ status: 'success' as const, data: await repo.search(c.var.identity.sub, embedding, limit) })
    })
    .get('/:uid/:id', withId, async (c) => {
      const found = await repo.get(c.var.identity.sub, c.var.conversationId)
      if (!found) throw new NotFoundError(NOT_FOUND)
      return answerWithVector(c, found)
    })
    .put('/:uid/:id', withId, body, validate('json', schemas.patch), async (c) => {
      const updated = await repo.update(c.var.identity.sub, c.var.conversationId, c.req.valid('json'), now())
      if (!updated) throw new NotFoundError(NOT_FOUND)
      return answerWithVector(c, updated)
    })
    .delete('/:uid/:id', withId, async (c) => {
      if (!(await repo.delete(c.var.identity.sub, c.var.conversationId))) throw new NotFoundError(NOT_FOUND)
      return c.json({ status: 'success' as const, message: 'Conversation deleted' })
    })
}
