// First-load JavaScript per route of the production build (Next 16 no longer prints it): the framework's root
// chunks plus every chunk the route's layouts and page list in their client reference manifest.
// Run after `next build`: `npm run sizes -w @parley/web`.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runInNewContext } from 'node:vm'
import { gzipSync } from 'node:zlib'

const next = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.next')
const rootMain: string[] = JSON.parse(readFileSync(path.join(next, 'build-manifest.json'), 'utf8')).rootMainFiles

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) return manifests(p)
    return name === 'page_client-reference-manifest.js' ? [p] : []
  })
}

const sizeCache = new Map<string, { raw: number; gzip: number }>()
function size(file: string) {
  let s = sizeCache.get(file)
  if (!s) {
    const buf = readFileSync(path.join(next, file))
    s = { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length }
    sizeCache.set(file, s)
  }
  return s
}

const rows = manifests(path.join(next, 'server', 'app')).map((file) => {
  const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {}
  runInNewContext(readFileSync(file, 'utf8'), { globalThis: sandbox })
  const [key, manifest] = Object.entries(sandbox.__RSC_MANIFEST ?? {})[0] ?? ['?', {}]
  const files = new Set([...rootMain, ...Object.values(manifest.entryJSFiles ?? {}).flat()])
  const total = [...files].reduce((t, f) => ({ raw: t.raw + size(f).raw, gzip: t.gzip + size(f).gzip }), {
    raw: 0,
    gzip: 0,
  })
  const route = key.replace(/\/page$/, '').replace(/\/\([^)]+\)/g, '') || '/'
  return { route, ...total }
})

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`
console.log('route'.padEnd(16), 'first-load JS (gzip)'.padStart(22), 'raw'.padStart(12))
for (const r of rows.sort((a, b) => a.route.localeCompare(b.route)))
  console.log(r.route.padEnd(16), kb(r.gzip).padStart(22), kb(r.raw).padStart(12))
