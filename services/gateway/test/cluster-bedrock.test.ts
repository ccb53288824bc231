import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { silentLogger } from '@parley/core'
import { type BedrockStandIn, startBedrockStandIn } from '@parley/llm-worker/bedrock-testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type LocalCluster, startLocalCluster } from '../src/cluster/index.js'
import type { Topology } from '../src/index.js'
import { CLI, prepareModels, TINY_MODEL } from './support/llm-workers.js'

// The local cluster with `bedrockWorkersPerRegion` (what `parley cluster --bedrock-workers 1` passes): a Bedrock
// worker (against the stand-in) joins the region's LLM pool beside the llama.cpp worker and answers the model name
// the chat and scoring workers use. Chat and scoring workers are left out to keep the test light.

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

test('the region pool holds a llama.cpp and a Bedrock worker, and the balancer the workers use reaches both', async () => {
  const topology = JSON.parse(readFileSync(join(models.dir, 'cluster', 'topology.json'), 'utf8')) as Topology
  const llm = topology.regions[0]!.pools.llm
  expect(llm).toHaveLength(2)
  const providers = await Promise.all(
    llm.map(async (u) => ((await (await fetch(`${u}/healthz`)).json()) as { provider?: string }).provider ?? 'ollama'),
  )
  expect(providers.sort()).toEqual(['bedrock', 'ollama'])

  const model = TINY_MODEL
  const balancer = lines.get('llm-balancer us-east-1')!
  const served = new Set<string>()
  for (let i = 0; i < 6 && served.size < 2; i++) {
    const res = await fetch(`${balancer}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({
        model,
        stream: false,
        messages: [{ role: 'user', content: `hi ${i}` }],
        options: { num_predict: 3 },
      }),
    })
    expect(res.status).toBe(200)
    served.add(((await res.json()) as { provider?: string }).provider ?? 'ollama')
  }
  expect(served).toEqual(new Set(['ollama', 'bedrock']))
}, 120_000)
