import { type AppEnv, ScenarioId, validate } from '@parley/core'
import { Hono } from 'hono'
import { z } from 'zod'
import type { ScenarioCatalogue } from '../scenarios.js'

/** GET /tutor/scenarios and GET /tutor/scenarios/:id: the role-play catalogue. */
export function scenarioRoutes(catalogue: ScenarioCatalogue) {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ scenarios: catalogue.list() }))
    .get('/:id', validate('param', z.object({ id: ScenarioId })), (c) => c.json(catalogue.get(c.req.valid('param').id)))
}
