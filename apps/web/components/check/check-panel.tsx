'use client'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { useApp } from '@/lib/client/app-context'
import { buildProbes, type ProbeResult, runProbes } from '@/lib/client/check-probes'

export function CheckPanel() {
  const { regions } = useApp()
  const [results, setResults] = useState<ProbeResult[]>([])
  const [running, setRunning] = useState(false)
  const [deleteAll, setDeleteAll] = useState(false)

  async function run() {
    setRunning(true)
    setResults([])
    const probes = buildProbes(
      regions.map((r) => r.name),
      deleteAll,
    )
    await runProbes(probes, (r) => setResults((all) => [...all, r]))
    if (!deleteAll)
      setResults((all) => [...all, { name: 'DELETE /conversations/{uid}', ok: 'skipped', detail: 'not selected' }])
    setRunning(false)
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4">
        <Button onClick={run} disabled={running}>
          {running ? 'Checking…' : 'Run checks'}
        </Button>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={deleteAll} onChange={(e) => setDeleteAll(e.target.checked)} />
          Also check “delete all” (erases all your conversations)
        </label>
      </div>
      <table className="w-full max-w-3xl text-left text-sm" data-testid="check-results">
        <thead>
          <tr className="border-b border-border">
            <th className="py-2">Endpoint</th>
            <th>Result</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.name} className="border-b border-border">
              <td className="py-2 font-mono">{r.name}</td>
              <td>
                <span
                  className={
                    r.ok === true
                      ? 'font-semibold text-green-800 dark:text-green-300'
                      : r.ok === false
                        ? 'font-semibold text-danger'
                        : 'text-muted'
                  }
                >
                  {r.ok === true ? 'OK' : r.ok === false ? 'Error' : 'Skipped'}
                </span>
              </td>
              <td className="text-muted">{r.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
