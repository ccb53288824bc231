import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { PriceTable } from './cost.js'
import { DEFAULT_PRICES } from './prices.js'

const money = z.number().nonnegative().finite()

/** The shape of a price table file (`PARLEY_PRICES_FILE`): the same fields as DEFAULT_PRICES. */
export const PriceTableFile = z
  .object({
    currency: z.string().trim().min(1).max(8),
    takenOn: z.iso.date({ message: 'takenOn: the date the prices were taken, YYYY-MM-DD' }),
    source: z.string().trim().min(1).max(1000),
    bedrock: z.record(z.string().min(1).max(200), z.object({ inputPer1k: money, outputPer1k: money })),
    instances: z.record(
      z.string().min(1).max(60),
      z.object({
        hourly: money,
        vcpus: z.number().int().positive(),
        memoryGiB: z.number().positive(),
        baselineCpuShare: z.number().positive().max(1),
      }),
    ),
    selfHostedInstance: z.string().min(1).max(60),
  })
  .refine((t) => t.selfHostedInstance in t.instances, {
    message: 'selfHostedInstance must name one of the instances',
    path: ['selfHostedInstance'],
  }) satisfies z.ZodType<PriceTable>

/** The price table: `file` when given (validated; a bad file throws naming the field), else the defaults. */
export function loadPriceTable(file?: string): PriceTable {
  if (!file) return DEFAULT_PRICES
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new Error(`price table ${file}: ${(err as Error).message}`)
  }
  const parsed = PriceTableFile.safeParse(raw)
  if (!parsed.success) throw new Error(`price table ${file}: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}
