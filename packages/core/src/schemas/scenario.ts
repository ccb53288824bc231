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
  /** The levels the scenario suits (additive; absent = any level). */
  cefr: z.object({ min: CefrLevel, max: CefrLevel }).optional(),
  /** The goal, addressed to the learner ("Order a meal and ask for the bill"). */
  goal: z.string().min(1).max(200).optional(),
  /**
   * How to tell the goal is met, from the learner's own messages: every step needs one of its phrases
   * (case-insensitive, whole words). Deterministic, so even a small model's tutor can say when it is reached.
   */
  goalSteps: z
    .array(z.object({ label: z.string().min(1).max(100), phrases: z.array(z.string().min(1).max(60)).min(1).max(30) }))
    .max(8)
    .optional(),
})
export type Scenario = z.infer<typeof Scenario>

/** GET /tutor/scenarios */
export const ScenarioList = z.object({ scenarios: z.array(Scenario) })
export type ScenarioList = z.infer<typeof ScenarioList>

/** How far the learner is toward the scenario's goal (TutorDoneEvent.goal). */
export const GoalProgress = z.object({
  met: z.boolean(),
  /** The learner's last message completed the goal. */
  justMet: z.boolean(),
  steps: z.array(z.object({ label: z.string(), met: z.boolean() })),
})
export type GoalProgress = z.infer<typeof GoalProgress>
