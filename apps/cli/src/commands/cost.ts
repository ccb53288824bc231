import { readFileSync } from 'node:fs'
import { type CostRow, costReport, loadPriceTable, type PriceTable, parseSimulationJsonl } from '@parley/core'
import type { Command } from 'commander'

/** `parley cost FILE…`: cost per 1,000 conversations for each provider, from measured `parley simulate --jsonl` runs. */
export function register(program: Command): void {
  program
    .command('cost')
    .description('cost per 1,000 tutor conversations for each provider, from parley simulate --jsonl exports')
    .argument('<files...>', 'JSON-lines exports of measured simulator runs')
    .option('--prices <file>', 'price table JSON (default: PARLEY_PRICES_FILE, else the built-in table)')
    .option('--json', 'print the rows as JSON')
    .action((files: string[], opts: { prices?: string; json?: boolean }) => {
      const table = loadPriceTable(opts.prices ?? process.env.PARLEY_PRICES_FILE)
      const parsed = files.map((f) => {
        try {
          return parseSimulationJsonl(readFileSync(f, 'utf8'))
        } catch (err) {
          throw new Error(`${f}: ${(err as Error).message}`)
        }
      })
      const data = { turns: parsed.flatMap((p) => p.turns), runs: parsed.flatMap((p) => p.runs) }
      const rows = costReport(table, data)
      console.log(
        opts.json ? JSON.stringify({ prices: table, rows }, null, 2) : formatCostReport(rows, table, data.runs),
      )
    })
}

const money = (n: number) => (Number.isFinite(n) ? `$${n < 1 ? n.toPrecision(3) : n.toFixed(2)}` : '-')

export function formatCostReport(rows: readonly CostRow[], table: PriceTable, runs: { wallSeconds: number }[]): string {
  const cells = [
    ['provider', 'model', 'basis', 'convs', 'tokens in/conv', 'tokens out/conv', 'per 1,000 conversations'],
    ...rows.map((r) => [
      r.provider,
      r.model,
      r.basis,
      String(r.conversations),
      r.tokensInPerConversation.toFixed(0),
      r.tokensOutPerConversation.toFixed(0),
      money(r.costPer1000Conversations),
    ]),
  ]
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)))
  const line = (r: string[]) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  const instance = table.instances[table.selfHostedInstance]
  const seconds = runs.reduce((s, r) => s + r.wallSeconds, 0)
  return [
    `${runs.length} measured run(s), ${seconds.toFixed(0)} s in all; prices taken ${table.takenOn} (${table.currency})`,
    `self-hosted: ${table.selfHostedInstance} at ${money(instance?.hourly ?? Number.NaN)}/h, its time spread over the tokens served`,
    '',
    line(cells[0]!),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.slice(1).map(line),
  ].join('\n')
}
