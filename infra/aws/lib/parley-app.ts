import { type App, Tags } from 'aws-cdk-lib'
import { homeZone, type ParleyConfig } from './config.js'
import { ApiStack } from './stacks/api-stack.js'
import { DataStack } from './stacks/data-stack.js'
import { IdentityStack } from './stacks/identity-stack.js'
import { RegionalStack } from './stacks/regional-stack.js'

export type ParleyStacks = {
  identity: IdentityStack
  regional: Record<string, RegionalStack>
  data: DataStack
  api: ApiStack
  /** Regions left out because their wiring (the user pool id) is not known yet, with the reason. */
  pending: string[]
}

/**
 * Places the stacks: identity, then one RegionalStack per zone, then data and the edge API in the home region.
 * Values that cross regions come from `config.wiring` (docs/deploy.md); a non-home region whose wiring is missing
 * is left out and reported in `pending`, so the first deploys can run before it exists.
 */
export function buildParley(app: App, config: ParleyConfig): ParleyStacks {
  const prefix = `${config.prefix}${config.environment}`
  Tags.of(app).add('Project', 'parley')
  Tags.of(app).add('Environment', config.environment)

  const home = homeZone(config)
  const identity = new IdentityStack(app, `${prefix}-identity`, { config })
  const pool = identity.userPool

  const regional: Record<string, RegionalStack> = {}
  const pending: string[] = []
  for (const zone of config.zones) {
    const isHome = zone.region === home.region
    const { userPoolId, userPoolClientId } = config.wiring
    if (!isHome && !(userPoolId && userPoolClientId)) {
      pending.push(
        `${zone.region}: set wiring.userPoolId and wiring.userPoolClientId (outputs of ${identity.stackName})`,
      )
      continue
    }
    const auth = isHome
      ? { issuer: pool.issuer, audience: [pool.client.userPoolClientId] }
      : { issuer: `https://cognito-idp.${home.region}.amazonaws.com/${userPoolId}`, audience: [userPoolClientId!] }
    regional[zone.region] = new RegionalStack(app, `${prefix}-zone-${zone.zone}`, { config, zone, auth })
  }
  const homeStack = regional[home.region]!

  const data = new DataStack(app, `${prefix}-data`, {
    config,
    vpc: homeStack.network.vpc,
    workerSecurityGroup: homeStack.securityGroups.workers,
  })

  // The home entry is referenced directly; other regions' URLs cannot cross regions, so they come from the wiring.
  const regionalApiUrls: Record<string, string> = { [home.region]: homeStack.entry.url }
  for (const zone of config.zones) {
    if (zone.region === home.region) continue
    const url = config.wiring.regionalApiUrls[zone.region]
    if (url) regionalApiUrls[zone.region] = url
    else pending.push(`${zone.region}: set wiring.regionalApiUrls.${zone.region} (output RegionalApiUrl of its stack)`)
    // The peering itself is placed by the regional stacks; report what they are still waiting for.
    if (!config.wiring.peerVpcIds[zone.region]) {
      pending.push(`${zone.region}: set wiring.peerVpcIds.${zone.region} (output VpcId of its stack) to peer it`)
    } else if (!config.wiring.peeringConnectionIds[zone.region]) {
      pending.push(`${zone.region}: set wiring.peeringConnectionIds.${zone.region} (output of ${homeStack.stackName})`)
    }
  }

  const api = new ApiStack(app, `${prefix}-edge`, {
    config,
    vpc: homeStack.network.vpc,
    database: data.database,
    userPool: pool,
    regionalApiUrls,
  })

  return { identity, regional, data, api, pending }
}
