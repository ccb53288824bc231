'use client'
import { useEffect, useState } from 'react'
import { Card, Notice } from '@/components/ui/card'
import { CATEGORY_LABEL } from '@/lib/categories'
import { loadAllConversations } from '@/lib/client/history-calls'
import { computeProgress, type Progress } from '@/lib/progress'
import { BarChart, HorizontalBars, LineChart } from './charts'

const shortLabel = (title: string, i: number) => `${i + 1}. ${title.slice(0, 24)}`

export function ProgressView() {
  const [progress, setProgress] = useState<Progress>()
  const [error, setError] = useState<string>()
  useEffect(() => {
    loadAllConversations()
      .then((c) => setProgress(computeProgress(c)))
      .catch((e: Error) => setError(e.message))
  }, [])
  if (error) return <Notice kind="error">Could not load your conversations: {error}</Notice>
  if (!progress) return <p className="text-muted">Loading…</p>
  const scored = progress.points.filter((p) => p.overall !== undefined)
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <LineChart
          title="Overall score per conversation"
          points={scored.map((p, i) => ({ label: shortLabel(p.title, i), value: p.overall ?? 0 }))}
        />
      </Card>
      <Card>
        <BarChart
          title="Errors per 100 words"
          points={progress.points
            .filter((p) => p.words > 0)
            .map((p, i) => ({ label: shortLabel(p.title, i), value: p.errorsPer100Words }))}
        />
      </Card>
      <Card>
        <HorizontalBars
          title="Most frequent error categories"
          points={progress.categories.map((c) => ({ label: CATEGORY_LABEL[c.category], value: c.count }))}
        />
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold">Recurring mistakes</h2>
        {progress.recurring.length === 0 ? (
          <p className="text-sm text-muted">No mistake has come back yet.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {progress.recurring.map((m) => (
              <li key={`${m.original}-${m.suggestion}`}>
                <span className={`fb-${m.category}`}>{m.original}</span>
                {m.suggestion ? (
                  <>
                    {' '}
                    → <strong>{m.suggestion}</strong>
                  </>
                ) : null}{' '}
                <span className="text-muted">×{m.count}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  )
}
