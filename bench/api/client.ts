import { Agent, request } from 'node:http'

/**
 * A keep-alive HTTP client for the load phases. `fresh()` replaces the agent, so that no socket left idle between
 * phases (and closed by the server's keep-alive timeout meanwhile) is reused. Bodies are sent as prepared strings:
 * the load generator shares the process with the API, so it should spend as little as it can.
 */
export function httpClient(baseUrl: string, concurrency: number) {
  let agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  return {
    fresh() {
      agent.destroy()
      agent = new Agent({ keepAlive: true, maxSockets: concurrency })
    },
    close: () => agent.destroy(),
    /** Resolves with the response body; rejects on a status of 300 or more. */
    call(method: string, path: string, token: string, payload?: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const req = request(
          `${baseUrl}${path}`,
          {
            method,
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              ...(payload && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            },
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => {
              const body = Buffer.concat(chunks).toString()
              if ((res.statusCode ?? 0) < 300) resolve(body)
              else reject(new Error(`${method} ${path}: ${res.statusCode} ${body}`))
            })
          },
        )
        req.on('error', reject)
        req.end(payload)
      })
    },
  }
}
