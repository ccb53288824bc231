import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

type Hold = {
  markers: string[]
  held: Promise<string>
  holding: (marker: string) => void
  released: Promise<void>
  release: () => void
  /** Drops the connection instead of releasing it, as a network failure would mid-stream. */
  cut: () => void
  cutting: Promise<void>
}

/**
 * A real HTTP proxy in front of the gateway that lets a test fix the order of a turn's events. After `hold(...markers)`,
 * the next `/tutor/turn` stream passes up to and including the first event whose text contains a marker (say
 * `event: done`), and the rest is held until `release()`, or dropped with the connection by `cut()`. Every other
 * request passes untouched. Nothing is faked; the events are only delayed (or cut off).
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
        const hits = hold.markers.map((m) => [m, seen.indexOf(m)] as const).filter(([, i]) => i >= 0)
        const [marker, found] = hits.sort((a, b) => a[1] - b[1])[0] ?? ['', -1]
        const cut = found < 0 ? -1 : seen.indexOf('\n\n', found)
        if (cut < 0) return void res.write(chunk)
        // Forward through the end of the marked event (byte offsets: latin1 keeps one char per byte), hold the rest.
        const split = cut + 2 - before
        res.write(chunk.subarray(0, split))
        if (split < chunk.length) later.push(chunk.subarray(split))
        state = 'holding'
        hold.holding(marker)
      })
      up.on('end', () => {
        ended = true
        if (state !== 'holding') res.end()
      })
      void hold.cutting.then(() => {
        res.destroy()
        up.destroy()
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
    /**
     * Arms the next turn stream; `held` resolves, with the marker found, once the first event containing any of
     * `markers` has passed and the rest is held back.
     */
    hold(...markers: string[]): Pick<Hold, 'held' | 'release' | 'cut'> {
      let holding!: (marker: string) => void
      let release!: () => void
      let cut!: () => void
      const held = new Promise<string>((resolve) => {
        holding = resolve
      })
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      const cutting = new Promise<void>((resolve) => {
        cut = resolve
      })
      armed = { markers, held, holding, released, release, cut, cutting }
      return { held, release, cut }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
