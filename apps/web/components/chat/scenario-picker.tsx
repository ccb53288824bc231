'use client'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/card'
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog'
import { useScenarios } from '@/lib/client/use-scenarios'

export type ScenarioChoice = { id: string; title: string }

const FREE_TALK: ScenarioChoice = { id: 'free-talk', title: 'Free talk' }

/** "New topic": lists the tutor's scenarios from GET /{region}/tutor/scenarios and starts one. */
export function ScenarioPicker({ region, onPick }: { region: string; onPick: (s: ScenarioChoice) => void }) {
  const [open, setOpen] = useState(false)
  const { scenarios, error } = useScenarios(region, open)

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button className="w-full">+ New topic</Button>
      </DialogTrigger>
      <DialogContent title="Choose a scenario" description="The tutor opens the conversation and plays its part.">
        {error ? <Notice kind="error">Scenarios could not be loaded: {error}</Notice> : null}
        {!scenarios && !error ? <p className="text-sm text-muted">Loading…</p> : null}
        <ul className="space-y-2">
          {(scenarios ?? []).map((s) => (
            <li key={s.id}>
              <DialogClose asChild>
                <button
                  type="button"
                  onClick={() => onPick({ id: s.id, title: s.title })}
                  className="w-full rounded-md border border-border p-3 text-left hover:bg-surface focus-visible:outline-2 focus-visible:outline-accent"
                >
                  <span className="flex items-baseline justify-between gap-2">
                    <span className="font-medium">{s.title}</span>
                    {s.cefr ? (
                      <span className="shrink-0 rounded border border-border px-1.5 text-xs text-muted">
                        <span className="sr-only">Levels </span>
                        {s.cefr.min === s.cefr.max ? s.cefr.min : `${s.cefr.min}–${s.cefr.max}`}
                      </span>
                    ) : null}
                  </span>
                  <span className="block text-sm text-muted">{s.description}</span>
                  {s.goal ? <span className="mt-1 block text-sm">Goal: {s.goal}</span> : null}
                </button>
              </DialogClose>
            </li>
          ))}
        </ul>
        {error ? (
          <DialogClose asChild>
            <Button className="mt-3" onClick={() => onPick(FREE_TALK)}>
              Start a free talk
            </Button>
          </DialogClose>
        ) : null}
      </DialogContent>
    </Dialog>
  )
}
