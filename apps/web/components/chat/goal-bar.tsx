'use client'
import type { Scenario } from '@parley/core'
import { goalProgress } from '@parley/core/scenario-goal'
import type { Turn } from '@/lib/conversation'

/** The scenario's goal above the conversation, with each step ticked off from the learner's own messages. */
export function GoalBar({ scenario, turns }: { scenario: Scenario | undefined; turns: readonly Turn[] }) {
  if (!scenario?.goal) return null
  const progress = goalProgress(
    scenario,
    turns.filter((t) => t.role === 'user').map((t) => t.content),
  )
  return (
    <div className="border-b border-border px-3 py-1.5 text-sm" data-testid="goal-bar">
      <p>
        <span className="font-medium">{progress?.met ? 'Goal reached: ' : 'Your goal: '}</span>
        {scenario.goal}
        {progress?.met ? ' ✓' : ''}
      </p>
      {progress && !progress.met ? (
        <ul className="flex flex-wrap gap-x-3 text-xs text-muted">
          {progress.steps.map((s) => (
            <li key={s.label}>
              <span aria-hidden="true">{s.met ? '✓' : '○'}</span> {s.label}
              <span className="sr-only">{s.met ? ' (done)' : ' (not yet)'}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
