import type { AppEnv } from '@parley/core'
import { Hono } from 'hono'
import type { LlmPool } from '../llm.js'

/** What a client shows when the tutor's model is the random-weight demo: how to get a real one. */
export const DEMO_MODEL_HINT =
  'This is a demo model with random weights: the tutor’s replies mean nothing. For a real tutor, run ' +
  '`npm run models:real` or `npx parley model pull smollm2:135m`, then restart Parley.'

/**
 * GET /tutor/model: the default tutor model and whether it is a random-weight demo, so a client can say so on its
 * first screen (`{model, demoModel, hint?}`). An unreachable pool is a 503 like any tutor call.
 */
export function modelRoutes(pool: LlmPool, defaultModel: string) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const facts = await pool.modelFacts(defaultModel, c.req.raw.signal)
    return c.json({
      model: defaultModel,
      demoModel: facts.randomWeights,
      ...(facts.randomWeights ? { hint: DEMO_MODEL_HINT } : {}),
    })
  })
}
