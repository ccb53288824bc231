import { randomBytes } from 'node:crypto'
import { apiEnv, startApi } from '@parley/api'
import { chatWorkerEnv, startChatWorker } from '@parley/chat-worker'
import { commonEnv, createLogger, env, type Logger, loadConfig, type RunningService } from '@parley/core'
import { type Db, openDb } from '@parley/db'
import { DEFAULT_REGIONS, loadGatewayConfig, startGateway, type Topology } from '@parley/gateway'
import { identityEnv, localAdminCredentials, startIdentity } from '@parley/identity'
import { createLlmWorkerDeps, llmWorkerEnv, modelsDirOf, pullLimitsOf, startLlmWorker } from '@parley/llm-worker'
import { RulesLinter, scoringWorkerEnv, startScoringWorker } from '@parley/scoring-worker'
import { z } from 'zod'
import { chooseModel, type ModelChoice } from './default-model.js'
import { withHeartbeat } from './heartbeat.js'
import { recordStack } from './stack-record.js'
import { loadWeb } from './web-module.js'

/** The stack's own settings; every service also reads its own variables from the same environment. */
export const stackEnv = {
  ...commonEnv,
  DATABASE_URL: z.string().optional(),
  PORT: env.port(8080),
  WEB_PORT: env.port(3000),
  PARLEY_REGIONS: env.list(DEFAULT_REGIONS),
  PARLEY_WEB: env.bool(true),
  /** Model pulled from the Ollama registry when the store has no real one; chat, feedback and scores use it. */
  PARLEY_DEFAULT_MODEL: env.string('smollm2:135m'),
  /** False never pulls at start (offline by choice): a real model already in the store, else the demo model. */
  PARLEY_PULL_DEFAULT_MODEL: env.bool(true),
}

export type StackOptions = {
  env?: Record<string, string | undefined>
  /** Serve apps/web too (default: PARLEY_WEB, true). */
  web?: boolean
  /** What the web server uses as its gateway; tests put a proxy there (default: the gateway itself). */
  webGateway?: (gatewayUrl: string) => Promise<string>
  /** Pull PARLEY_DEFAULT_MODEL when the store has no real model (`parley start` does; tests never reach a network). */
  pullDefaultModel?: boolean
  log?: Logger
}

export type RunningStack = {
  /** Every service with its URL, in start order. */
  services: RunningService[]
  gatewayUrl: string
  webUrl?: string
  identity: { url: string; poolId: string; clientId: string; issuer: string }
  model: string
  /** How the model was chosen; `randomWeights` means the demo model (say how to get a real one). */
  modelChoice: ModelChoice
  close(): Promise<void>
}

type Vars = Record<string, string | undefined>

/**
 * The port an internal service takes: free (0) unless the user pinned it; a pinned per-region port applies to the
 * first region and each further region takes the next port up, so two regions never collide.
 */
export function internalPort(vars: Vars, name: string, regionIndex = 0): string {
  const pinned = vars[name]
  return pinned === undefined || pinned === '0' ? '0' : String(Number(pinned) + regionIndex)
}

/**
 * Starts the whole embedded stack in this process: one PGlite shared by identity and the api, one loaded model
 * shared by both regions' llm-workers, and a chat and a scoring worker per region, all behind the gateway, each on
 * its own loopback port and talking over real HTTP. `PORT=0` makes every port ephemeral, so stacks can run side by side.
 */
export async function startStack(opts: StackOptions = {}): Promise<RunningStack> {
  const vars: Vars = { ...(opts.env ?? process.env) }
  const cfg = loadConfig(stackEnv, vars)
  const log = opts.log ?? createLogger({ name: 'parley', level: cfg.LOG_LEVEL })
  const ephemeral = cfg.PORT === 0
  // Internal services take free ports unless the user pinned them; only the gateway and web have fixed defaults.
  const internal = (name: string, regionIndex = 0): Vars => ({ [name]: internalPort(vars, name, regionIndex) })
  const services: RunningService[] = []
  const cleanups: (() => Promise<void>)[] = []
  const closeAll = async () => {
    for (const s of [...services].reverse()) await s.close().catch((err) => log.error({ err }, `closing ${s.name}`))
    for (const fn of cleanups.reverse()) await fn().catch((err) => log.error({ err }, 'closing shared resource'))
  }

  try {
    log.info(
      { database: cfg.DATABASE_URL ? 'DATABASE_URL' : cfg.PARLEY_DATA_DIR },
      'opening the database (the first start creates it and runs the migrations)',
    )
    const db: Db = await withHeartbeat(
      log,
      'opening the database',
      openDb({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.PARLEY_DATA_DIR }),
    )
    cleanups.push(() => db.close())
    log.info('database ready; starting identity and the api')

    // The web server on loopback forwards each browser's address; identity believes it only from loopback peers.
    const identityVars: Vars = {
      IDENTITY_TRUSTED_PROXIES: 'loopback',
      ...stackAdminKeys(vars, cfg.PARLEY_DATA_DIR),
      ...vars,
      ...internal('IDENTITY_PORT'),
    }
    const identity = await startIdentity(loadConfig(identityEnv, identityVars), {
      db,
      log: log.child({ service: 'identity' }),
    })
    services.push(identity)
    const authVars: Vars = {
      AUTH_ISSUER: identity.issuer,
      AUTH_JWKS_URL: identity.jwksUrl,
      AUTH_REVOCATIONS_URL: identity.revocationsUrl,
      AUTH_CLIENT_IDS: identity.clientId,
    }
    const api = await startApi(loadConfig(apiEnv, { ...vars, ...internal('API_PORT'), ...authVars }), {
      db,
      log: log.child({ service: 'api' }),
    })
    services.push(api)

    const llmConfig = loadConfig(llmWorkerEnv, { ...vars, ...internal('LLM_WORKER_PORT') })
    const modelChoice = await chooseModel({
      modelsDir: modelsDirOf(llmConfig),
      defaultModel: cfg.PARLEY_DEFAULT_MODEL,
      registryUrl: llmConfig.LLM_REGISTRY_URL,
      limits: pullLimitsOf(llmConfig),
      pull: (opts.pullDefaultModel ?? false) && cfg.PARLEY_PULL_DEFAULT_MODEL,
      log,
    })
    const model = modelChoice.model
    const llmDeps = createLlmWorkerDeps(llmConfig, { log: log.child({ service: 'llm-worker' }) })
    cleanups.push(() => llmDeps.scheduler.close())
    log.info('loading the grammar checker (harper.js) and the LLM workers')
    const rules = await RulesLinter.create()
    cleanups.push(() => rules.dispose())

    const topology: Topology = { api: [api.url], regions: [] }
    for (const [index, region] of cfg.PARLEY_REGIONS.entries()) {
      const llm = await startLlmWorker(llmConfig, {
        ...llmDeps,
        port: Number(internal('LLM_WORKER_PORT', index).LLM_WORKER_PORT),
        log: llmDeps.log.child({ region }),
      })
      const modelVars: Vars = { CHAT_MODEL: vars.CHAT_MODEL ?? model, SCORING_MODEL: vars.SCORING_MODEL ?? model }
      const scoring = await startScoringWorker(
        loadConfig(scoringWorkerEnv, {
          ...vars,
          ...modelVars,
          EMBED_MODEL: vars.EMBED_MODEL ?? model,
          ...internal('SCORING_WORKER_PORT', index),
          SCORING_LLM_URL: llm.url,
        }),
        { rules, log: log.child({ service: 'scoring-worker', region }) },
      )
      // The chat worker's turn endpoint stores turns through the api and scores them on this region's scoring worker.
      const chat = await startChatWorker(
        loadConfig(chatWorkerEnv, {
          ...vars,
          ...modelVars,
          ...internal('CHAT_WORKER_PORT', index),
          CHAT_LLM_URL: llm.url,
          CHAT_API_URL: api.url,
          CHAT_SCORING_URL: scoring.url,
          CHAT_REGION: region,
        }),
        { log: log.child({ service: 'chat-worker', region }) },
      )
      // Closed in reverse: the chat worker first, so the turns it is still storing can reach scoring and the api.
      services.push(named(llm, `llm-worker ${region}`), named(scoring, `scoring-worker ${region}`))
      services.push(named(chat, `chat-worker ${region}`))
      topology.regions.push({ name: region, pools: { llm: [llm.url], chat: [chat.url], scoring: [scoring.url] } })
    }

    // The gateway's admin API manages this pool with its Admin* keys (the configured ones or the data directory's).
    const keyId = identityVars.IDENTITY_ADMIN_ACCESS_KEY_ID
    const secret = identityVars.IDENTITY_ADMIN_SECRET_ACCESS_KEY
    const configured = keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined
    const admin = localAdminCredentials(cfg.PARLEY_DATA_DIR, configured)
    const gatewayAdminVars: Vars = {
      GATEWAY_IDENTITY_POOL_ID: identity.poolId,
      GATEWAY_IDENTITY_ENDPOINT: identity.url,
      ...(admin && {
        GATEWAY_IDENTITY_ACCESS_KEY_ID: admin.accessKeyId,
        GATEWAY_IDENTITY_SECRET_ACCESS_KEY: admin.secretAccessKey,
      }),
    }
    const gatewayVars = { ...gatewayAdminVars, ...vars, PORT: String(cfg.PORT), ...authVars }
    const gateway = await startGateway(loadGatewayConfig(gatewayVars), {
      topology,
      log: log.child({ service: 'gateway' }),
    })
    services.push(gateway)
    const llmUrls = (name: string) => topology.regions.find((r) => r.name === name)?.pools.llm ?? []
    const regions = cfg.PARLEY_REGIONS.map((name) => ({ name, llm: llmUrls(name) }))
    const forgetStack = recordStack(cfg.PARLEY_DATA_DIR, { pid: process.pid, gatewayUrl: gateway.url, regions })
    cleanups.push(async () => forgetStack())

    let webUrl: string | undefined
    if (opts.web ?? cfg.PARLEY_WEB) {
      const { startWeb, webEnv } = await loadWeb()
      const webVars: Vars = {
        ...vars,
        PARLEY_DATA_DIR: cfg.PARLEY_DATA_DIR,
        HOST: cfg.HOST,
        LOG_LEVEL: cfg.LOG_LEVEL,
        WEB_PORT: ephemeral && vars.WEB_PORT === undefined ? '0' : String(cfg.WEB_PORT),
        WEB_GATEWAY_URL: opts.webGateway ? await opts.webGateway(gateway.url) : gateway.url,
        WEB_IDENTITY_ENDPOINT: identity.url,
        WEB_COGNITO_REGION: identity.poolId.split('_')[0],
        WEB_COGNITO_CLIENT_ID: identity.clientId,
        WEB_REVOCATIONS_URL: identity.revocationsUrl,
        WEB_DEFAULT_REGION: cfg.PARLEY_REGIONS[0],
      }
      const webLog = log.child({ service: 'web' })
      const web = await startWeb(loadConfig(webEnv, webVars), { log: (line) => webLog.info(line) })
      services.push(web)
      webUrl = web.url
    }

    return {
      services,
      gatewayUrl: gateway.url,
      webUrl,
      identity: { url: identity.url, poolId: identity.poolId, clientId: identity.clientId, issuer: identity.issuer },
      model,
      modelChoice,
      close: closeAll,
    }
  } catch (err) {
    await closeAll()
    throw err
  }
}

/**
 * Admin* keys for an in-memory stack (no data directory to keep generated ones in): fresh per start, known only to
 * this process, so the gateway's admin API can still manage the pool. With a data directory identity makes its own.
 */
function stackAdminKeys(vars: Vars, dataDir: string): Vars {
  if (!dataDir.startsWith('memory://') || vars.IDENTITY_ADMIN_ACCESS_KEY_ID) return {}
  return {
    IDENTITY_ADMIN_ACCESS_KEY_ID: `AKIDSTACK${randomBytes(6).toString('hex').toUpperCase()}`,
    IDENTITY_ADMIN_SECRET_ACCESS_KEY: randomBytes(24).toString('base64url'),
  }
}

function named(service: RunningService, name: string): RunningService {
  return { ...service, name }
}
