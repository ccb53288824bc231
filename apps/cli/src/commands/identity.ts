import { closeOnSignals, loadConfig } from '@parley/core'
import type { Command } from 'commander'
import { cliLogger } from '../cli-logger.js'

// Loaded on use: PGlite, argon2 and the pg driver are not needed by every `parley` invocation.
const identity = () => import('@parley/identity')

/** `parley identity`: the self-hosted Cognito-compatible user pool as its own Node server. */
export function register(program: Command): void {
  program
    .command('identity')
    .description('run the user pool that speaks the Cognito protocol (PGlite in $PARLEY_DATA_DIR/db, or $DATABASE_URL)')
    .option('-p, --port <port>', 'port to listen on, 0 for any free port (default: $IDENTITY_PORT or 8082)')
    .action(async (opts: { port?: string }) => {
      const { identityEnv, startIdentity } = await identity()
      const config = loadConfig(identityEnv, {
        ...process.env,
        ...(opts.port !== undefined && { IDENTITY_PORT: opts.port }),
      })
      // Logs go to stderr so that stdout carries only the `identity: <url>` line that scripts and tests parse.
      const log = cliLogger('identity')
      const service = await startIdentity(config, { log })
      log.info({ poolId: service.poolId, clientId: service.clientId, issuer: service.issuer }, 'user pool ready')
      console.log(`identity: ${service.url}`)
      closeOnSignals(() => [service], log)
    })
}
