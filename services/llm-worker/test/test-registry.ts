import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MEDIA_TYPES } from '../src/store/manifest.js'

export type RegistryOptions = {
  /** Cut the connection after this many bytes on the first download of the weights. */
  cutFirstWeightsAt?: number
  /** Advertise this digest for the weights instead of the real one. */
  lieAboutDigest?: string
  /** Send the weights in small pieces, so that concurrent pulls overlap. */
  trickle?: boolean
  /** With `trickle`, wait this long between pieces (so that a test can walk away mid-download). */
  trickleEveryMs?: number
}

/**
 * A local stand-in for registry.ollama.ai at its HTTP boundary: `/v2/<ns>/<model>/manifests/<tag>` and
 * `/v2/<ns>/<model>/blobs/<digest>` with Range support, plus `/files/<name>` for direct-URL pulls.
 * It records what clients asked for, so tests can count downloads and see Range headers.
 */
export async function startTestRegistry(ggufPath: string, opts: RegistryOptions = {}) {
  const weights = await readFile(ggufPath)
  const config = Buffer.from(
    JSON.stringify({ model_format: 'gguf', model_family: 'llama', model_type: '197K', file_type: 'F32' }),
  )
  const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`
  const weightsDigest = opts.lieAboutDigest ?? digestOf(weights)
  const blobs = new Map([
    [weightsDigest, weights],
    [digestOf(config), config],
  ])
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, digest: digestOf(config), size: config.length },
    layers: [{ mediaType: MEDIA_TYPES.model, digest: weightsDigest, size: weights.length }],
  })
  const seen = { weightsRequests: 0, ranges: [] as string[], manifests: 0, weightsCutByClient: 0 }

  const server: Server = createServer((req, res) => {
    const url = req.url ?? ''
    if (/^\/v2\/library\/[\w.-]+\/manifests\/latest$/.test(url) && !url.includes('missing')) {
      seen.manifests++
      res.writeHead(200, { 'content-type': MEDIA_TYPES.manifest }).end(manifest)
      return
    }
    const blob = /^\/v2\/library\/[\w.-]+\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url)?.[1]
    const file = url === '/files/model.gguf' ? weights : undefined
    const body = file ?? (blob ? blobs.get(blob) : undefined)
    if (!body) {
      res.writeHead(404).end('not found')
      return
    }
    const isWeights = body === weights
    if (isWeights) seen.weightsRequests++
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    if (req.headers.range) seen.ranges.push(req.headers.range)
    const start = range ? Number(range[1]) : 0
    const slice = body.subarray(start)
    res.writeHead(range ? 206 : 200, {
      'content-length': slice.length,
      ...(range ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    })
    if (isWeights && opts.cutFirstWeightsAt !== undefined && seen.weightsRequests === 1) {
      // Send part of the body, then close the socket: the client sees a connection cut mid-download.
      res.write(slice.subarray(0, opts.cutFirstWeightsAt))
      res.socket?.end()
      return
    }
    if (isWeights && opts.trickle) {
      let offset = 0
      res.on('close', () => {
        if (!res.writableFinished) seen.weightsCutByClient++
      })
      const step = () => {
        if (res.destroyed) return
        if (offset >= slice.length) return void res.end()
        const piece = slice.subarray(offset, offset + 64 * 1024)
        offset += piece.length
        const next = () => (opts.trickleEveryMs ? setTimeout(step, opts.trickleEveryMs) : setImmediate(step))
        res.write(piece, next)
      }
      step()
      return
    }
    res.end(slice)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    seen,
    weightsSize: weights.length,
    weightsDigest: digestOf(weights),
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
