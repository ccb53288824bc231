import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { type BedrockStandIn, startBedrockStandIn } from '@parley/llm-worker/bedrock-testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type LocalCluster, startLocalCluster } from '../src/cluster/index.js'
import type { Topology } from '../src/index.js'
import { CLI, prepareModels, TINY_MODEL } from './support/llm-workers.js'

// The local cluster as `parley cluster --bedrock-workers 1 --bedrock-backup` starts it: a Bedrock worker (against
// the stand-in) joins the region's LLM pool as a backup behind the llama.cpp worker and answers the model name the
// chat and scoring workers use. Chat and scoring workers are left out to keep the test light.

let models: ReturnType<typeof prepareModels>
let standIn: BedrockStandIn
let cluster: LocalCluster
const lines = new Map<string, string>()

beforeAll(async () => {
  models = prepareModels()
  standIn = await startBedrockStandIn()
  cluster = await startLocalCluster({
    cli: CLI,
    regions: ['us-east-1'],
    workersPerRegion: 1,
    bedrockWorkersPerRegion: 1,
    bedrockAsBackup: true,
    dataDir: join(models.dir, 'cluster'),
    modelsDir: models.modelsDir,
    gatewayPort: 0,
    env: {
      ...process.env,
      PARLEY_DATA_DIR: models.dir,
      LOG_LEVEL: 'warn',
      LLM_THREADS: '1',
      SHUTDOWN_TIMEOUT_MS: '2000',
      BEDROCK_ENDPOINT: standIn.url,
      BEDROCK_MAX_ATTEMPTS: '1',
      BEDROCK_MODEL_ALIASES: `${TINY_MODEL}=amazon.nova-micro-v1:0`,
      AWS_ACCESS_KEY_ID: standIn.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: standIn.credentials.secretAccessKey,
    },
    commands: new Set(['identity', 'api', 'llm-worker', 'gateway']),
    log: silentLogger(),
    onReady: (label, url) => lines.set(label, url),
  })
}, 240_000)

afterAll(async () => {
  await cluster?.stop()
  await standIn.close()
  models.cleanup()
})

const chatThrough = async (balancer: string, i: number) => {
  const res = await fetch(`${balancer}/api/chat`, {
    method: 'POST',
    body: JSON.stringify({
      model: TINY_MODEL,
      stream: false,
      messages: [{ role: 'user', content: `hi ${i}` }],
      options: { num_predict: 3 },
    }),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { provider?: string }).provider ?? 'ollama'
}

test('the region pool holds a llama.cpp worker and a Bedrock backup; the balancer uses Bedrock only once the llama.cpp worker is gone', async () => {
  const topology = JSON.parse(readFileSync(join(models.dir, 'cluster', 'topology.json'), 'utf8')) as Topology
  const llm = topology.regions[0]!.pools.llm
  expect(llm).toHaveLength(2)
  const backup = llm.find((u) => u.endsWith('#backup'))!
  const health = (await (await fetch(`${backup.replace('#backup', '')}/healthz`)).json()) as { provider?: string }
  expect(health.provider).toBe('bedrock')

  const balancer = lines.get('llm-balancer us-east-1')!
  for (let i = 0; i < 3; i++) expect(await chatThrough(balancer, i)).toBe('ollama')
  expect(standIn.requests).toHaveLength(0)

  await cluster.processes.find((p) => p.label === 'llm-worker us-east-1 #1')!.stop()
  for (let i = 0; i < 3; i++) expect(await chatThrough(balancer, i)).toBe('bedrock')
}, 120_000)
