'use client'
import { useCallback, useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { ApiError, callJson } from '@/lib/client/api'
import { useApp } from '@/lib/client/app-context'

type WorkerModels = {
  worker: string
  models: { name: string; size: number; randomWeights: boolean; loaded: boolean }[]
  error?: string
}
type Progress = { status?: string; total?: number; completed?: number; error?: string; worker?: string }

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`

/** Models per region: which worker has what, what is loaded, the demo flag; pull with a live bar; delete. */
export function ModelsPanel() {
  const { regions } = useApp()
  const [region, setRegion] = useState('')
  const [workers, setWorkers] = useState<WorkerModels[] | undefined>()
  const [name, setName] = useState('')
  const [progress, setProgress] = useState<Progress | undefined>()
  const [pulling, setPulling] = useState(false)
  const [error, setError] = useState('')
  const current = region || regions[0]?.name || ''

  const load = useCallback(async () => {
    if (!current) return
    try {
      setWorkers((await callJson<WorkerModels[]>(`/api/gw/admin/regions/${current}/models`)).data)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }, [current])
  useEffect(() => {
    void load()
  }, [load])

  async function pull() {
    setPulling(true)
    setError('')
    setProgress({ status: 'starting' })
    try {
      const res = await fetch(`/api/gw/admin/regions/${current}/models/pull`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: name.trim() }),
      })
      if (!res.ok || !res.body)
        throw new Error(
          ((await res.json().catch(() => ({}))) as { message?: string }).message ?? `Pull failed (${res.status})`,
        )
      let rest = ''
      for await (const chunk of res.body.pipeThrough(new TextDecoderStream()) as unknown as AsyncIterable<string>) {
        rest += chunk
        const lines = rest.split('\n')
        rest = lines.pop() ?? ''
        for (const line of lines.filter((l) => l.trim())) {
          const event = JSON.parse(line) as Progress
          if (event.error) setError(`${event.worker ?? ''} ${event.error}`.trim())
          else setProgress(event)
        }
      }
      await load()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setPulling(false)
    }
  }

  async function remove(model: string) {
    if (!window.confirm(`Delete ${model} from every worker in ${current}?`)) return
    try {
      await callJson(`/api/gw/admin/regions/${current}/models/${model}`, { method: 'DELETE' })
      await load()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }

  const ratio = progress?.total ? Math.min(1, (progress.completed ?? 0) / progress.total) : undefined
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          Region{' '}
          <select
            className="ml-1 h-10 rounded-md border border-input bg-bg px-2"
            value={current}
            onChange={(e) => setRegion(e.target.value)}
          >
            {regions.map((r) => (
              <option key={r.name}>{r.name}</option>
            ))}
          </select>
        </label>
        <Input
          aria-label="Model to pull"
          className="max-w-xs"
          placeholder="e.g. smollm2:135m"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Button onClick={pull} disabled={pulling || !name.trim()}>
          {pulling ? 'Pulling…' : 'Pull'}
        </Button>
      </div>
      {progress && (
        <div aria-live="polite" className="max-w-md space-y-1">
          <div className="text-sm text-muted">{progress.status}</div>
          <div
            role="progressbar"
            aria-label="Pull progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={ratio === undefined ? undefined : Math.round(ratio * 100)}
            className="h-2 overflow-hidden rounded bg-surface"
          >
            <div className="h-full bg-accent transition-all" style={{ width: `${Math.round((ratio ?? 0) * 100)}%` }} />
          </div>
          {progress.total ? (
            <div className="text-xs text-muted">
              {mb(progress.completed ?? 0)} / {mb(progress.total)}
            </div>
          ) : null}
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      {workers?.map((w) => (
        <section key={w.worker} className="rounded-md border border-border p-3">
          <h2 className="mb-2 text-sm font-semibold break-all">{w.worker}</h2>
          {w.error && <p className="text-sm text-danger">{w.error}</p>}
          <ul className="space-y-1 text-sm">
            {w.models.map((m) => (
              <li key={m.name} className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{m.name}</span>
                <span className="text-muted">{mb(m.size)}</span>
                {m.loaded && <span className="rounded bg-surface px-1.5 text-xs">loaded</span>}
                {m.randomWeights && (
                  <span className="rounded bg-surface px-1.5 text-xs text-danger">random weights (demo)</span>
                )}
                <Button size="sm" variant="ghost" onClick={() => remove(m.name)}>
                  Delete
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}
