import path from 'node:path'
import type { NextConfig } from 'next'

const config: NextConfig = {
  // Compression would buffer the tutor's SSE stream; the gateway or a CDN compresses in production.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  // The workspace's node_modules live at the repository root.
  turbopack: { root: path.resolve(process.cwd(), '../..') },
  outputFileTracingRoot: path.resolve(process.cwd(), '../..'),
}

export default config
