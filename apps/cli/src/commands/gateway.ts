import { closeOnSignals } from '@parley/core'
import type { Command } from 'commander'
import { cliLogger } from '../cli-logger.js'

// Loaded on use, like every service command, so `parley --help` stays fast.
const gateway = () => import('@parley/gateway')

/** `parley gateway`: the single public origin in front of the api and each region's worker pools. */
export function register(program: Command): void {
  program
    .command('gateway')
    .description(
      'run the gateway: JWT checks, /conversations to the api, /{region}/… to that region’s pools, with failover',
    )
    .option('-p, --port <port>', 'port to listen on, 0 for any free port (default: $PORT or 8080)')
    .option(
      '-c, --config <file>',
      'topology JSON {api, regions:[{name, pools:{llm,chat,scoring}}]} (default: $GATEWAY_CONFIG, else GATEWAY_* variables)',
    )
    .action(async (opts: { port?: string; config?: string }) => {
      const { loadGatewayConfig, startGateway } = await gateway()
      const config = loadGatewayConfig({
        ...process.env,
        ...(opts.port !== undefined && { PORT: opts.port }),
        ...(opts.config !== undefined && { GATEWAY_CONFIG: opts.config }),
      })
      // Logs go to stderr so that stdout carries only the `gateway: <url>` line that scripts and tests parse.
      const log = cliLogger('gateway')
      const service = await startGateway(config, { log })
      console.log(`gateway: ${service.url}`)
      closeOnSignals(() => [service], log)
    })
}
