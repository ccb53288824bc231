import { goalProgress, type Scenario } from '@parley/core'
import type { NextStep } from './bot-prompt.js'

/** The first step of the scenario's goal the learner's lines have not met yet, with one of its phrases; none when all are met. */
export function nextGoalStep(
  scenario: Scenario,
  learnerLines: readonly string[],
  pick: <T>(xs: readonly T[]) => T,
): NextStep | undefined {
  const progress = goalProgress(scenario, learnerLines)
  const i = progress?.steps.findIndex((s) => !s.met) ?? -1
  const step = i >= 0 ? scenario.goalSteps?.[i] : undefined
  return step && { label: step.label, phrase: pick(step.phrases) }
}

/** Whether a learner session stops after this turn: the turn cap is reached, or the tutor says the goal is met. */
export function sessionEnds(
  turn: number,
  maxTurns: number,
  goal: { met: boolean } | undefined,
): 'max_turns' | 'goal_met' | undefined {
  if (goal?.met) return 'goal_met'
  return turn >= maxTurns ? 'max_turns' : undefined
}
