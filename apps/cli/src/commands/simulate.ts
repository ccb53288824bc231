import { createLogger } from '@parley/core'
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

/** `parley simulate`: synthetic learners exercise a running Parley (or an embedded one) and report what they saw. */
export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'synthetic learners sign up and chat through POST /{region}/tutor/turn (stored, fed back, scored on the server)',
    )
    .option('--gateway <url>', 'gateway of a running Parley (default: start the embedded stack here)')
    .option('--identity <url>', 'its identity (Cognito) endpoint')
    .option('--client-id <id>', 'the user pool app client id', 'parleyembeddedclient000001')
    .option('--learners <n>', 'how many learners', positiveInt, 3)
    .option('--turns <m>', 'learner messages per conversation', positiveInt, 3)
    .option('--region <name>', 'the region in /{region}/… paths', 'us-east-1')
    .option('--concurrency <c>', 'learners in flight at once (default: all)', positiveInt)
    .option('--seed <s>', 'picks the accounts, scenarios and messages', nonNegativeInt, 1)
    .action(async (opts: Opts) => {
      if (Boolean(opts.gateway) !== Boolean(opts.identity)) {
        throw new Error('give both --gateway and --identity, or neither to use the embedded stack')
      }
      const { formatSummary, simulate } = await import('../simulate/index.js')
      let target = { gatewayUrl: opts.gateway ?? '', identityUrl: opts.identity ?? '', clientId: opts.clientId }
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
        close = stack.close
      }
      let failed = 1
      try {
        const result = await simulate({
          gatewayUrl: target.gatewayUrl.replace(/\/+$/, ''),
          identity: { url: target.identityUrl, clientId: target.clientId, region: opts.region },
          region: opts.region,
          learners: opts.learners,
          turns: opts.turns,
          concurrency: opts.concurrency,
          seed: opts.seed,
          progress: (line) => console.log(line),
        })
        console.log(
          formatSummary(result.summary, { learners: opts.learners, turns: opts.turns, seconds: result.seconds }),
        )
        failed = result.summary.failed
      } finally {
        await close()
      }
      // The embedded stack may leave native handles behind; exit explicitly with the verdict.
      process.exit(failed > 0 ? 1 : 0)
    })
}
