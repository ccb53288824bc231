'use client'
import { type CostRow, costReport, parseSimulationJsonl } from '@parley/core/cost'
import { DEFAULT_PRICES } from '@parley/core/prices'
import { useState } from 'react'

const money = (n: number) => (Number.isFinite(n) ? `$${n < 1 ? n.toPrecision(3) : n.toFixed(2)}` : '–')

/**
 * Cost per 1,000 tutor conversations for each provider, from a measured `parley simulate --jsonl` export read in
 * the browser (nothing is uploaded), with the same arithmetic as `parley cost` and the built-in price table.
 */
export function CostPanel() {
  const [rows, setRows] = useState<CostRow[] | undefined>()
  const [runs, setRuns] = useState(0)
  const [error, setError] = useState('')
  const prices = DEFAULT_PRICES
  const instance = prices.instances[prices.selfHostedInstance]

  const read = async (file: File | undefined) => {
    setError('')
    setRows(undefined)
    if (!file) return
    try {
      const data = parseSimulationJsonl(await file.text())
      setRuns(data.runs.length)
      setRows(costReport(prices, data))
    } catch (err) {
      setError(`${file.name}: ${(err as Error).message}`)
    }
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-muted">
        Prices taken {prices.takenOn} ({prices.currency}); self-hosted workers on {prices.selfHostedInstance} at{' '}
        {money(instance?.hourly ?? Number.NaN)}/h, their time spread over the tokens served. Run{' '}
        <code>parley simulate --learner bot --jsonl run.jsonl</code> and choose the file.
      </p>
      <label className="block text-sm font-medium">
        Simulator export (JSON lines)
        <input
          type="file"
          accept=".jsonl,application/jsonl,application/x-ndjson,text/plain"
          className="mt-1 block text-sm"
          onChange={(e) => void read(e.target.files?.[0])}
        />
      </label>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      {rows && (
        <div className="overflow-x-auto">
          <p className="mb-2 text-sm text-muted">{runs} measured run(s)</p>
          <table className="w-full text-left text-sm" aria-label="Cost per 1,000 conversations">
            <thead className="text-muted">
              <tr>
                <th className="py-1 pr-3">provider</th>
                <th className="py-1 pr-3">model</th>
                <th className="py-1 pr-3">basis</th>
                <th className="py-1 pr-3 text-right">conversations</th>
                <th className="py-1 pr-3 text-right">tokens in / out per conversation</th>
                <th className="py-1 text-right">per 1,000 conversations</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.provider}-${r.model}-${r.basis}`} className="border-t border-border">
                  <td className="py-1 pr-3">{r.provider}</td>
                  <td className="py-1 pr-3">{r.model}</td>
                  <td className="py-1 pr-3">{r.basis}</td>
                  <td className="py-1 pr-3 text-right">{r.conversations}</td>
                  <td className="py-1 pr-3 text-right">
                    {r.tokensInPerConversation.toFixed(0)} / {r.tokensOutPerConversation.toFixed(0)}
                  </td>
                  <td className="py-1 text-right font-medium">{money(r.costPer1000Conversations)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
