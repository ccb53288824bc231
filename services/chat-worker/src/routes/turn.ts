import {
  type AppEnv,
  limitBody,
  type TurnStartedEvent,
  TutorTurnRequest,
  UnauthorizedError,
  validate,
} from '@parley/core'
import { type Context, Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { BackgroundWork } from '../turn/background.js'
import { type Caller, ConversationStore } from '../turn/conversation-store.js'
import { type Emit, runTurn, type TurnWork } from '../turn/run-turn.js'
import { planTurn } from '../turn/stored-turns.js'

export type TurnRouteDeps = {
  work: TurnWork
  background: BackgroundWork
  /** The conversations api (`/conversations/{uid}`), called with the learner's own token. */
  apiUrl: string
  apiFetch?: typeof fetch
  /** SSE comment interval while the stream waits (feedback refinement, scores), under the gateway's idle timeout. */
  keepAliveMs?: number
}

/** Set by the gateway from the verified token; an incoming one is stripped there. */
const USER_HEADER = 'x-parley-user'

/**
 * POST /tutor/turn: one learner turn, run here for every client (web, `parley simulate`). Bad input, a missing
 * caller, an unknown scenario or model, and another user's conversation are JSON errors before anything is stored.
 * Then the learner's message is stored and the stream opens with `turn`; `feedback` (rules, then llm), `token`s,
 * `done`, `score` and `end` follow. The caller leaving stops the reply; the rest is finished and stored regardless.
 */
export function turnRoutes(deps: TurnRouteDeps) {
  const { tutor } = deps.work
  return new Hono<AppEnv>().post(
    '/',
    limitBody(tutor.settings.maxBodyBytes),
    validate('json', TutorTurnRequest),
    async (c) => {
      const req = c.req.valid('json')
      const store = new ConversationStore(deps.apiUrl, callerOf(c), deps.apiFetch)
      if (req.scenario) tutor.scenarios.require(req.scenario)
      // An unknown model (404) or a pool that is down (503) is found before the learner's message is stored.
      await tutor.pool.contextLength(req.model ?? tutor.settings.defaultModel, c.req.raw.signal)

      const plan = await deps.work.writes.run(req.conversationId, async () => {
        const stored = await store.get(req.conversationId)
        const planned = planTurn(stored, req, deps.work.clock().toISOString(), (id) => tutor.scenarios.get(id).title)
        tutor.scenarios.require(planned.scenario)
        const { conversationId: id } = req
        if (planned.created) await store.create({ id, title: planned.title, conversation: planned.turns })
        else if (planned.changed) await store.put(id, { conversation: planned.turns })
        return planned
      })

      const stop = new AbortController()
      return streamSSE(c, async (sse) => {
        let open = true
        const emit: Emit = async (event, data) => {
          if (!open) return
          try {
            await sse.writeSSE({ event, data: JSON.stringify(data) })
          } catch {
            open = false
          }
        }
        const left = new Promise<'left'>((resolve) => {
          const onGone = () => {
            open = false
            stop.abort()
            resolve('left')
          }
          sse.onAbort(onGone)
          c.req.raw.signal.addEventListener('abort', onGone, { once: true })
          if (c.req.raw.signal.aborted) onGone()
        })
        const started: TurnStartedEvent = {
          conversationId: req.conversationId,
          turnId: req.turnId,
          kind: plan.kind,
          created: plan.created,
          ...(plan.learner ? { learnerTurnId: plan.learner.turnId } : {}),
          title: plan.title,
        }
        await emit('turn', started)
        const run = runTurn(deps.work, store, req, plan, emit, stop.signal).catch((err: Error) =>
          tutor.log.error({ err, conversationId: req.conversationId }, 'turn failed'),
        )
        deps.background.track(run)
        const keepAlive = setInterval(() => {
          if (open) sse.write(': keep-alive\n\n').catch(() => undefined)
        }, deps.keepAliveMs ?? 10_000)
        try {
          if ((await Promise.race([run.then(() => 'finished' as const), left])) === 'finished')
            await emit('end', { turnId: req.turnId })
        } finally {
          clearInterval(keepAlive)
        }
      })
    },
  )
}

function callerOf(c: Context<AppEnv>): Caller {
  const userId = c.req.header(USER_HEADER)
  const authorization = c.req.header('authorization')
  if (!userId || !authorization?.startsWith('Bearer '))
    throw new UnauthorizedError('the turn endpoint needs the learner (call it through the gateway with a token)')
  return { userId, authorization }
}
