import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  applyIdleTimeout,
  type HttpTimeouts,
  httpTimeoutsFromEnv,
  type RunningService,
  serverOptionsFor,
} from '@parley/core'
import next from 'next'
import { ensureBuilt } from './lib/server/build'
import { setWebConfig } from './lib/server/config'
import type { WebConfig } from './lib/server/env'
import { clientAddressSetter, crossSiteRefusal } from './lib/server/request-guard'

export { type WebConfig, webEnv } from './lib/server/env'

const APP_DIR = path.dirname(fileURLToPath(import.meta.url))

export type StartWebOptions = {
  log?: (line: string) => void
  /** Header, request, keep-alive and idle deadlines; unset = the HTTP_*_TIMEOUT_MS variables, as every service. */
  timeouts?: Partial<HttpTimeouts>
}

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
  const timeouts = { ...httpTimeoutsFromEnv(), ...opts.timeouts }
  const server = createServer(serverOptionsFor(timeouts), (req, res) => {
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
  // The same deadlines as every service (core's serveApp): a client trickling its headers or body is cut off, while
  // the request deadline never limits a long response such as a tutor stream.
  applyIdleTimeout(server, timeouts)
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
