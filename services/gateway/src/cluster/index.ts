export { type LocalCluster, type LocalClusterOptions, startLocalCluster } from './local-cluster.js'
export { type ServiceProcess, type SpawnServiceOptions, spawnService } from './service-process.js'
