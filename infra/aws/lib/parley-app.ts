import type { App } from 'aws-cdk-lib'
import { homeZone, type ParleyConfig } from './config.js'
import { tag } from './naming.js'
import { ApiStack } from './stacks/api-stack.js'
import { DataStack } from './stacks/data-stack.js'
import { IdentityStack } from './stacks/identity-stack.js'
import { RegionalStack } from './stacks/regional-stack.js'

export type ParleyStacks = {
  identity: IdentityStack
  regional: Record<string, RegionalStack>
  data: DataStack
  api: ApiStack
}

/**
 * Places every stack of every region: identity, one RegionalStack per zone, then data and the edge in the home
 * region. Nothing waits for context: values that cross regions are stack parameters (lib/deploy-parameter.ts)
 * that scripts/deploy.sh passes as each source is deployed, and within a region stacks use CloudFormation exports.
 */
export function buildParley(app: App, config: ParleyConfig): ParleyStacks {
  const prefix = `${config.prefix}${config.environment}`
  tag(app, 'Project', 'parley')
  tag(app, 'Environment', config.environment)

  const home = homeZone(config)
  const identity = new IdentityStack(app, `${prefix}-identity`, { config })

  const regional: Record<string, RegionalStack> = {}
  for (const zone of config.zones) {
    regional[zone.region] = new RegionalStack(app, `${prefix}-zone-${zone.zone}`, { config, zone })
  }
  const homeStack = regional[home.region]!

  const data = new DataStack(app, `${prefix}-data`, { config, vpc: homeStack.network.vpc })

  const api = new ApiStack(app, `${prefix}-edge`, {
    config,
    vpc: homeStack.network.vpc,
    database: data.database,
    userPool: identity.userPool,
    homeLoadBalancerDns: homeStack.fleet.loadBalancer.loadBalancerDnsName,
    homeLoadBalancerSecurityGroup: homeStack.securityGroups.lb,
    logBucketName: homeStack.logBucketName,
  })

  return { identity, regional, data, api }
}
