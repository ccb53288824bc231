'use client'
import { useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'
import { useDemoModel } from '@/lib/client/use-demo-model'
import { REAL_MODEL_STEP } from '@/lib/demo-model'

const HIDDEN_KEY = 'parley-demo-notice-hidden'

/**
 * On every signed-in page, from the first screen: the tutor's model has random weights, and the exact next step.
 * The learner may hide it for this browser session (it comes back in a new one, while the model is still a demo).
 */
export function DemoModelNotice() {
  const demo = useDemoModel()
  const [hidden, setHidden] = useState(false)
  useEffect(() => setHidden(sessionStorage.getItem(HIDDEN_KEY) === demo?.name), [demo])
  if (!demo || hidden) return null
  return (
    <div
      role="note"
      aria-label="Demo model"
      data-testid="demo-model-notice"
      className="flex items-start gap-2 border-b border-amber-600 bg-amber-50 px-4 py-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-50"
    >
      <p className="min-w-0 flex-1">
        <strong>Demo model ({demo.name}): its replies are random noise.</strong> Next step: run{' '}
        <kbd className="whitespace-nowrap rounded border border-amber-700 px-1 font-mono">
          {REAL_MODEL_STEP.command}
        </kbd>
        , {REAL_MODEL_STEP.after}
      </p>
      <Button
        variant="ghost"
        size="sm"
        className="shrink-0 text-amber-950 dark:text-amber-50"
        onClick={() => {
          sessionStorage.setItem(HIDDEN_KEY, demo.name)
          setHidden(true)
        }}
      >
        Hide
      </Button>
    </div>
  )
}
