import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import { stringify } from 'csv-stringify'
import { type RunRecord, TURN_COLUMNS, type TurnRow } from './turn-rows.js'

/** Writes every turn as CSV (csv-stringify does the quoting: commas, quotes and newlines in learner text). */
export async function writeCsv(file: string, rows: readonly TurnRow[]): Promise<void> {
  const out = createWriteStream(file)
  const csv = stringify({
    header: true,
    columns: [...TURN_COLUMNS],
    cast: { boolean: (b) => (b ? 'true' : 'false') },
  })
  csv.pipe(out)
  for (const row of rows) csv.write(row)
  csv.end()
  await finished(out)
}

/** Writes one JSON object per turn, then the run record (`kind: "run"`) that `parley cost` reads. */
export async function writeJsonl(file: string, rows: readonly TurnRow[], run: RunRecord): Promise<void> {
  const out = createWriteStream(file)
  for (const row of rows) out.write(`${JSON.stringify({ kind: 'turn', ...row })}\n`)
  out.end(`${JSON.stringify(run)}\n`)
  await finished(out)
}
