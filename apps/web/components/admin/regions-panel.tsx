'use client'
import { useEffect, useState } from 'react'
import { ApiError, callJson } from '@/lib/client/api'

type WorkerReport = {
  url: string
  state: string
  inFlight: number
  queueDepth?: number
  activeSequences?: number
  tokensPerSecond?: number
  ttftP50S?: number
  ttftP95S?: number
  metricsError?: string
}
type Region = {
  name: string
  failoversOut: number
  ejections: number
  pools: Record<string, { usable: number; total: number; workers: WorkerReport[] }>
}

const ms = (s?: number) => (s === undefined ? '–' : `${Math.round(s * 1000)} ms`)

/** Each region's pools and workers, from the gateway and the workers' own metrics; refreshed every 5 s. */
export function RegionsPanel() {
  const [regions, setRegions] = useState<Region[] | undefined>()
  const [error, setError] = useState('')
  useEffect(() => {
    let live = true
    const load = () =>
      callJson<Region[]>('/api/gw/admin/regions')
        .then((r) => live && setRegions(r.data))
        .catch((err) => live && setError(err instanceof ApiError ? err.message : String(err)))
    void load()
    const timer = setInterval(load, 5000)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [])
  if (error)
    return (
      <p role="alert" className="text-sm text-danger">
        {error}
      </p>
    )
  if (!regions) return <p className="text-sm text-muted">Loading…</p>
  return (
    <div className="space-y-6">
      {regions.map((r) => (
        <section key={r.name} className="rounded-md border border-border p-3">
          <h2 className="mb-1 text-lg font-semibold">{r.name}</h2>
          <p className="mb-3 text-sm text-muted">
            failovers to other regions: {r.failoversOut} · ejections: {r.ejections}
          </p>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label={`Workers in ${r.name}`}>
              <thead className="text-muted">
                <tr>
                  <th className="p-1">Pool</th>
                  <th className="p-1">Worker</th>
                  <th className="p-1">Health</th>
                  <th className="p-1">In flight</th>
                  <th className="p-1">Queue</th>
                  <th className="p-1">Sequences</th>
                  <th className="p-1">Tokens/s</th>
                  <th className="p-1">TTFT p50</th>
                  <th className="p-1">TTFT p95</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(r.pools).flatMap(([kind, pool]) =>
                  pool.workers.map((w) => (
                    <tr key={`${kind}${w.url}`} className="border-t border-border">
                      <td className="p-1">{kind}</td>
                      <td className="p-1 break-all">{w.url}</td>
                      <td className={w.state === 'usable' ? 'p-1' : 'p-1 text-danger'}>{w.state}</td>
                      <td className="p-1">{w.inFlight}</td>
                      <td className="p-1">{w.queueDepth ?? '–'}</td>
                      <td className="p-1">{w.activeSequences ?? '–'}</td>
                      <td className="p-1">{w.tokensPerSecond ?? '–'}</td>
                      <td className="p-1">{ms(w.ttftP50S)}</td>
                      <td className="p-1">{ms(w.ttftP95S)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  )
}
