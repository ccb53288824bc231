import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

type Hold = { marker: string; held: Promise<void>; holding: () => void; released: Promise<void>; release: () => void }

/**
 * A real HTTP proxy in front of the gateway that lets a test fix the order of a turn's events. After `hold(marker)`,
 * the next `/tutor/turn` stream passes up to and including the first event whose text contains `marker` (say
 * `event: done`), and the rest is held until `release()`. Every other request passes untouched. Nothing is faked;
 * the events are only delayed.
 */
export async function turnHoldingProxy(target: string) {
  let armed: Hold | undefined

  const server = createServer((req, res) => {
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers)
      const hold = armed
      if (!hold || !req.url?.endsWith('/tutor/turn') || up.statusCode !== 200) return up.pipe(res)
      armed = undefined
      let state: 'passing' | 'holding' | 'after' = 'passing'
      let seen = ''
      let ended = false
      const later: Buffer[] = []
      up.on('data', (chunk: Buffer) => {
        if (state === 'holding') return void later.push(chunk)
        if (state === 'after') return void res.write(chunk)
        const before = seen.length
        seen += chunk.toString('latin1')
        const found = seen.indexOf(hold.marker)
        const cut = found < 0 ? -1 : seen.indexOf('\n\n', found)
        if (cut < 0) return void res.write(chunk)
        // Forward through the end of the marked event (byte offsets: latin1 keeps one char per byte), hold the rest.
        const split = cut + 2 - before
        res.write(chunk.subarray(0, split))
        if (split < chunk.length) later.push(chunk.subarray(split))
        state = 'holding'
        hold.holding()
      })
      up.on('end', () => {
        ended = true
        if (state !== 'holding') res.end()
      })
      void hold.released.then(() => {
        for (const b of later) res.write(b)
        state = 'after'
        if (ended) res.end()
      })
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
    res.on('close', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    /** Arms the next turn stream; `held` resolves once its marked event has passed and the rest is held back. */
    hold(marker: string): Pick<Hold, 'held' | 'release'> {
      let holding!: () => void
      let release!: () => void
      const held = new Promise<void>((resolve) => {
        holding = resolve
      })
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      armed = { marker, held, holding, released, release }
      return { held, release }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
