import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { commonEnv, env, loadConfig } from '@parley/core'
import { DEFAULT_BEDROCK_MODEL_ID } from '@parley/llm-worker/bedrock'
import { type Command, InvalidArgumentError } from 'commander'
import { cliLogger } from '../cli-logger.js'

const EXTRA_REGION_NAMES = ['eu-west-1', 'ap-southeast-1', 'eu-central-1', 'ap-northeast-1']

type ClusterOptions = {
  regions: number
  workers: number
  bedrockWorkers: number
  bedrockBackup?: boolean
  port?: string
  dataDir?: string
  modelsDir?: string
}

function bedrockCount(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 16) throw new InvalidArgumentError('expected a whole number from 0 to 16')
  return n
}

function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new InvalidArgumentError('expected a whole number from 1 to 16')
  return n
}

/**
 * The identity pool's Admin* keys, given to both identity and the gateway so the admin API (`/admin/users`) can manage
 * the pool: the configured ones, else the ones kept in the cluster's identity directory (made on first start, and the
 * same file `parley admin` reads), else fresh ones for an in-memory pool.
 */
async function adminKeys(dataDir: string): Promise<Record<string, string>> {
  const { identityEnv, localAdminCredentials } = await import('@parley/identity')
  const config = loadConfig(identityEnv, process.env)
  const configured =
    config.IDENTITY_ADMIN_ACCESS_KEY_ID && config.IDENTITY_ADMIN_SECRET_ACCESS_KEY
      ? { accessKeyId: config.IDENTITY_ADMIN_ACCESS_KEY_ID, secretAccessKey: config.IDENTITY_ADMIN_SECRET_ACCESS_KEY }
      : undefined
  // Identity keeps its database where the cluster puts it (dataDir/identity) unless DATABASE_URL points elsewhere.
  const identityDir = process.env.DATABASE_URL ? config.PARLEY_DATA_DIR : join(dataDir, 'identity')
  const keys = localAdminCredentials(identityDir, configured) ?? {
    accessKeyId: `AKIDCLUSTER${randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(24).toString('base64url'),
  }
  return {
    IDENTITY_ADMIN_ACCESS_KEY_ID: keys.accessKeyId,
    IDENTITY_ADMIN_SECRET_ACCESS_KEY: keys.secretAccessKey,
    GATEWAY_IDENTITY_ACCESS_KEY_ID: keys.accessKeyId,
    GATEWAY_IDENTITY_SECRET_ACCESS_KEY: keys.secretAccessKey,
  }
}

/** `parley cluster`: every service as its own process on loopback, two regions by default, one command to stop. */
export function register(program: Command): void {
  program
    .command('cluster')
    .description(
      'start a real local cluster: gateway, api, identity, N llm-workers per region, and a chat and scoring worker per region',
    )
    .option(
      '--regions <n>',
      'number of regions (names: $GATEWAY_REGIONS, else us-east-1, us-west-2, …)',
      positiveInt,
      2,
    )
    .option('--workers <n>', 'llm-workers per region', positiveInt, 1)
    .option(
      '--bedrock-workers <n>',
      'Bedrock llm-workers per region, in the same pool (BEDROCK_* settings; they answer the local model name too)',
      bedrockCount,
      0,
    )
    .option(
      '--bedrock-backup',
      'make the Bedrock workers backups: used only while no llama.cpp worker of the region is usable',
    )
    .option('-p, --port <port>', 'gateway port, 0 for any free port (default: $PORT or 8080)')
    .option('--data-dir <dir>', 'databases, logs and topology.json (default: $PARLEY_DATA_DIR/cluster)')
    .option(
      '--models-dir <dir>',
      'model store shared by the llm-workers (default: $MODELS_DIR or $PARLEY_DATA_DIR/models)',
    )
    .action(async (opts: ClusterOptions) => {
      const config = loadConfig(
        { ...commonEnv, PORT: env.port(8080), MODELS_DIR: env.string(''), GATEWAY_REGIONS: env.list([]) },
        { ...process.env, ...(opts.port !== undefined && { PORT: opts.port }) },
      )
      const names = [...config.GATEWAY_REGIONS, 'us-east-1', 'us-west-2', ...EXTRA_REGION_NAMES]
      const regions = [...new Set(names)].slice(0, opts.regions)
      while (regions.length < opts.regions) regions.push(`region-${regions.length + 1}`)
      const dataDir = resolve(opts.dataDir ?? join(config.PARLEY_DATA_DIR, 'cluster'))
      const modelsDir = resolve(opts.modelsDir ?? (config.MODELS_DIR || join(config.PARLEY_DATA_DIR, 'models')))
      const log = cliLogger('cluster')

      // A real model already in the store if there is one (no pull), else the generated demo model, so the cluster
      // starts offline; chat, feedback and scores default to it.
      const { chooseModel } = await import('../default-model.js')
      const choice = await chooseModel({
        modelsDir,
        defaultModel: process.env.PARLEY_DEFAULT_MODEL || 'smollm2:135m',
        registryUrl: '',
        pull: false,
        log,
      })
      const modelEnv = { CHAT_MODEL: choice.model, SCORING_MODEL: choice.model, EMBED_MODEL: choice.model }
      // Bedrock workers answer the model name the chat and scoring workers use, so either kind of worker can serve them.
      const bedrockEnv =
        opts.bedrockWorkers > 0
          ? { BEDROCK_MODEL_ALIASES: `${choice.model}=${process.env.BEDROCK_MODEL_ID || DEFAULT_BEDROCK_MODEL_ID}` }
          : {}

      const admin = await adminKeys(dataDir)
      const { startLocalCluster } = await import('@parley/gateway/cluster')
      let cluster: Awaited<ReturnType<typeof startLocalCluster>> | undefined
      let stopping = false
      const onSignal = (signal: NodeJS.Signals) => {
        // A second signal, or one during start-up, exits at once; children already started get SIGTERM on exit.
        if (stopping || !cluster) process.exit(130)
        stopping = true
        log.info({ signal }, 'stopping the cluster')
        cluster.stop().then(() => process.exit(0))
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
      cluster = await startLocalCluster({
        cli: new URL('../../bin/parley.mjs', import.meta.url).pathname,
        regions,
        workersPerRegion: opts.workers,
        bedrockWorkersPerRegion: opts.bedrockWorkers,
        bedrockAsBackup: opts.bedrockBackup,
        dataDir,
        modelsDir,
        gatewayPort: config.PORT,
        env: {
          ...modelEnv,
          ...bedrockEnv,
          ...process.env,
          ...admin,
          MODELS_DIR: modelsDir,
          GATEWAY_REGIONS: regions.join(','),
        },
        commands: new Set(program.commands.map((c) => c.name())),
        log,
        onReady: (label, url) => {
          if (label !== 'gateway') console.log(`${label}: ${url}`)
        },
      })
      console.log(`gateway: ${cluster.gatewayUrl}`)
      log.info({ dataDir, logs: join(dataDir, 'logs') }, 'cluster ready; Ctrl-C stops it')
    })
}
