import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunningService } from '@parley/core'
import next from 'next'
import { ensureBuilt } from './lib/server/build'
import { setWebConfig } from './lib/server/config'
import type { WebConfig } from './lib/server/env'
import { clientAddressSetter, crossSiteRefusal } from './lib/server/request-guard'

export { type WebConfig, webEnv } from './lib/server/env'

const APP_DIR = path.dirname(fileURLToPath(import.meta.url))

export type StartWebOptions = { log?: (line: string) => void }

/**
 * Serves the production build of the web app in this process (building it first when needed).
 * The config reaches the route handlers through `setWebConfig`, so one process serves one web app.
 */
export async function startWeb(config: WebConfig, opts: StartWebOptions = {}): Promise<RunningService> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  await ensureBuilt(APP_DIR, log)
  setWebConfig(config)
  const app = next({ dev: false, dir: APP_DIR, hostname: config.HOST, port: config.WEB_PORT, quiet: true })
  // Next logs its config load on stdout, which is reserved for the `web: <url>` line.
  const log0 = console.log
  console.log = console.error
  try {
    await app.prepare()
  } finally {
    console.log = log0
  }
  const handle = app.getRequestHandler()
  const setClientAddress = clientAddressSetter(config.WEB_TRUSTED_PROXIES)
  const server = createServer((req, res) => {
    // Checked here, before Next, so that every state-changing route (present and future) is covered.
    const refused = crossSiteRefusal(req, config.WEB_ALLOWED_ORIGINS)
    if (refused) {
      res.writeHead(refused.status, { 'content-type': 'application/json', connection: 'close' })
      res.end(JSON.stringify({ status: 'error', code: refused.code, message: refused.message }))
      return
    }
    setClientAddress(req)
    handle(req, res).catch((err) => {
      log(`web: request failed: ${(err as Error).message}`)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('Internal error')
    })
  })
  // The tutor's streams can run long; Node's default request timeout would cut them.
  server.requestTimeout = 0
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.WEB_PORT, config.HOST, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = ['0.0.0.0', '::'].includes(config.HOST) ? '127.0.0.1' : config.HOST
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  let closing: Promise<void> | undefined
  return {
    name: 'web',
    url,
    port,
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        const timer = setTimeout(() => server.closeAllConnections(), 5_000)
        await stopped
        clearTimeout(timer)
        await app.close()
      })()
      return closing
    },
  }
}
