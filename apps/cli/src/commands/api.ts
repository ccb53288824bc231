import { closeOnSignals, loadConfig } from '@parley/core'
import type { Command } from 'commander'
import { cliLogger } from '../cli-logger.js'

// Loaded on use: PGlite and the pg driver are not needed by every `parley` invocation.
const api = () => import('@parley/api')

/** `parley api`: the conversations API as its own Node server. */
export function register(program: Command): void {
  program
    .command('api')
    .description('run the conversations API (PGlite in $PARLEY_DATA_DIR/db, or PostgreSQL at $DATABASE_URL)')
    .option('-p, --port <port>', 'port to listen on, 0 for any free port (default: $API_PORT or 8081)')
    .action(async (opts: { port?: string }) => {
      const { apiEnv, startApi } = await api()
      const config = loadConfig(apiEnv, { ...process.env, ...(opts.port !== undefined && { API_PORT: opts.port }) })
      // Logs go to stderr so that stdout carries only the `api: <url>` line that scripts and tests parse.
      const log = cliLogger('api')
      const service = await startApi(config, { log })
      console.log(`api: ${service.url}`)
      closeOnSignals(() => [service], log)
    })
}
