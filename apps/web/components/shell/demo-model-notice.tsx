'use client'
import { useDemoModel } from '@/lib/client/use-demo-model'
import { REAL_MODEL_STEP } from '@/lib/demo-model'

/** On every signed-in page, from the first screen: the tutor's model has random weights, and what to do about it. */
export function DemoModelNotice() {
  const demo = useDemoModel()
  if (!demo) return null
  return (
    <div
      role="note"
      aria-label="Demo model"
      data-testid="demo-model-notice"
      className="border-b border-amber-600 bg-amber-50 px-4 py-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-50"
    >
      <p>
        <strong>
          The tutor is running on a demo model ({demo.name}) with random weights, so its replies are noise.
        </strong>{' '}
        To practise for real, run{' '}
        <kbd className="rounded border border-amber-700 px-1 font-mono">{REAL_MODEL_STEP.command}</kbd> in the Parley
        folder, {REAL_MODEL_STEP.after}
      </p>
    </div>
  )
}
