import { startTestIssuer, type TestIssuer } from '@parley/auth/testing'
import { silentLogger } from '@parley/core'
import { type Clock, loadGatewayConfig, type RunningGateway, startGateway, type Topology } from '../../src/index.js'
import type { PoolSnapshot } from '../../src/pool.js'

/** The body of GET /regions. */
export type RegionsBody = { data: { name: string; pools: Record<'llm' | 'chat' | 'scoring', PoolSnapshot> }[] }

export type TestGateway = RunningGateway & {
  /** GET /regions as a test user. */
  regions(): Promise<RegionsBody>
  issuer: TestIssuer
  /** A valid token for `sub`; `admin` puts it in the `admin` group (Cognito's `cognito:groups` claim). */
  token(sub?: string, admin?: boolean): Promise<string>
  /** fetch against the gateway with a bearer token for `sub` (default `alice`), an admin's with `admin: true`. */
  call(path: string, init?: CallInit): Promise<Response>
  stop(): Promise<void>
}

export type CallInit = RequestInit & { sub?: string; admin?: boolean }

/** A real gateway on an ephemeral port, verifying tokens against a real local JWKS issuer. */
export async function startTestGateway(
  topology: Topology,
  env: Record<string, string> = {},
  clock?: Clock,
  /** A token issuer started by the test (so that an api it also starts trusts the same keys); the gateway stops it. */
  issuer?: TestIssuer,
): Promise<TestGateway> {
  issuer ??= await startTestIssuer()
  const config = loadGatewayConfig({
    PORT: '0',
    AUTH_JWKS_URL: issuer.jwksUrl,
    AUTH_ISSUER: issuer.issuer,
    AUTH_CLIENT_IDS: issuer.clientId,
    GATEWAY_HEALTH_INTERVAL_MS: '200',
    SHUTDOWN_TIMEOUT_MS: '500',
    ...env,
  })
  const gateway = await startGateway(config, { topology, log: silentLogger(), clock })
  const token = (sub = 'alice', admin = false) =>
    issuer.sign({ sub, ...(admin && { claims: { 'cognito:groups': ['admin'] } }) })
  const call = async (path: string, init: CallInit = {}) => {
    const headers = new Headers(init.headers)
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${await token(init.sub, init.admin)}`)
    return fetch(`${gateway.url}${path}`, { ...init, headers })
  }
  return {
    ...gateway,
    issuer,
    token,
    call,
    async regions() {
      return (await (await call('/regions', { sub: 'observer' })).json()) as RegionsBody
    },
    async stop() {
      await gateway.close()
      await issuer.close()
    },
  }
}

/** A topology with the given LLM workers per region (and optionally api, chat and scoring URLs). */
export function topologyOf(
  regions: Record<string, { llm?: string[]; chat?: string[]; scoring?: string[] }>,
  api: string[] = [],
): Topology {
  return {
    api,
    regions: Object.entries(regions).map(([name, p]) => ({
      name,
      pools: { llm: p.llm ?? [], chat: p.chat ?? [], scoring: p.scoring ?? [] },
    })),
  }
}
