import { CfnOutput, aws_ec2 as ec2, aws_efs as efs, RemovalPolicy } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import type { ZoneConfig } from '../config.js'
import type { Namer } from '../naming.js'

export type SharedStorageProps = {
  name: Namer
  vpc: ec2.IVpc
  /** The home zone's worker group (`sg-llm`), allowed by reference (same stack). */
  workerSecurityGroup: ec2.ISecurityGroup
  /** Other zones: security groups cannot be referenced across regions, so their private subnets are allowed. */
  peerZones: ZoneConfig[]
  /** One fixed IP per private subnet, so workers in other regions mount by IP over the peering. */
  mountTargetIps: readonly [string, string]
}

/**
 * The model store every worker mounts at `/share`: EFS with bursting throughput, automatic backups, encryption,
 * and mount targets in the private subnets. `sg-efs` allows NFS only from each zone's workers.
 */
export class SharedStorage extends Construct {
  readonly fileSystem: efs.FileSystem
  readonly securityGroup: ec2.SecurityGroup

  constructor(scope: Construct, id: string, props: SharedStorageProps) {
    super(scope, id)
    const { name } = props
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      securityGroupName: name('sg-efs'),
      description: 'EFS model store: NFS (2049) only from the workers of each zone',
      allowAllOutbound: false,
    })
    const nfs = ec2.Port.tcp(2049)
    this.securityGroup.addIngressRule(props.workerSecurityGroup, nfs, "NFS from this zone's workers (sg-llm)")
    for (const zone of props.peerZones) {
      for (const cidr of zone.privateSubnetCidrs) {
        this.securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), nfs, `NFS from zone ${zone.zone} private subnet ${cidr}`)
      }
    }

    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: this.securityGroup,
      fileSystemName: name('efs-share'),
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.BURSTING,
      encrypted: true,
      enableAutomaticBackups: true,
      lifecyclePolicy: efs.LifecyclePolicy.AFTER_30_DAYS,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    // Fixed mount target IPs: the L2 construct does not expose them, so set them on its CfnMountTargets.
    const targets = this.fileSystem.node.children.filter(
      (c): c is efs.CfnMountTarget => c instanceof efs.CfnMountTarget,
    )
    targets.forEach((target, i) => {
      const ip = props.mountTargetIps[i]
      if (ip) target.ipAddress = ip
    })

    new CfnOutput(this, 'FileSystemId', {
      key: 'FileSystemId',
      value: this.fileSystem.fileSystemId,
      description: 'EFS mounted at /share',
    })
  }
}
