import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { AppError } from '@parley/core'
import ipaddr from 'ipaddr.js'

/**
 * Where pull may connect. By default only public internet addresses: a pull names its source (a URL, or a registry
 * host inside the model name), so without this a learner-reachable pull is a request forger into the worker's
 * network (loopback services, the VPC, the cloud metadata endpoint at 169.254.169.254).
 */
export type EgressPolicy = {
  /** `host` or `host:port` (lower-case) that may be reached whatever they resolve to: an operator's own registry. */
  allowedHosts: ReadonlySet<string>
}

export const PUBLIC_ONLY: EgressPolicy = { allowedHosts: new Set() }

export function egressPolicy(allowedHosts: readonly string[]): EgressPolicy {
  return { allowedHosts: new Set(allowedHosts.map((h) => h.trim().toLowerCase()).filter(Boolean)) }
}

/** The source resolved to an address pull may not reach. Says which host, never what is behind it. */
export class EgressRefusedError extends AppError {
  constructor(host: string) {
    super(
      403,
      'pull_source_refused',
      `pull: ${host} is not a public internet address (loopback, private, link-local and similar are refused unless PULL_ALLOWED_HOSTS names the host)`,
    )
  }
}

/** The host as URL spells it, minus IPv6 brackets. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
}

export function isAllowedHost(url: URL, policy: EgressPolicy): boolean {
  const host = bareHostname(url)
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return (
    policy.allowedHosts.has(host) || policy.allowedHosts.has(`${host}:${port}`) || policy.allowedHosts.has(url.host)
  )
}

/**
 * Global unicast only. ipaddr.js classifies the ranges (loopback, private, link-local, unique-local, unspecified,
 * carrier-grade NAT, multicast, reserved, documentation, and the IPv6 forms that embed an IPv4 address), and
 * `process` turns an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) back into the IPv4 one first.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  return ipaddr.process(address).range() === 'unicast'
}

/**
 * A `lookup` for http.request that resolves every address of the host and refuses the host if any of them is not
 * public: the check and the connection use the same answer, so a DNS name that changes its answer between the two
 * (rebinding) gains nothing.
 */
export function guardedLookup(host: string) {
  return (
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, [])
      if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address)))
        return callback(new EgressRefusedError(host) as unknown as NodeJS.ErrnoException, [])
      if (options.all) return callback(null, addresses)
      callback(null, addresses[0]!.address, addresses[0]!.family)
    })
  }
}
