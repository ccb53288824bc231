export {
  deleteModel,
  listModels,
  type ModelWorkers,
  type PullRequest,
  pullModel,
  type WorkerModels,
} from './admin/models.js'
export { createGatewayApp, type GatewayApp, type GatewayDeps } from './app.js'
export type { Clock } from './clock.js'
export { type GatewayConfig, gatewayEnv, loadGatewayConfig } from './config.js'
export { type RegionalRoute, resolveRegionalPath } from './routes.js'
export { type GatewayOverrides, type RunningGateway, startGateway } from './start.js'
export { type RegionStrategy, STRATEGIES, type StrategyName } from './strategies/index.js'
export {
  DEFAULT_REGIONS,
  type PoolKind,
  parseTopology,
  readTopologyFile,
  type Topology,
  topologyFromEnv,
} from './topology.js'
export { Upstreams } from './upstreams.js'
