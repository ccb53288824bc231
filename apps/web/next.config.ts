import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { NextConfig } from 'next'

// The workspace's node_modules live at the repository root, two levels up from this file (not from the cwd:
// `parley start` runs from the repository root).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const config: NextConfig = {
  // Compression would buffer the tutor's SSE stream; the gateway or a CDN compresses in production.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
}

export default config
