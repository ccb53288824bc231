// The HTTP load generator of bench/api, in its own worker thread: clients are not part of the server they load,
// so their JSON, sockets and HTTP parsing should not be charged to the API's event loop. Started by
// `startLoadThread`; runs one closed-loop load per message and answers its LoadResult.
import { isMainThread, parentPort, Worker } from 'node:worker_threads'
import { type LoadResult, runLoad } from '../lib/load.js'
import { httpClient } from './client.js'

/** One request, prepared before the clock starts. */
export type PreparedRequest = { method: string; path: string; token: string; payload?: string }

type LoadMessage = {
  id: number
  baseUrl: string
  set: string
  requests?: PreparedRequest[]
  count: number
  concurrency: number
}

if (!isMainThread && parentPort) {
  const port = parentPort
  const sets = new Map<string, PreparedRequest[]>()
  const clients = new Map<string, ReturnType<typeof httpClient>>()
  port.on('message', async (msg: LoadMessage) => {
    try {
      if (msg.requests) sets.set(msg.set, msg.requests)
      const requests = sets.get(msg.set)!
      // A fresh agent per load phase, so no socket the server closed while idle is reused.
      clients.get(msg.baseUrl)?.close()
      const client = httpClient(msg.baseUrl, msg.concurrency)
      clients.set(msg.baseUrl, client)
      const call = (i: number) => {
        const r = requests[i % requests.length]!
        return client.call(r.method, r.path, r.token, r.payload)
      }
      port.postMessage({
        id: msg.id,
        result: await runLoad({ concurrency: msg.concurrency, requests: msg.count, call }),
      })
    } catch (err) {
      port.postMessage({ id: msg.id, error: String(err) })
    }
  })
}

/** Starts the load thread: a worker does not inherit tsx's loader, so it registers it before importing this file. */
export function startLoadThread() {
  const tsx = import.meta.resolve('tsx/esm/api')
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}) })`
  const worker = new Worker(boot, { eval: true })
  let next = 1
  const waiting = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>()
  worker.on('message', (m: { id: number; result?: LoadResult; error?: string }) => {
    const w = waiting.get(m.id)
    waiting.delete(m.id)
    if (m.error) w?.reject(new Error(m.error))
    else w?.resolve(m.result!)
  })
  worker.on('error', (err) => {
    for (const w of waiting.values()) w.reject(err)
    waiting.clear()
  })
  worker.on('exit', () => {
    for (const w of waiting.values()) w.reject(new Error('the load thread exited'))
  })
  const sent = new Set<string>()
  return {
    /** Runs `count` requests of `set` (sent to the thread once) against `baseUrl`, `concurrency` at a time. */
    run(baseUrl: string, set: string, requests: PreparedRequest[], count: number, concurrency: number) {
      const id = next++
      const first = !sent.has(set)
      sent.add(set)
      return new Promise<LoadResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        worker.postMessage({ id, baseUrl, set, count, concurrency, ...(first && { requests }) })
      })
    },
    close: () => worker.terminate(),
  }
}
