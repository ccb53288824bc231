import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { homeZone, otherZones, type ParleyConfig, WORKER_ROLES, type ZoneConfig } from '../config.js'
import { LogBucket } from '../constructs/log-bucket.js'
import { Network } from '../constructs/network.js'
import { RegionalAlarms } from '../constructs/regional-alarms.js'
import { type CognitoAuth, RegionalEntry } from '../constructs/regional-entry.js'
import { SecurityGroups } from '../constructs/security-groups.js'
import { PeeringRequest, PeeringReturnRoute } from '../constructs/vpc-peering.js'
import { WorkerConfig } from '../constructs/worker-config.js'
import { WorkerFleet } from '../constructs/worker-fleet.js'
import { existingRoles } from '../existing-roles.js'
import { namer, tagComponent } from '../naming.js'
import { stackSynthesizer } from '../synthesizer.js'

export type RegionalStackProps = StackProps & {
  config: ParleyConfig
  zone: ZoneConfig
  auth: CognitoAuth
}

/** One zone of the seed: network, NAT instance, worker fleet and its load balancer, their config, alarms. */
export class RegionalStack extends Stack {
  readonly network: Network
  readonly securityGroups: SecurityGroups
  readonly fleet: WorkerFleet
  readonly entry: RegionalEntry
  private readonly zoneAzs: string[]

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    const { config, zone } = props
    super(scope, id, {
      ...props,
      synthesizer: stackSynthesizer(config),
      env: { account: config.account, region: zone.region },
      description: `Parley zone ${zone.zone} (${zone.region}): VPC, NAT instance, LLM/chat/scoring workers behind an internal ALB`,
    })
    this.zoneAzs = [...zone.availabilityZones]
    const name = namer(config.prefix)
    const roles = existingRoles(this, config)
    const isHome = zone.region === config.homeRegion
    const peers = otherZones(config, zone.region)

    const logs = new LogBucket(this, 'Logs', { name, region: zone.region, account: config.account })
    tagComponent(logs, 'logging')

    this.network = new Network(this, 'Network', {
      name,
      zone,
      natInstanceType: config.natInstanceType,
      ubuntuAmiParameter: config.ubuntuAmiParameter,
      roles,
      logBucket: logs.bucket,
    })
    tagComponent(this.network, 'network')

    this.securityGroups = new SecurityGroups(this, 'SecurityGroups', {
      name,
      vpc: this.network.vpc,
      lbAllowedCidrs: [...peers.map((p) => p.cidr), ...config.lbAllowedCidrs],
    })
    tagComponent(this.securityGroups, 'security')

    this.fleet = new WorkerFleet(this, 'Workers', {
      name,
      zone,
      config,
      vpc: this.network.vpc,
      lbSecurityGroup: this.securityGroups.lb,
      workerSecurityGroup: this.securityGroups.workers,
      roles,
      logBucket: logs.bucket,
    })
    tagComponent(this.fleet, 'workers')

    const workerConfig = new WorkerConfig(this, 'WorkerConfig', {
      name,
      roles: WORKER_ROLES,
      region: zone.region,
      logGroupName: name(`workers-zone-${zone.zone}`),
      suffix: `zone-${zone.zone}`,
      vars: { efs_address: config.efsMountTargetIps[0], llm_pool_host: this.fleet.loadBalancer.loadBalancerDnsName },
      logRetentionDays: config.logRetentionDays,
      ...(this.fleet.ownRole ? { ownWorkerRole: this.fleet.ownRole } : {}),
    })
    tagComponent(workerConfig, 'worker-config')

    this.entry = new RegionalEntry(this, 'Entry', {
      name,
      zone: zone.zone,
      vpc: this.network.vpc,
      vpcLinkSecurityGroup: this.securityGroups.vpcLink,
      listener: this.fleet.listener,
      auth: props.auth,
      logRetentionDays: config.logRetentionDays,
    })
    tagComponent(this.entry, 'api')

    const alarms = new RegionalAlarms(this, 'Alarms', {
      name,
      zone: zone.zone,
      loadBalancer: this.fleet.loadBalancer,
      targetGroups: this.fleet.targetGroups,
    })
    tagComponent(alarms, 'monitoring')

    const routeTables = [this.network.privateRouteTable]
    if (isHome) {
      for (const peer of peers) {
        const peerVpcId = config.wiring.peerVpcIds[peer.region]
        if (!peerVpcId) continue // first pass: the peer's VPC does not exist yet (docs/deploy.md, step 2)
        const peering = new PeeringRequest(this, `Peering-${peer.zone}`, {
          name,
          vpcId: this.network.vpcId,
          routeTables,
          peer,
          peerVpcId,
        })
        tagComponent(peering, 'network')
      }
    } else {
      const peeringConnectionId = config.wiring.peeringConnectionIds[zone.region]
      if (peeringConnectionId) {
        const route = new PeeringReturnRoute(this, 'PeeringReturn', {
          routeTables,
          home: homeZone(config),
          peeringConnectionId,
        })
        tagComponent(route, 'network')
      }
    }

    new CfnOutput(this, 'VpcId', { value: this.network.vpcId, description: `VPC of zone ${zone.zone}` })
    new CfnOutput(this, 'RegionalApiUrl', {
      value: this.entry.url,
      description: `Authenticated entry to zone ${zone.zone}'s workers; the public API proxies /${zone.region}/ here`,
    })
    new CfnOutput(this, 'LoadBalancerDns', {
      value: this.fleet.loadBalancer.loadBalancerDnsName,
      description: 'Internal ALB of the workers (the LLM pool URL of chat and scoring workers)',
    })
  }

  override get availabilityZones(): string[] {
    return this.zoneAzs
  }
}
