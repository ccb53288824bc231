import type { Manifest } from './render.js'

/**
 * A small evaluator of Kubernetes NetworkPolicy semantics, so that tests can ask "can A reach B on port P" of the
 * rendered policies instead of restating their YAML: a pod selected by no policy of a direction is open in that
 * direction; a selected pod admits only what some selecting policy's rule allows (rules add up); a connection needs
 * the source's egress and the destination's ingress. Peers: podSelector (the policy's namespace),
 * namespaceSelector, both (AND), ipBlock (matches only endpoints given an outside address here).
 */
export type Endpoint = { name: string; namespace: string; labels: Record<string, string>; externalIp?: string }

type Selector = { matchLabels?: Record<string, string> }
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: { cidr: string; except?: string[] } }
type Rule = { from?: Peer[]; to?: Peer[]; ports?: { port?: number; protocol?: string }[] }
type Policy = {
  namespace: string
  podSelector: Selector
  policyTypes: string[]
  ingress?: Rule[]
  egress?: Rule[]
}

const matches = (sel: Selector | undefined, labels: Record<string, string>) =>
  Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v)

function ipv4(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0)
}
function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/')
  const size = 2 ** (32 - Number(bits))
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base!) / size)
}

function peerMatches(peer: Peer, policyNs: string, other: Endpoint): boolean {
  if (peer.ipBlock) {
    if (!other.externalIp) return false
    return (
      inCidr(other.externalIp, peer.ipBlock.cidr) &&
      !(peer.ipBlock.except ?? []).some((c) => inCidr(other.externalIp!, c))
    )
  }
  if (other.externalIp) return false
  const nsOk = peer.namespaceSelector
    ? matches(peer.namespaceSelector, { 'kubernetes.io/metadata.name': other.namespace })
    : other.namespace === policyNs
  const podOk = peer.podSelector ? matches(peer.podSelector, other.labels) : true
  return nsOk && podOk
}

function ruleAllows(rule: Rule, peers: Peer[] | undefined, policyNs: string, other: Endpoint, port: number) {
  const portOk =
    !rule.ports?.length ||
    rule.ports.some((p) => (p.port === undefined || p.port === port) && (p.protocol ?? 'TCP') === 'TCP')
  const peerOk = !peers?.length || peers.some((p) => peerMatches(p, policyNs, other))
  return portOk && peerOk
}

export class NetworkModel {
  private readonly policies: Policy[]

  constructor(manifests: Manifest[], namespace: string) {
    this.policies = manifests.filter((m) => m.kind === 'NetworkPolicy').map((m) => ({ namespace, ...m.spec }) as Policy)
  }

  private direction(pod: Endpoint, type: 'Ingress' | 'Egress') {
    if (pod.externalIp) return undefined
    const selecting = this.policies.filter(
      (p) => p.namespace === pod.namespace && p.policyTypes.includes(type) && matches(p.podSelector, pod.labels),
    )
    return selecting.length === 0 ? undefined : selecting
  }

  /** Whether `from`'s egress policies let it send to `to` on `port`. */
  sends(from: Endpoint, to: Endpoint, port: number): boolean {
    const egress = this.direction(from, 'Egress')
    return !egress || egress.some((p) => (p.egress ?? []).some((r) => ruleAllows(r, r.to, p.namespace, to, port)))
  }

  /** Whether `to`'s ingress policies admit `from` on `port`. */
  admits(from: Endpoint, to: Endpoint, port: number): boolean {
    const ingress = this.direction(to, 'Ingress')
    return (
      !ingress || ingress.some((p) => (p.ingress ?? []).some((r) => ruleAllows(r, r.from, p.namespace, from, port)))
    )
  }

  /** Whether `from` may open a TCP connection to `to` on `port`: both sides must allow it. */
  canReach(from: Endpoint, to: Endpoint, port: number): boolean {
    return this.sends(from, to, port) && this.admits(from, to, port)
  }
}

/** The pods a release runs: each Deployment's template labels, and the CloudNativePG instances' inherited labels. */
export function releasePods(manifests: Manifest[], namespace: string): Map<string, Endpoint> {
  const pods = new Map<string, Endpoint>()
  for (const m of manifests) {
    if (m.kind === 'Deployment')
      pods.set(m.metadata.name, { name: m.metadata.name, namespace, labels: m.spec.template.metadata.labels })
    if (m.kind === 'Cluster')
      pods.set(m.metadata.name, {
        name: m.metadata.name,
        namespace,
        labels: { ...m.spec.inheritedMetadata?.labels, 'cnpg.io/cluster': m.metadata.name },
      })
  }
  return pods
}
