/** One region as the picker shows it. */
export type RegionHealth = { name: string; status: 'healthy' | 'degraded' | 'down'; summary: string }

type PoolStats = { healthy?: number; total?: number; p50Ms?: number | null; p50?: number | null; queueDepth?: number }

/**
 * Reads GET /regions leniently (`{regions:[…]}`, `{data:[…]}` or an array; pools as an object of
 * `{healthy,total}`): a region is healthy when every pool has a healthy worker, down when none has.
 */
export function parseRegions(body: unknown): RegionHealth[] {
  const b = body as { regions?: unknown; data?: unknown }
  const list = Array.isArray(body) ? body : Array.isArray(b?.regions) ? b.regions : Array.isArray(b?.data) ? b.data : []
  return (list as Record<string, unknown>[]).flatMap((r) => {
    const name = String(r?.name ?? r?.region ?? '')
    if (!name) return []
    const pools = Object.entries((r.pools ?? {}) as Record<string, PoolStats>)
    if (pools.length === 0) {
      const ok = r.healthy === true || r.status === 'ok' || r.status === 'healthy'
      return [{ name, status: ok ? 'healthy' : 'down', summary: ok ? 'healthy' : 'unavailable' }]
    }
    const up = pools.filter(([, p]) => (p?.healthy ?? 0) > 0).length
    const status = up === pools.length ? 'healthy' : up === 0 ? 'down' : 'degraded'
    const summary = pools.map(([pool, p]) => `${pool} ${p?.healthy ?? 0}/${p?.total ?? 0}`).join(', ')
    return [{ name, status, summary } satisfies RegionHealth]
  })
}

/** AWS region codes as people say them; unknown codes are shown as they are. */
const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (California)',
  'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)',
  'eu-west-1': 'Europe (Ireland)',
  'eu-west-2': 'Europe (London)',
  'eu-central-1': 'Europe (Frankfurt)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'sa-east-1': 'South America (São Paulo)',
}

export function regionName(code: string): string {
  return REGION_NAMES[code] ?? code
}
