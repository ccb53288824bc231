import { z } from 'zod'
import { CefrLevel } from './learner.js'

/** A role-play the tutor can open and steer; the chat worker keeps them as data files. */
export const Scenario = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  title: z.string().min(1).max(80),
  kind: z.enum(['free', 'role-play', 'exam']),
  description: z.string().min(1).max(500),
  /** The role the tutor plays, e.g. "a hiring manager at a software company". */
  tutorRole: z.string().min(1).max(200),
  goals: z.array(z.string().min(1).max(200)).min(1).max(10),
  openingLine: z.string().min(1).max(500),
  targetVocabulary: z.array(z.string().min(1).max(60)).max(40),
  /** How to pitch the scenario at each level; missing levels fall back to general level guidance. */
  levelHints: z.partialRecord(CefrLevel, z.string().min(1).max(300)),
})
export type Scenario = z.infer<typeof Scenario>

/** GET /tutor/scenarios */
export const ScenarioList = z.object({ scenarios: z.array(Scenario) })
export type ScenarioList = z.infer<typeof ScenarioList>
