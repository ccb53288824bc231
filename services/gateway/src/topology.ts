import { readFileSync } from 'node:fs'
import { ConfigError } from '@parley/core'
import { z } from 'zod'

/** The three kinds of worker pool a region has. */
export const POOL_KINDS = ['llm', 'chat', 'scoring'] as const
export type PoolKind = (typeof POOL_KINDS)[number]

const RegionName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'region names are lowercase letters, digits and -')
const Url = z.url({ message: 'expected an http(s) URL' }).refine((u) => /^https?:\/\//.test(u), 'expected http(s)')

export const TopologySchema = z.object({
  api: z.array(Url).default([]),
  regions: z
    .array(
      z.object({
        name: RegionName,
        pools: z.object({
          llm: z.array(Url).default([]),
          chat: z.array(Url).default([]),
          scoring: z.array(Url).default([]),
        }),
      }),
    )
    .min(1, 'at least one region is needed')
    .refine((rs) => new Set(rs.map((r) => r.name)).size === rs.length, 'region names must be unique'),
})

/** Where the gateway sends traffic: the api instances, and each region's worker pools, in failover order. */
export type Topology = z.infer<typeof TopologySchema>

/** Validates a topology built in code (the embedded stack) or read from JSON; throws a message naming the field. */
export function parseTopology(input: unknown, source = 'topology'): Topology {
  const parsed = TopologySchema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new ConfigError([
    { variable: source, problem: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` },
  ])
}

export function readTopologyFile(file: string): Topology {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new ConfigError([{ variable: 'GATEWAY_CONFIG', problem: `cannot read ${file}: ${(err as Error).message}` }])
  }
  return parseTopology(json, file)
}

/** `us-east-1` becomes `US_EAST_1`, the infix of its `GATEWAY_<REGION>_<POOL>_URLS` variables. */
export function regionEnvKey(region: string): string {
  return region.toUpperCase().replaceAll('-', '_')
}

/** The two regions Parley runs in by default, in failover order. */
export const DEFAULT_REGIONS = ['us-east-1', 'us-west-2']

const splitList = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

/**
 * Builds a topology from GATEWAY_API_URLS, GATEWAY_REGIONS and, per region, GATEWAY_<REGION>_LLM_URLS,
 * GATEWAY_<REGION>_CHAT_URLS and GATEWAY_<REGION>_SCORING_URLS (comma-separated).
 */
export function topologyFromEnv(env: Record<string, string | undefined>): Topology {
  const regions = splitList(env.GATEWAY_REGIONS || DEFAULT_REGIONS.join(','))
  return parseTopology(
    {
      api: splitList(env.GATEWAY_API_URLS),
      regions: regions.map((name) => {
        const key = regionEnvKey(name)
        return {
          name,
          pools: {
            llm: splitList(env[`GATEWAY_${key}_LLM_URLS`]),
            chat: splitList(env[`GATEWAY_${key}_CHAT_URLS`]),
            scoring: splitList(env[`GATEWAY_${key}_SCORING_URLS`]),
          },
        }
      }),
    },
    'GATEWAY_REGIONS',
  )
}
