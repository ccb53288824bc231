// The image's HEALTHCHECK: GET /healthz on the port of the role PID 1 runs (`parley <role> [--port N]`), so one
// image-wide check fits every role. Exits 0 when healthy, 1 otherwise; a one-off command (`parley model …`) is healthy.
import { readFileSync } from 'node:fs'

const PORTS = {
  'llm-worker': ['LLM_WORKER_PORT', 11434],
  'chat-worker': ['CHAT_WORKER_PORT', 11435],
  'scoring-worker': ['SCORING_WORKER_PORT', 11436],
  gateway: ['PORT', 8080],
  api: ['API_PORT', 8081],
  identity: ['IDENTITY_PORT', 8082],
  web: ['WEB_PORT', 3000],
}

const argv = readFileSync('/proc/1/cmdline', 'utf8').split('\0').filter(Boolean)
const cli = argv.findIndex((a) => a.endsWith('/parley') || a.endsWith('parley.mjs'))
const args = argv.slice(cli + 1)
const role = args.find((a) => !a.startsWith('-'))
if (!role || !(role in PORTS)) process.exit(0)
const flag = args.findIndex((a) => a === '--port' || a === '-p')
const [variable, fallback] = PORTS[role]
const port = flag >= 0 ? args[flag + 1] : process.env[variable] || fallback
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) })
  process.exit(res.ok ? 0 : 1)
} catch {
  process.exit(1)
}
