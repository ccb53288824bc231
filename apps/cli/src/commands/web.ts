import { closeOnSignals, loadConfig } from '@parley/core'
import type { Command } from 'commander'
import { cliLogger } from '../cli-logger.js'
import { loadWeb } from '../web-module.js'

/** `parley web`: the Next.js app alone, in front of a gateway and identity service running elsewhere. */
export function register(program: Command): void {
  program
    .command('web')
    .description('run the web app (Next.js) against $WEB_GATEWAY_URL and $WEB_IDENTITY_ENDPOINT')
    .option('-p, --port <port>', 'port to listen on, 0 for any free port (default: $WEB_PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const { startWeb, webEnv } = await loadWeb()
      const config = loadConfig(webEnv, { ...process.env, ...(opts.port !== undefined && { WEB_PORT: opts.port }) })
      const log = cliLogger('web')
      // Before the build starts, so that Ctrl-C during it exits cleanly and releases the build lock.
      let web: Awaited<ReturnType<typeof startWeb>> | undefined
      closeOnSignals(() => (web ? [web] : []), log)
      web = await startWeb(config, { log: (line) => log.info(line) })
      console.log(`web: ${web.url}`)
    })
}
