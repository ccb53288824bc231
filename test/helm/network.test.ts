// The chart's NetworkPolicies, evaluated (network-model.ts) rather than re-read: who can reach whom mirrors the AWS
// security groups (infra/aws/lib/constructs/security-groups.ts, edge-fleet.ts, database.ts), and everything else,
// including another namespace, the release's namespace and the internet, is denied by default.
import { beforeAll, describe, expect, test } from 'vitest'
import { type Endpoint, NetworkModel, releasePods } from './network-model.js'
import { NAMESPACE, renderChart, VALUES } from './render.js'
import { helmToolsOrSkip } from './tools.js'

const tools = helmToolsOrSkip()

const outside = (name: string, namespace: string, labels: Record<string, string> = {}): Endpoint => ({
  name,
  namespace,
  labels,
})
const INGRESS = outside('ingress controller', 'ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' })
const PROMETHEUS = outside('prometheus', 'monitoring', { app: 'prometheus' })
const OTHER = outside('a pod of another namespace', 'default', { app: 'curious' })
// A pod of the release's namespace that is not the release's (no policy admits it).
const NEIGHBOUR = outside('a neighbour', NAMESPACE, { app: 'neighbour' })
const DNS = outside('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' })
const REGISTRY: Endpoint = { name: 'registry.ollama.ai', namespace: '', labels: {}, externalIp: '104.21.75.227' }
const PORT = {
  web: 3000,
  gateway: 8080,
  metrics: 9464,
  api: 8081,
  identity: 8082,
  llm: 11434,
  chat: 11435,
  scoring: 11436,
  db: 5432,
  redis: 6379,
}

describe.skipIf(!tools)('network policies (two regions, CloudNativePG, Redis)', () => {
  let net: NetworkModel
  let pod: (name: string) => Endpoint
  beforeAll(() => {
    const { manifests } = renderChart(tools!, [VALUES['two-region']])
    net = new NetworkModel(manifests, NAMESPACE)
    const pods = releasePods(manifests, NAMESPACE)
    pod = (name) => {
      const p = pods.get(`parley-${name}`)
      if (!p) throw new Error(`no pod parley-${name}`)
      return p
    }
  })
  // Between two pods of the release a denial must hold on both sides (the destination's ingress, as a security group,
  // and the source's egress), so that neither policy alone is what keeps them apart.
  const reach = (from: Endpoint, to: Endpoint, port: number) => {
    const allowed = net.canReach(from, to, port)
    const inRelease = (e: Endpoint) => e.namespace === NAMESPACE && e.labels['app.kubernetes.io/instance'] === 'parley'
    if (allowed || !inRelease(from) || !inRelease(to)) return allowed
    if (net.admits(from, to, port)) throw new Error(`${to.name} admits ${from.name} on ${port}; only egress denies`)
    if (net.sends(from, to, port))
      throw new Error(`${from.name} may send to ${to.name} on ${port}; only ingress denies`)
    return false
  }

  test('only the ingress controller reaches the web app and the gateway from outside (sg-edge-lb)', () => {
    expect(reach(INGRESS, pod('web'), PORT.web)).toBe(true)
    expect(reach(INGRESS, pod('gateway'), PORT.gateway)).toBe(true)
    for (const name of ['api', 'identity', 'llm-worker-us-east-1', 'chat-worker-us-east-1', 'scoring-worker-us-west-2'])
      for (const port of Object.values(PORT)) expect(reach(INGRESS, pod(name), port), `${name}:${port}`).toBe(false)
    expect(reach(INGRESS, pod('db'), PORT.db)).toBe(false)
  })

  test('workers are reachable only from the gateway and their own region (sg-lb → sg-llm)', () => {
    for (const r of ['us-east-1', 'us-west-2']) {
      const other = r === 'us-east-1' ? 'us-west-2' : 'us-east-1'
      expect(reach(pod('gateway'), pod(`llm-worker-${r}`), PORT.llm)).toBe(true)
      expect(reach(pod('gateway'), pod(`chat-worker-${r}`), PORT.chat)).toBe(true)
      expect(reach(pod('gateway'), pod(`scoring-worker-${r}`), PORT.scoring)).toBe(true)
      expect(reach(pod(`chat-worker-${r}`), pod(`llm-worker-${r}`), PORT.llm)).toBe(true)
      expect(reach(pod(`chat-worker-${r}`), pod(`scoring-worker-${r}`), PORT.scoring)).toBe(true)
      expect(reach(pod(`scoring-worker-${r}`), pod(`llm-worker-${r}`), PORT.llm)).toBe(true)
      // Not across regions, not from the web app or the api, not worker to worker the other way.
      expect(reach(pod(`chat-worker-${r}`), pod(`llm-worker-${other}`), PORT.llm)).toBe(false)
      expect(reach(pod(`scoring-worker-${r}`), pod(`llm-worker-${other}`), PORT.llm)).toBe(false)
      expect(reach(pod(`chat-worker-${r}`), pod(`scoring-worker-${other}`), PORT.scoring)).toBe(false)
      expect(reach(pod('web'), pod(`llm-worker-${r}`), PORT.llm)).toBe(false)
      expect(reach(pod('web'), pod(`chat-worker-${r}`), PORT.chat)).toBe(false)
      expect(reach(pod('api'), pod(`llm-worker-${r}`), PORT.llm)).toBe(false)
      expect(reach(pod(`llm-worker-${r}`), pod(`chat-worker-${r}`), PORT.chat)).toBe(false)
      expect(reach(pod(`scoring-worker-${r}`), pod(`chat-worker-${r}`), PORT.chat)).toBe(false)
    }
  })

  test('the database only from the api and identity (sg-db)', () => {
    expect(reach(pod('api'), pod('db'), PORT.db)).toBe(true)
    expect(reach(pod('identity'), pod('db'), PORT.db)).toBe(true)
    for (const name of ['gateway', 'web', 'llm-worker-us-east-1', 'chat-worker-us-east-1', 'scoring-worker-us-west-2'])
      expect(reach(pod(name), pod('db'), PORT.db), name).toBe(false)
    expect(reach(OTHER, pod('db'), PORT.db)).toBe(false)
  })

  test('the api from the gateway and the chat workers; identity from the web app, the gateway and the api', () => {
    expect(reach(pod('gateway'), pod('api'), PORT.api)).toBe(true)
    expect(reach(pod('chat-worker-us-west-2'), pod('api'), PORT.api)).toBe(true)
    expect(reach(pod('web'), pod('api'), PORT.api)).toBe(false)
    expect(reach(pod('scoring-worker-us-east-1'), pod('api'), PORT.api)).toBe(false)
    for (const name of ['web', 'gateway', 'api']) expect(reach(pod(name), pod('identity'), PORT.identity)).toBe(true)
    for (const name of ['chat-worker-us-east-1', 'llm-worker-us-east-1'])
      expect(reach(pod(name), pod('identity'), PORT.identity)).toBe(false)
  })

  test('Redis only from the web app', () => {
    expect(reach(pod('web'), pod('redis'), PORT.redis)).toBe(true)
    for (const name of ['gateway', 'api', 'chat-worker-us-east-1'])
      expect(reach(pod(name), pod('redis'), PORT.redis)).toBe(false)
  })

  test('metrics only from the monitoring namespace, and the gateway only on its internal port', () => {
    expect(reach(PROMETHEUS, pod('gateway'), PORT.metrics)).toBe(true)
    expect(reach(PROMETHEUS, pod('gateway'), PORT.gateway)).toBe(false)
    expect(reach(pod('web'), pod('gateway'), PORT.metrics)).toBe(false)
    expect(reach(INGRESS, pod('gateway'), PORT.metrics)).toBe(false)
    expect(reach(PROMETHEUS, pod('llm-worker-us-west-2'), PORT.llm)).toBe(true)
    expect(reach(PROMETHEUS, pod('api'), PORT.api)).toBe(true)
    expect(reach(PROMETHEUS, pod('db'), 9187)).toBe(true)
    expect(reach(PROMETHEUS, pod('db'), PORT.db)).toBe(false)
    expect(reach(OTHER, pod('llm-worker-us-west-2'), PORT.llm)).toBe(false)
  })

  test('the default-deny policy selects every pod of the release, so a pod without its own policy is closed', () => {
    const { manifests } = renderChart(tools!, [VALUES['two-region']])
    const deny = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'parley-default-deny')!
    expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress'])
    expect(deny.spec.ingress).toEqual([])
    const selector = deny.spec.podSelector.matchLabels as Record<string, string>
    const pods = [...releasePods(manifests, NAMESPACE).values()]
    // gateway, api, identity, web, 3 workers × 2 regions, Redis, the database
    expect(pods.length).toBe(12)
    for (const p of pods)
      expect(
        Object.entries(selector).every(([k, v]) => p.labels[k] === v),
        p.name,
      ).toBe(true)
  })

  test('default deny: another namespace, a neighbour in the same one, and ports nobody serves', () => {
    for (const name of ['web', 'gateway', 'api', 'identity', 'llm-worker-us-east-1', 'db', 'redis'])
      for (const port of Object.values(PORT)) {
        expect(reach(OTHER, pod(name), port), `${name}:${port}`).toBe(false)
        expect(reach(NEIGHBOUR, pod(name), port), `${name}:${port}`).toBe(false)
      }
    expect(reach(pod('gateway'), pod('api'), 22)).toBe(false)
  })

  test('egress: DNS for all; the internet only for the llm-workers, on 443, to pull models', () => {
    for (const name of ['web', 'gateway', 'api', 'identity', 'llm-worker-us-east-1', 'chat-worker-us-west-2', 'redis'])
      expect(reach(pod(name), DNS, 53), name).toBe(true)
    expect(reach(pod('llm-worker-us-east-1'), REGISTRY, 443)).toBe(true)
    expect(reach(pod('llm-worker-us-east-1'), REGISTRY, 80)).toBe(false)
    for (const name of [
      'web',
      'gateway',
      'api',
      'identity',
      'chat-worker-us-west-2',
      'scoring-worker-us-east-1',
      'redis',
    ])
      expect(reach(pod(name), REGISTRY, 443), name).toBe(false)
    // The internet rule does not open the cluster: an llm-worker still cannot call the api or another pod.
    expect(reach(pod('llm-worker-us-east-1'), pod('api'), 443)).toBe(false)
    expect(reach(pod('llm-worker-us-east-1'), OTHER, 443)).toBe(false)
  })
})

describe.skipIf(!tools)('network policies (default values: external database)', () => {
  test('the api and identity reach the database port outside the cluster; the workers do not', () => {
    const { manifests } = renderChart(tools!, [VALUES.default], ['database.external.cidr=10.20.0.0/24'])
    const net = new NetworkModel(manifests, NAMESPACE)
    const pods = releasePods(manifests, NAMESPACE)
    const rds: Endpoint = { name: 'rds', namespace: '', labels: {}, externalIp: '10.20.0.15' }
    expect(net.canReach(pods.get('parley-api')!, rds, PORT.db)).toBe(true)
    expect(net.canReach(pods.get('parley-identity')!, rds, PORT.db)).toBe(true)
    expect(net.canReach(pods.get('parley-gateway')!, rds, PORT.db)).toBe(false)
    expect(net.canReach(pods.get('parley-llm-worker-us-east-1')!, rds, PORT.db)).toBe(false)
    expect(net.canReach(pods.get('parley-api')!, { ...rds, externalIp: '10.30.0.15' }, PORT.db)).toBe(false)
  })

  test('with network policies off, none is rendered', () => {
    const { manifests } = renderChart(tools!, [VALUES.default], ['networkPolicy.enabled=false'])
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy')).toEqual([])
  })
})
