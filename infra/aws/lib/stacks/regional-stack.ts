import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { homeZone, otherZones, type ParleyConfig, WORKER_ROLES, type ZoneConfig } from '../config.js'
import { AlarmTopic } from '../constructs/alarm-topic.js'
import { LogBucket } from '../constructs/log-bucket.js'
import { Network } from '../constructs/network.js'
import { RegionalAlarms } from '../constructs/regional-alarms.js'
import { SecurityGroups } from '../constructs/security-groups.js'
import { SharedStorage } from '../constructs/shared-storage.js'
import { PeeringRequest, PeeringReturnRoute, regionKey } from '../constructs/vpc-peering.js'
import { WorkerConfig } from '../constructs/worker-config.js'
import { WorkerFleet } from '../constructs/worker-fleet.js'
import { ifKnown, type LaterValue, laterValue } from '../deploy-parameter.js'
import { existingRoles } from '../existing-roles.js'
import { namer, tagComponent } from '../naming.js'
import { stackSynthesizer } from '../synthesizer.js'

export type RegionalStackProps = StackProps & { config: ParleyConfig; zone: ZoneConfig }

/** The API Gateway host pattern of the conversations API (an output of the edge stack). */
export const API_HOST_PATTERN = '[a-z0-9]+\\.execute-api\\.[a-z0-9-]+\\.amazonaws\\.com'

/**
 * One zone of the seed: network, NAT instance, worker fleet and its load balancer, their config, alarms. The home
 * zone also holds the EFS model store, so its workers start only once the store exists. Values from other regions
 * (the peer VPC, the peering connection, the API host) are stack parameters that scripts/deploy.sh fills in order.
 */
export class RegionalStack extends Stack {
  readonly network: Network
  readonly securityGroups: SecurityGroups
  readonly fleet: WorkerFleet
  readonly storage: SharedStorage | undefined
  readonly logBucketName: string
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

    const apiHost = laterValue(
      this,
      'ApiHost',
      'Host of the conversations API (output ApiHost of the edge stack)',
      API_HOST_PATTERN,
    )
    const alarmTopic = new AlarmTopic(this, 'AlarmTopic', { name, suffix: `-zone-${zone.zone}` })
    tagComponent(alarmTopic, 'monitoring')

    const logs = new LogBucket(this, 'Logs', { name, region: zone.region, account: config.account })
    tagComponent(logs, 'logging')
    this.logBucketName = name(`logs-${zone.region}-${config.account}`)

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

    if (isHome) {
      this.storage = new SharedStorage(this, 'SharedStorage', {
        name,
        vpc: this.network.vpc,
        workerSecurityGroup: this.securityGroups.workers,
        peerZones: peers,
        mountTargetIps: config.efsMountTargetIps,
      })
      tagComponent(this.storage, 'storage')
    }

    // A peer zone's workers mount the home EFS over the peering: until the route back exists, they stay at zero.
    const peering = isHome
      ? undefined
      : laterValue(
          this,
          'PeeringConnectionId',
          'Peering connection to the home zone (output of its stack)',
          'pcx-[0-9a-f]+',
        )
    this.fleet = new WorkerFleet(this, 'Workers', {
      name,
      zone,
      config,
      vpc: this.network.vpc,
      lbSecurityGroup: this.securityGroups.lb,
      workerSecurityGroup: this.securityGroups.workers,
      roles,
      logBucket: logs.bucket,
      ...(peering ? { startWhen: (n: number) => ifKnown(peering, String(n), '0') } : {}),
    })
    tagComponent(this.fleet, 'workers')
    if (this.storage) this.fleet.node.addDependency(this.storage)

    const workerConfig = new WorkerConfig(this, 'WorkerConfig', {
      name,
      roles: WORKER_ROLES,
      region: zone.region,
      logGroupName: name(`workers-zone-${zone.zone}`),
      suffix: `zone-${zone.zone}`,
      vars: { efs_address: config.efsMountTargetIps[0], llm_pool_host: this.fleet.loadBalancer.loadBalancerDnsName },
      laterVars: { api_host: apiHost },
      logRetentionDays: config.logRetentionDays,
      ...(this.fleet.ownRole ? { ownWorkerRole: this.fleet.ownRole } : {}),
    })
    tagComponent(workerConfig, 'worker-config')

    const alarms = new RegionalAlarms(this, 'Alarms', {
      name,
      zone: zone.zone,
      topic: alarmTopic.topic,
      fleet: this.fleet,
      natInstanceId: this.network.nat.instance.ref,
      ...(this.storage ? { fileSystemId: this.storage.fileSystem.fileSystemId } : {}),
    })
    tagComponent(alarms, 'monitoring')

    const routeTables = [this.network.privateRouteTable]
    if (isHome) {
      for (const peer of peers) {
        const peerVpc: LaterValue = laterValue(
          this,
          `PeerVpcId${regionKey(peer.region)}`,
          `VPC of zone ${peer.zone} in ${peer.region} (output VpcId of its stack)`,
          'vpc-[0-9a-f]+',
        )
        const request = new PeeringRequest(this, `Peering-${peer.zone}`, {
          name,
          vpcId: this.network.vpcId,
          routeTables,
          peer,
          peerVpcId: peerVpc.value,
          when: peerVpc.known,
        })
        tagComponent(request, 'network')
      }
    } else if (peering) {
      const route = new PeeringReturnRoute(this, 'PeeringReturn', {
        routeTables,
        home: homeZone(config),
        peeringConnectionId: peering.value,
        when: peering.known,
      })
      tagComponent(route, 'network')
    }

    new CfnOutput(this, 'VpcId', { value: this.network.vpcId, description: `VPC of zone ${zone.zone}` })
    new CfnOutput(this, 'LoadBalancerDns', {
      value: this.fleet.loadBalancer.loadBalancerDnsName,
      description:
        'Internal ALB of the workers: the LLM pool of chat and scoring workers, and the region of the gateway',
    })
  }

  override get availabilityZones(): string[] {
    return this.zoneAzs
  }
}
