import { createGatewayApp, parseTopology, resolveRegionalPath, Upstreams } from '@parley/gateway'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { propsOf, type Synthesised, synthParley } from './synth-app.js'

// The AWS route table must serve what the local gateway serves, so the two are compared here rather than listed
// twice. On AWS, CloudFront → the edge ALB sends the gateway's paths to the gateway (the same code as locally);
// the gateway picks a pool and forwards the worker's own path to that region's ALB, whose path rules must send it
// to the same kind of worker the gateway chose.

const REGIONS = ['us-east-1', 'us-west-2']

/** The local gateway's own routes (method and Hono path), read from the app itself. */
function gatewayRoutes(): { method: string; path: string }[] {
  const topology = parseTopology({ regions: REGIONS.map((name) => ({ name, pools: {} })) })
  const upstreams = new Upstreams(topology, 'least-outstanding', { ejectAfterFailures: 3, cooldownMs: 1 } as never, {
    now: () => 0,
  })
  const app = createGatewayApp({
    log: { child: () => ({}) } as never,
    upstreams,
    verifier: { verify: async () => ({}) } as never,
    limits: { rate: { perSecond: 1, burst: 1 }, maxConcurrentPerUser: 1, maxBodyBytes: 1 } as never,
    forwarding: { failover: true } as never,
  })
  return app.routes
    .filter((r) => r.method !== 'ALL' || r.path !== '/*')
    .map((r) => ({ method: r.method, path: r.path }))
}

/** Concrete request paths for a Hono route path: each region for `:region`, a few segments for `*`. */
function samples(path: string): string[] {
  const withRegion = path.includes(':region') ? REGIONS.map((r) => path.replace(':region', r)) : [path]
  return withRegion.flatMap((p) => (p.endsWith('/*') ? [`${p.slice(0, -2)}/x`, `${p.slice(0, -2)}/x/y`] : [p]))
}

type Rule = { Priority?: number; Conditions?: { Field: string; PathPatternConfig: { Values: string[] } }[] }
type ListenerRule = Rule & { Actions: { Type: string; TargetGroupArn?: { Ref: string } }[] }

/** ALB path-pattern matching: `*` matches any characters (slashes included), `?` one; case-sensitive. */
function matches(pattern: string, path: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${re}$`).test(path)
}

/** Where an ALB sends a path: the logical id of the target group (or `fixed-response`), by rule priority. */
function albTarget(s: Synthesised, stack: string, path: string): string {
  const t = s.template(stack)
  const rules = (propsOf(t, 'AWS::ElasticLoadBalancingV2::ListenerRule') as ListenerRule[]).sort(
    (a, b) => (a.Priority ?? 0) - (b.Priority ?? 0),
  )
  const hit = rules.find((r) => r.Conditions?.some((c) => c.PathPatternConfig.Values.some((p) => matches(p, path))))
  const [listener] = propsOf(t, 'AWS::ElasticLoadBalancingV2::Listener') as {
    DefaultActions: ListenerRule['Actions']
  }[]
  const action = (hit?.Actions ?? listener!.DefaultActions)[0]!
  return action.Type === 'forward' ? action.TargetGroupArn!.Ref : action.Type
}

/** The port of a target group by its logical id, which says which service it is. */
function portOf(s: Synthesised, stack: string, targetGroup: string): number {
  return Number((s.template(stack).toJSON().Resources[targetGroup].Properties as { Port: number }).Port)
}

const WORKER_PORTS = { llm: 11434, chat: 11435, scoring: 11436 }

let s: Synthesised
beforeAll(() => {
  s = synthParley()
})
afterAll(() => s?.cleanup())

describe('the edge load balancer serves every route of the local gateway', () => {
  test('each gateway route reaches the gateway (port 8080)', () => {
    const routes = gatewayRoutes()
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/regions', '/conversations/*', '/:region/*']))
    for (const route of routes) {
      for (const path of samples(route.path)) {
        const target = albTarget(s, 'lks-dev-edge', path)
        expect({ path, port: target === 'fixed-response' ? target : portOf(s, 'lks-dev-edge', target) }).toEqual({
          path,
          port: 8080,
        })
      }
    }
  })

  test('everything else is the web app (port 3000), and /metrics is never served', () => {
    for (const path of ['/', '/chat', '/sign-in', '/api/gw/us-east-1/tutor/chat', '/_next/static/x.js']) {
      expect({ path, port: portOf(s, 'lks-dev-edge', albTarget(s, 'lks-dev-edge', path)) }).toEqual({
        path,
        port: 3000,
      })
    }
    expect(albTarget(s, 'lks-dev-edge', '/metrics')).toBe('fixed-response')
  })

  test('CloudFront sends the gateway paths with their Authorization header', () => {
    const [dist] = propsOf(s.template('lks-dev-edge'), 'AWS::CloudFront::Distribution')
    const behaviors = (
      dist!.DistributionConfig as { CacheBehaviors: { PathPattern: string; CachePolicyId: unknown }[] }
    ).CacheBehaviors
    for (const route of gatewayRoutes()) {
      for (const path of samples(route.path)) {
        const behavior = behaviors.find((b) => matches(b.PathPattern, path))
        expect({ path, forwardsAuthorization: behavior !== undefined }).toEqual({ path, forwardsAuthorization: true })
      }
    }
  })
})

// The paths after /{region} that the web app, the CLI and Ollama clients use, plus one of each shape the
// gateway resolves (it answers 404 for any other).
const REGIONAL_SAMPLES = [
  ...['tags', 'embed', 'embeddings', 'chat', 'generate', 'show', 'ps', 'pull'].map((n) => `/${n}`),
  '/api/chat',
  '/api/tags',
  '/api/embed',
  '/tutor/chat',
  '/tutor/turn',
  '/tutor/scenarios',
  '/scoring/embed',
  '/scoring/feedback',
  '/scoring/score',
  '/feedback',
  '/score',
  '/feedback/explain',
]

describe.each(['lks-dev-zone-a', 'lks-dev-zone-b'])('%s load balancer', (stack) => {
  test('sends each worker path the gateway forwards to the kind of worker the gateway chose', () => {
    let checked = 0
    for (const rest of REGIONAL_SAMPLES) {
      const route = resolveRegionalPath(rest)
      if (!route) continue
      checked++
      const port = portOf(s, stack, albTarget(s, stack, route.path))
      expect({ rest, workerPath: route.path, port }).toEqual({
        rest,
        workerPath: route.path,
        port: WORKER_PORTS[route.kind],
      })
    }
    expect(checked).toBeGreaterThan(15)
  })
})
