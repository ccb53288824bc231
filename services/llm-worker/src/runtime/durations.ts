import { BadRequestError } from '@parley/core'

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/**
 * Parses Ollama's keep_alive: a number of seconds, or a Go duration such as "5m", "1h30m", "250ms".
 * Negative means forever (returned as Infinity); 0 means unload as soon as the request ends.
 */
export function parseKeepAlive(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new BadRequestError('keep_alive must be a finite number')
    return value < 0 ? Number.POSITIVE_INFINITY : value * 1000
  }
  const text = value.trim()
  if (/^-?\d+(\.\d+)?$/.test(text)) return parseKeepAlive(Number(text))
  const negative = text.startsWith('-')
  const body = negative ? text.slice(1) : text
  const parts = [...body.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== body)
    throw new BadRequestError(`keep_alive: invalid duration ${JSON.stringify(value.slice(0, 40))}`)
  if (negative) return Number.POSITIVE_INFINITY
  return parts.reduce((ms, p) => ms + Number(p[1]) * (UNITS[p[2]!] ?? 0), 0)
}
