import { accessSync, constants } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { createLogger, loadPriceTable } from '@parley/core'
import { type Command, InvalidArgumentError } from 'commander'

type Opts = {
  gateway?: string
  identity?: string
  clientId: string
  learners: number
  turns: number
  region: string
  concurrency?: number
  seed: number
  learner: 'script' | 'bot'
  botModel?: string
  botRegion?: string
  csv?: string
  jsonl?: string
  duration?: number
  workers: number
  prices?: string
}

const positiveInt = (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1')
  return n
}
const nonNegativeInt = (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of at least 0')
  return n
}
const learnerKind = (value: string) => {
  if (value !== 'script' && value !== 'bot') throw new InvalidArgumentError('expected "script" or "bot"')
  return value
}
/** An export path whose folder exists and is writable, checked before the run rather than after it. */
const exportFile = (value: string) => {
  const file = resolve(value)
  try {
    accessSync(dirname(file), constants.W_OK)
  } catch {
    throw new InvalidArgumentError(`cannot write to the folder of ${file}`)
  }
  return file
}

/** `parley simulate`: synthetic learners exercise a running Parley (or an embedded one) and report what they saw. */
export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'synthetic learners (scripted, or LLM-driven bots with personas) sign up and chat through ' +
        'POST /{region}/tutor/turn; optionally a load generator (--duration) and a per-turn export (--csv, --jsonl)',
    )
    .option('--gateway <url>', 'gateway of a running Parley (default: start the embedded stack here)')
    .option('--identity <url>', 'its identity (Cognito) endpoint')
    .option('--client-id <id>', 'the user pool app client id', 'parleyembeddedclient000001')
    .option('--learners <n>', 'how many learners (in load mode: bots in flight at once)', positiveInt, 3)
    .option('--turns <m>', 'most learner messages per conversation', positiveInt, 3)
    .option('--region <name>', 'the region in /{region}/… paths', 'us-east-1')
    .option('--concurrency <c>', 'learners in flight at once (default: all)', positiveInt)
    .option('--seed <s>', 'picks the accounts, personas, scenarios and messages', nonNegativeInt, 1)
    .option(
      '--learner <kind>',
      '"script" (sentences with typical mistakes) or "bot" (an LLM plays a persona)',
      learnerKind,
      'script',
    )
    .option('--bot-model <name>', "the bots' model (default: the embedded stack's model, else smollm2:135m)")
    .option('--bot-region <name>', "the region whose LLM pool runs the bots' model (default: --region)")
    .option('--csv <file>', 'write every turn as CSV', exportFile)
    .option('--jsonl <file>', 'write every turn as JSON lines, then the run record (input to parley cost)', exportFile)
    .option('--duration <seconds>', 'load mode: keep the learners busy this long, then report per region', positiveInt)
    .option('--workers <n>', 'self-hosted llm-worker instances serving the run, for its cost', positiveInt, 1)
    .option('--prices <file>', 'price table JSON (default: PARLEY_PRICES_FILE, else the built-in table)')
    .action(async (opts: Opts) => {
      if (Boolean(opts.gateway) !== Boolean(opts.identity)) {
        throw new Error('give both --gateway and --identity, or neither to use the embedded stack')
      }
      const prices = loadPriceTable(opts.prices ?? process.env.PARLEY_PRICES_FILE)
      const sim = await import('../simulate/index.js')
      let target = { gatewayUrl: opts.gateway ?? '', identityUrl: opts.identity ?? '', clientId: opts.clientId }
      let stackModel: string | undefined
      let close = async () => {}
      if (!opts.gateway) {
        const { startStack } = await import('../stack.js')
        const log = createLogger({
          name: 'parley',
          level: process.env.LOG_LEVEL || 'warn',
          destination: process.stderr,
        })
        console.log('starting the embedded stack…')
        const stack = await startStack({ web: false, env: { ...process.env, PORT: '0' }, log })
        target = { gatewayUrl: stack.gatewayUrl, identityUrl: stack.identity.url, clientId: stack.identity.clientId }
        stackModel = stack.model
        close = stack.close
      }
      let failed = 1
      try {
        const result = await sim.simulate({
          gatewayUrl: target.gatewayUrl.replace(/\/+$/, ''),
          identity: { url: target.identityUrl, clientId: target.clientId, region: opts.region },
          region: opts.region,
          learners: opts.learners,
          turns: opts.turns,
          concurrency: opts.concurrency,
          seed: opts.seed,
          progress: (line) => console.log(line),
          mode:
            opts.learner === 'bot'
              ? {
                  kind: 'bot',
                  bot: {
                    region: opts.botRegion ?? opts.region,
                    model: opts.botModel ?? stackModel ?? 'smollm2:135m',
                  },
                }
              : { kind: 'script' },
          durationSeconds: opts.duration,
          prices,
          workers: opts.workers,
        })
        const shown = opts.duration === undefined ? opts.learners : result.sessions.length
        console.log(sim.formatSummary(result.summary, { learners: shown, turns: opts.turns, seconds: result.seconds }))
        if (opts.duration !== undefined) console.log(sim.formatRegionLoad(result.regions, result.seconds))
        if (opts.csv) await sim.writeCsv(opts.csv, result.rows)
        if (opts.jsonl) await sim.writeJsonl(opts.jsonl, result.rows, result.run)
        for (const file of [opts.csv, opts.jsonl]) if (file) console.log(`wrote ${result.rows.length} turns to ${file}`)
        failed = result.summary.failed
      } finally {
        await close()
      }
      // The embedded stack may leave native handles behind; exit explicitly with the verdict.
      process.exit(failed > 0 ? 1 : 0)
    })
}
