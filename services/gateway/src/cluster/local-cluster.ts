import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import type { Logger, RunningService } from '@parley/core'
import { BACKUP_FRAGMENT } from '../pool.js'
import { startPoolBalancer } from '../pool-balancer.js'
import type { Topology } from '../topology.js'
import { type ServiceProcess, spawnService } from './service-process.js'

export type LocalClusterOptions = {
  /** Path of `apps/cli/bin/parley.mjs`. */
  cli: string
  regions: readonly string[]
  workersPerRegion: number
  /** Bedrock workers (`parley llm-worker --provider bedrock`) added to each region's LLM pool beside the llama.cpp ones. */
  bedrockWorkersPerRegion?: number
  /** Make those Bedrock workers pool backups (`#backup`): used only while no llama.cpp worker of the region is usable. */
  bedrockAsBackup?: boolean
  /** Holds the cluster's topology.json, logs/ and each database-backed service's data directory. */
  dataDir: string
  modelsDir: string
  gatewayPort: number
  /** Environment handed to every child (usually process.env); per-service settings are added on top. */
  env: Record<string, string | undefined>
  /** `parley` subcommands that exist; chat and scoring workers start only when theirs do. */
  commands: ReadonlySet<string>
  log: Logger
  /** Called with each `<label>: <url>` line as services come up. */
  onReady?: (label: string, url: string) => void
}

export type LocalCluster = {
  gatewayUrl: string
  identityUrl: string
  /** Issuer and client id of the identity pool, for tokens the gateway accepts. */
  issuer: string
  clientId: string
  topology: Topology
  processes: ServiceProcess[]
  /** Stops the gateway first, then everything else, in parallel. */
  stop(): Promise<void>
}

const DEFAULT_POOL_ID = 'us-east-1_PaRlEyDev'
const DEFAULT_CLIENT_ID = 'parleyembeddedclient000001'

/**
 * Starts a real cluster on loopback: identity, api, N llm-workers per region, a chat and a scoring worker per region
 * (reaching their region's LLM pool through an in-process balancer, as they would an ALB), and the gateway.
 * Each service is its own `parley <service> --port 0` process. If any fails to start, all are stopped.
 */
export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalCluster> {
  const logs = join(opts.dataDir, 'logs')
  mkdirSync(logs, { recursive: true })
  const processes: ServiceProcess[] = []
  const balancers: RunningService[] = []
  const env = opts.env
  const poolId = env.IDENTITY_POOL_ID || DEFAULT_POOL_ID
  const clientId = env.IDENTITY_CLIENT_ID || DEFAULT_CLIENT_ID
  const totalWorkers = opts.regions.length * opts.workersPerRegion
  // llama.cpp is far slower with more threads than cores; share the cores among the workers unless told otherwise.
  const threads = env.LLM_THREADS || String(Math.max(1, Math.floor(cpus().length / Math.max(1, totalWorkers))))

  let stopping = false
  const start = async (label: string, args: string[], extraEnv: Record<string, string> = {}) => {
    const p = await spawnService({
      label,
      cli: opts.cli,
      args,
      env: { ...env, ...extraEnv },
      logFile: join(logs, `${label.replaceAll(/[^\w.-]+/g, '-')}.log`),
    })
    processes.push(p)
    opts.onReady?.(label, p.url)
    void p.exited.then((code) => {
      if (!stopping)
        opts.log.warn({ service: label, code, log: p.logFile }, 'service exited; the gateway routes around it')
    })
    return p
  }
  const stopAll = async () => {
    stopping = true
    await Promise.allSettled(balancers.map((b) => b.close()))
    await Promise.allSettled(processes.map((p) => p.stop()))
  }

  try {
    const dbEnv = (name: string): Record<string, string> =>
      env.DATABASE_URL ? {} : { PARLEY_DATA_DIR: join(opts.dataDir, name) }
    const [identity, llmByRegion] = await Promise.all([
      start('identity', ['identity', '--port', '0'], dbEnv('identity')),
      Promise.all(
        opts.regions.map((region) =>
          Promise.all([
            ...Array.from({ length: opts.workersPerRegion }, (_, i) =>
              start(`llm-worker ${region} #${i + 1}`, ['llm-worker', '--port', '0', '--models-dir', opts.modelsDir], {
                LLM_THREADS: threads,
              }),
            ),
            ...Array.from({ length: opts.bedrockWorkersPerRegion ?? 0 }, (_, i) =>
              start(`llm-worker-bedrock ${region} #${i + 1}`, ['llm-worker', '--provider', 'bedrock', '--port', '0']),
            ),
          ]),
        ),
      ),
    ])
    const issuer = `${identity.url}/${poolId}`
    const authEnv = {
      AUTH_ISSUER: issuer,
      AUTH_REVOCATIONS_URL: `${issuer}/revocations`,
      AUTH_CLIENT_IDS: env.AUTH_CLIENT_IDS || clientId,
    }

    const regionalWorkers = async (region: string, llmUrls: string[], apiUrl: string) => {
      const balancer = await startPoolBalancer({
        name: `llm-balancer-${region}`,
        region,
        urls: llmUrls,
        log: opts.log,
        forwarding: { attemptsPerRegion: 3, timeouts: { connectMs: 2_000, firstByteMs: 120_000, idleMs: 60_000 } },
      })
      balancers.push(balancer)
      opts.onReady?.(`llm-balancer ${region}`, balancer.url)
      const llm = ['--llm', balancer.url]
      const scoring = opts.commands.has('scoring-worker')
        ? await start(`scoring-worker ${region}`, ['scoring-worker', '--port', '0', ...llm])
        : undefined
      // The chat worker's turn endpoint stores turns through the api and scores them on this region's scoring worker.
      const chat = opts.commands.has('chat-worker')
        ? await start(`chat-worker ${region}`, ['chat-worker', '--port', '0', ...llm], {
            CHAT_API_URL: apiUrl,
            // Token metrics and stored usage name the region.
            CHAT_REGION: region,
            ...(scoring ? { CHAT_SCORING_URL: scoring.url } : {}),
          })
        : undefined
      return { chat: chat ? [chat.url] : [], scoring: scoring ? [scoring.url] : [] }
    }
    const api = await start('api', ['api', '--port', '0'], { ...dbEnv('api'), ...authEnv })
    // Bedrock workers are the last ones started in each region (see above).
    const llmUrls = (i: number) =>
      llmByRegion[i]!.map((w, k) =>
        opts.bedrockAsBackup && k >= opts.workersPerRegion ? `${w.url}${BACKUP_FRAGMENT}` : w.url,
      )
    const pools = await Promise.all(opts.regions.map((region, i) => regionalWorkers(region, llmUrls(i), api.url)))
    const topology: Topology = {
      api: [api.url],
      regions: opts.regions.map((name, i) => ({
        name,
        pools: { llm: llmUrls(i), ...pools[i]! },
      })),
    }
    const topologyFile = join(opts.dataDir, 'topology.json')
    writeFileSync(topologyFile, `${JSON.stringify(topology, null, 2)}\n`)
    const gateway = await start(
      'gateway',
      ['gateway', '--port', String(opts.gatewayPort), '--config', topologyFile],
      // The admin API's users pages manage this pool (with the GATEWAY_IDENTITY_* keys the caller passes).
      { ...authEnv, GATEWAY_IDENTITY_POOL_ID: poolId, GATEWAY_IDENTITY_ENDPOINT: identity.url },
    )

    return {
      gatewayUrl: gateway.url,
      identityUrl: identity.url,
      issuer,
      clientId,
      topology,
      processes,
      async stop() {
        stopping = true
        await gateway.stop()
        await stopAll()
      },
    }
  } catch (err) {
    await stopAll()
    throw err
  }
}
