import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A bare node:http server that reads each request's body and answers with one fixed body: the API's own answer to
 * the operation being measured. No routing, auth, validation, JSON or database, so beside the API and the raw
 * driver it shows how much of the API's overhead HTTP alone (this server and the same load generator) takes.
 */
export async function startBareHttp() {
  let body = Buffer.alloc(0)
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Sets the body every request is answered with. */
    answer(text: string) {
      body = Buffer.from(text)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
