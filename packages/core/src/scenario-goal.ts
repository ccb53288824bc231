import type { GoalProgress, Scenario } from './schemas/scenario.js'

const norm = (s: string) =>
  ` ${s
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `

/**
 * Progress toward a scenario's goal from the learner's own messages, oldest first: a step is met once any message
 * holds one of its phrases as whole words. `undefined` for scenarios without goal steps. Used by the chat worker
 * (the tutor says when the goal is reached) and by the web app (which shows the steps).
 */
export function goalProgress(scenario: Pick<Scenario, 'goalSteps'>, learnerMessages: readonly string[]) {
  const steps = scenario.goalSteps
  if (!steps?.length) return undefined
  const texts = learnerMessages.map(norm)
  const metBy = (upTo: number) =>
    steps.map((s) => s.phrases.some((p) => texts.slice(0, upTo).some((t) => t.includes(norm(p)))))
  const now = metBy(texts.length)
  const before = metBy(texts.length - 1)
  const met = now.every(Boolean)
  return {
    met,
    justMet: met && texts.length > 0 && !before.every(Boolean),
    steps: steps.map((s, i) => ({ label: s.label, met: now[i]! })),
  } satisfies GoalProgress
}
