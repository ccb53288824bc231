// The chart's workloads against the services themselves: every env variable is one the role's own config reads and
// parses there, every in-cluster URL names a rendered Service and port, probes hit the real health endpoints,
// each pool has a PDB, the HPA scales on the gauge the llm-worker really exports, and no secret value is rendered.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apiEnv } from '@parley/api'
import { chatWorkerEnv } from '@parley/chat-worker'
import { loadConfig } from '@parley/core'
import { gatewayEnv, loadGatewayConfig } from '@parley/gateway'
import { identityEnv } from '@parley/identity'
import { createLlmMetrics, llmWorkerEnv } from '@parley/llm-worker'
import { scoringWorkerEnv } from '@parley/scoring-worker'
import { beforeAll, describe, expect, test } from 'vitest'
import { parseWebEnv, webEnv } from '../../apps/web/lib/server/env.js'
import { type Manifest, renderChart, VALUES } from './render.js'
import { helmToolsOrSkip } from './tools.js'

const tools = helmToolsOrSkip()

const ROLES = {
  'llm-worker': { env: llmWorkerEnv, port: 11434, portVar: 'LLM_WORKER_PORT' },
  'chat-worker': { env: chatWorkerEnv, port: 11435, portVar: 'CHAT_WORKER_PORT' },
  'scoring-worker': { env: scoringWorkerEnv, port: 11436, portVar: 'SCORING_WORKER_PORT' },
  gateway: { env: gatewayEnv, port: 8080, portVar: 'PORT' },
  api: { env: apiEnv, port: 8081, portVar: 'API_PORT' },
  identity: { env: identityEnv, port: 8082, portVar: 'IDENTITY_PORT' },
  web: { env: webEnv, port: 3000, portVar: 'WEB_PORT' },
} as const
type Role = keyof typeof ROLES

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }
const parleyDeployments = (ms: Manifest[]) =>
  ms.filter((m) => m.kind === 'Deployment' && m.metadata.labels?.['app.kubernetes.io/component'] !== 'redis')
const roleOf = (d: Manifest) => d.metadata.labels!['app.kubernetes.io/component'] as Role
const container = (d: Manifest) => d.spec.template.spec.containers[0]

/** A stand-in for what a Secret would hold, of the right shape for the variable. */
function secretStandIn(name: string): string {
  if (name === 'DATABASE_URL') return 'postgres://parley:pw@db.example:5432/parley'
  if (name === 'WEB_TEMP_REDIS_URL') return 'redis://redis.example:6379'
  return 's'.repeat(40)
}
const envOf = (d: Manifest): Record<string, string> =>
  Object.fromEntries(
    (container(d).env as EnvVar[]).map((e) => [
      e.name,
      e.valueFrom?.secretKeyRef ? secretStandIn(e.name) : (e.value ?? ''),
    ]),
  )

for (const [name, file] of Object.entries(VALUES)) {
  describe.skipIf(!tools)(`${name} values`, () => {
    let manifests: Manifest[]
    let deployments: Manifest[]
    beforeAll(() => {
      manifests = renderChart(tools!, [file]).manifests
      deployments = parleyDeployments(manifests)
    })

    test('a Deployment per role, and per region for the workers', () => {
      const regions = name === 'default' ? ['us-east-1'] : ['us-east-1', 'us-west-2']
      const expected = ['gateway', 'api', 'identity', 'web']
      for (const r of regions) expected.push(`llm-worker-${r}`, `chat-worker-${r}`, `scoring-worker-${r}`)
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual(expected.map((n) => `parley-${n}`).sort())
      for (const d of deployments) expect(container(d).args).toEqual([roleOf(d)])
    })

    test("every variable is one the role's config reads, and the role's config accepts the values", () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-helm-env-'))
      try {
        for (const d of deployments) {
          const role = roleOf(d)
          const env = envOf(d)
          const known = new Set(Object.keys(ROLES[role].env))
          expect(
            Object.keys(env).filter((k) => !known.has(k)),
            d.metadata.name,
          ).toEqual([])
          expect(env[ROLES[role].portVar], d.metadata.name).toBe(String(ROLES[role].port))
          if (role === 'web') parseWebEnv(env)
          else if (role === 'gateway') {
            // The topology file is the ConfigMap the pod mounts at /etc/parley.
            const cm = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'parley-gateway')!
            writeFileSync(join(dir, 'topology.json'), cm.data['topology.json'])
            const config = loadGatewayConfig({ ...env, GATEWAY_CONFIG: join(dir, 'topology.json') })
            expect(config.topology.regions.map((r) => r.name)).toEqual(
              name === 'default' ? ['us-east-1'] : ['us-east-1', 'us-west-2'],
            )
          } else loadConfig(ROLES[role].env, env)
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })

    test('every in-cluster URL (env and topology) names a rendered Service on its port', () => {
      const services = new Map(
        manifests
          .filter((m) => m.kind === 'Service')
          .map((s) => [s.metadata.name, s.spec.ports.map((p: { port: number }) => p.port)]),
      )
      const urls: string[] = []
      for (const d of deployments) urls.push(...Object.values(envOf(d)).filter((v) => /^https?:\/\/parley-/.test(v)))
      const cm = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'parley-gateway')!
      urls.push(...(cm.data['topology.json'] as string).match(/http:\/\/parley-[^"]+/g)!)
      expect(urls.length).toBeGreaterThan(10)
      for (const url of urls) {
        const { hostname, port } = new URL(url)
        expect(services.get(hostname), url).toContain(Number(port))
      }
    })

    test('probes: /healthz on the service port of every role', () => {
      for (const d of deployments) {
        const c = container(d)
        const path = '/healthz'
        const http = c.ports.find((p: { name: string }) => p.name === 'http')
        expect(http.containerPort).toBe(ROLES[roleOf(d)].port)
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'])
          expect(c[probe].httpGet, `${d.metadata.name} ${probe}`).toEqual({ path, port: 'http' })
        // /healthz answers 503 while draining: readiness drops the pod fast; liveness outlasts the drain.
        expect(c.readinessProbe.periodSeconds * c.readinessProbe.failureThreshold).toBeLessThanOrEqual(10)
        expect(c.livenessProbe.periodSeconds * c.livenessProbe.failureThreshold).toBeGreaterThan(30)
        expect(d.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(10)
      }
    })

    test('each pool has one PodDisruptionBudget that selects exactly its pods', () => {
      const pdbs = manifests.filter((m) => m.kind === 'PodDisruptionBudget')
      const selects = (pdb: Manifest, d: Manifest) =>
        Object.entries(pdb.spec.selector.matchLabels as Record<string, string>).every(
          ([k, v]) => d.spec.template.metadata.labels[k] === v,
        )
      for (const d of deployments) {
        const mine = pdbs.filter((p) => selects(p, d))
        expect(
          mine.map((p) => p.metadata.name),
          d.metadata.name,
        ).toEqual([d.metadata.name])
        expect(mine[0]!.spec.maxUnavailable).toBe(1)
      }
    })

    test("the HPA scales each region's llm-workers on the queue-depth gauge the worker exports, and on CPU", async () => {
      const exported = await createLlmMetrics().registry.getSingleMetricAsString('llm_queue_depth')
      expect(exported).toMatch(/# TYPE llm_queue_depth gauge/)
      const hpas = manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler')
      const llm = deployments.filter((d) => roleOf(d) === 'llm-worker')
      expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(llm.map((d) => d.metadata.name).sort())
      for (const hpa of hpas) {
        expect(hpa.spec.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' })
        const pods = hpa.spec.metrics.find((m: { type: string }) => m.type === 'Pods')
        expect(pods.pods.metric.name).toBe('llm_queue_depth')
        expect(pods.pods.target).toEqual({ type: 'AverageValue', averageValue: '2' })
        const cpu = hpa.spec.metrics.find((m: { type: string }) => m.type === 'Resource')
        expect(cpu.resource).toMatchObject({ name: 'cpu', target: { type: 'Utilization' } })
      }
      // The HPA owns the replica count: the Deployment leaves it out, so an upgrade does not reset it.
      for (const d of llm) expect(d.spec.replicas).toBeUndefined()
    })

    test("the llm-workers' threads and model memory fit their container, not the node", () => {
      const mib = (q: string) =>
        Number.parseFloat(q) * ({ Mi: 1, Gi: 1024 } as Record<string, number>)[q.replace(/^[\d.]+/, '')]!
      for (const d of deployments.filter((x) => roleOf(x) === 'llm-worker')) {
        const env = envOf(d)
        const { requests, limits } = container(d).resources
        expect(Number(env.LLM_THREADS)).toBe(Number(requests.cpu))
        expect(Number(env.LLM_MEMORY_BUDGET_MB)).toBeGreaterThan(0)
        expect(Number(env.LLM_MEMORY_BUDGET_MB)).toBeLessThan(mib(limits.memory))
      }
    })

    test('the llm-workers share one ReadWriteMany model store at MODELS_DIR; other roles mount none', () => {
      const pvc = manifests.find((m) => m.kind === 'PersistentVolumeClaim')!
      expect(pvc.spec.accessModes).toEqual(['ReadWriteMany'])
      for (const d of deployments) {
        const volumes = d.spec.template.spec.volumes as {
          name: string
          persistentVolumeClaim?: { claimName: string }
        }[]
        const claim = volumes.find((v) => v.persistentVolumeClaim)
        if (roleOf(d) !== 'llm-worker') {
          expect(claim, d.metadata.name).toBeUndefined()
          continue
        }
        expect(claim!.persistentVolumeClaim!.claimName).toBe(pvc.metadata.name)
        const mount = container(d).volumeMounts.find((m: { name: string }) => m.name === claim!.name)
        expect(mount.mountPath).toBe(envOf(d).MODELS_DIR)
        const pull = d.spec.template.spec.initContainers[0]
        expect(pull.args[0]).toContain('parley model pull --models-dir /models')
      }
    })

    test('no secret value is rendered: secrets come only from existing Secrets', () => {
      const { yaml } = renderChart(tools!, [file])
      expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([])
      // No credentials in a URL, anywhere in the output.
      expect(yaml).not.toMatch(/[a-z]+:\/\/[^\s/:@"]+:[^\s/@"]+@/)
      // The in-release Redis has no password (only the web app may reach it), so its URL is a plain value.
      const secretish = /SECRET|PASSWORD|ACCESS_KEY|DATABASE_URL/
      for (const d of [
        ...deployments,
        ...manifests.filter((m) => m.metadata.name === 'parley-redis' && m.kind === 'Deployment'),
      ])
        for (const c of [...d.spec.template.spec.containers, ...(d.spec.template.spec.initContainers ?? [])])
          for (const e of (c.env ?? []) as EnvVar[])
            if (secretish.test(e.name)) {
              expect(e.value, `${d.metadata.name} ${e.name}`).toBeUndefined()
              expect(e.valueFrom?.secretKeyRef?.name, `${d.metadata.name} ${e.name}`).toBeTruthy()
            }
    })

    test('every pod runs as non-root with a read-only root filesystem and no service-account token', () => {
      for (const d of manifests.filter((m) => m.kind === 'Deployment')) {
        const spec = d.spec.template.spec
        expect(spec.securityContext.runAsNonRoot, d.metadata.name).toBe(true)
        expect(spec.automountServiceAccountToken, d.metadata.name).toBe(false)
        for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
          expect(c.securityContext, `${d.metadata.name}/${c.name}`).toMatchObject({
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          })
          expect(c.resources.requests, `${d.metadata.name}/${c.name}`).toBeDefined()
        }
      }
    })
  })
}

describe.skipIf(!tools)('database modes', () => {
  test('CloudNativePG: api and identity read the operator-generated app Secret; pgvector is created at bootstrap', () => {
    const { manifests } = renderChart(tools!, [VALUES['two-region']])
    const cluster = manifests.find((m) => m.kind === 'Cluster')!
    expect(cluster.spec.bootstrap.initdb.postInitApplicationSQL).toEqual(['CREATE EXTENSION IF NOT EXISTS vector'])
    for (const name of ['parley-api', 'parley-identity']) {
      const d = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name)!
      const url = (container(d).env as EnvVar[]).find((e) => e.name === 'DATABASE_URL')!
      expect(url.valueFrom!.secretKeyRef).toEqual({ name: `${cluster.metadata.name}-app`, key: 'uri' })
    }
  })

  test('external: the URL from the named Secret and key; no Cluster', () => {
    const { manifests } = renderChart(
      tools!,
      [VALUES.default],
      ['database.external.existingSecret=my-db', 'database.external.key=dsn'],
    )
    expect(manifests.find((m) => m.kind === 'Cluster')).toBeUndefined()
    const api = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'parley-api')!
    const url = (container(api).env as EnvVar[]).find((e) => e.name === 'DATABASE_URL')!
    expect(url.valueFrom!.secretKeyRef).toEqual({ name: 'my-db', key: 'dsn' })
  })

  test('an external Redis: its URL from the named Secret', () => {
    const { manifests } = renderChart(tools!, [VALUES.default], ['redis.enabled=true', 'redis.mode=external'])
    expect(manifests.find((m) => m.metadata.name === 'parley-redis')).toBeUndefined()
    const web = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'parley-web')!
    const url = (container(web).env as EnvVar[]).find((e) => e.name === 'WEB_TEMP_REDIS_URL')!
    expect(url).toEqual({
      name: 'WEB_TEMP_REDIS_URL',
      valueFrom: { secretKeyRef: { name: 'parley-redis', key: 'url' } },
    })
  })

  test('scaling on CPU only leaves the custom metric out', () => {
    const { manifests } = renderChart(tools!, [VALUES.default], ['autoscaling.llmWorker.queueDepthPerPod=0'])
    const hpa = manifests.find((m) => m.kind === 'HorizontalPodAutoscaler')!
    expect(hpa.spec.metrics.map((m: { type: string }) => m.type)).toEqual(['Resource'])
  })
})
