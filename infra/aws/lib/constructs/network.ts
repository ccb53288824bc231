import { aws_ec2 as ec2, type aws_s3 as s3 } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import type { ZoneConfig } from '../config.js'
import type { ExistingRoles } from '../existing-roles.js'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'
import { NatInstance } from './nat-instance.js'

export type NetworkProps = {
  name: Namer
  zone: ZoneConfig
  natInstanceType: string
  ubuntuAmiParameter: string
  roles: ExistingRoles | undefined
  logBucket: s3.IBucket
}

/**
 * The seed's zone, built from L1 resources because ec2.Vpc gives every subnet its own route table and the seed
 * asks for exactly two: one public subnet in AZ a, two private subnets in AZs a and b, `rtb-public` and
 * `rtb-private`, and a NAT instance instead of a NAT gateway.
 */
export class Network extends Construct {
  readonly vpc: ec2.IVpc
  readonly vpcId: string
  readonly publicSubnet: ec2.ISubnet
  readonly privateSubnets: ec2.ISubnet[]
  readonly publicRouteTable: ec2.CfnRouteTable
  readonly privateRouteTable: ec2.CfnRouteTable
  readonly nat: NatInstance

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id)
    const { name, zone } = props
    const [azA, azB] = zone.availabilityZones

    const vpc = new ec2.CfnVPC(this, 'Vpc', {
      cidrBlock: zone.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: [{ key: 'Name', value: name(`zone-${zone.zone}`) }],
    })
    this.vpcId = vpc.ref

    const igw = new ec2.CfnInternetGateway(this, 'InternetGateway', {
      tags: [{ key: 'Name', value: name(`igw-zone-${zone.zone}`) }],
    })
    const igwAttachment = new ec2.CfnVPCGatewayAttachment(this, 'InternetGatewayAttachment', {
      vpcId: vpc.ref,
      internetGatewayId: igw.ref,
    })

    const subnet = (id: string, subnetName: string, cidr: string, az: string) =>
      new ec2.CfnSubnet(this, id, {
        vpcId: vpc.ref,
        cidrBlock: cidr,
        availabilityZone: az,
        mapPublicIpOnLaunch: false,
        tags: [{ key: 'Name', value: name(subnetName) }],
      })
    const pinned = 'The seed fixes the subnets to availability zones a and b.'
    const publicA = subnet('PublicSubnetA', `subnet-public-${azA}`, zone.publicSubnetCidr, azA)
    const privateA = subnet('PrivateSubnetA', `subnet-private-${azA}`, zone.privateSubnetCidrs[0], azA)
    const privateB = subnet('PrivateSubnetB', `subnet-private-${azB}`, zone.privateSubnetCidrs[1], azB)

    for (const s of [publicA, privateA, privateB]) acknowledge(s, 'W3010', pinned)

    this.publicRouteTable = new ec2.CfnRouteTable(this, 'PublicRouteTable', {
      vpcId: vpc.ref,
      tags: [{ key: 'Name', value: name('rtb-public') }],
    })
    this.privateRouteTable = new ec2.CfnRouteTable(this, 'PrivateRouteTable', {
      vpcId: vpc.ref,
      tags: [{ key: 'Name', value: name('rtb-private') }],
    })
    new ec2.CfnSubnetRouteTableAssociation(this, 'PublicSubnetARouteTable', {
      subnetId: publicA.ref,
      routeTableId: this.publicRouteTable.ref,
    })
    for (const [id, s] of [
      ['PrivateSubnetARouteTable', privateA],
      ['PrivateSubnetBRouteTable', privateB],
    ] as const) {
      new ec2.CfnSubnetRouteTableAssociation(this, id, { subnetId: s.ref, routeTableId: this.privateRouteTable.ref })
    }
    const internetRoute = new ec2.CfnRoute(this, 'PublicDefaultRoute', {
      routeTableId: this.publicRouteTable.ref,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.ref,
    })
    internetRoute.node.addDependency(igwAttachment)

    // The L2 constructs (ALB, ASG, RDS, EFS, Lambda) take an IVpc; this one describes the L1 resources above.
    // Only private subnets are listed: fromVpcAttributes wants one subnet per AZ per group, and the public group
    // has one. Resources that need the public subnet select it explicitly.
    this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Imported', {
      vpcId: vpc.ref,
      vpcCidrBlock: zone.cidr,
      availabilityZones: [azA, azB],
      privateSubnetIds: [privateA.ref, privateB.ref],
      privateSubnetRouteTableIds: [this.privateRouteTable.ref, this.privateRouteTable.ref],
      privateSubnetIpv4CidrBlocks: [...zone.privateSubnetCidrs],
    })
    this.publicSubnet = ec2.Subnet.fromSubnetAttributes(this, 'PublicSubnet', {
      subnetId: publicA.ref,
      availabilityZone: azA,
      ipv4CidrBlock: zone.publicSubnetCidr,
      routeTableId: this.publicRouteTable.ref,
    })
    this.privateSubnets = this.vpc.privateSubnets

    this.nat = new NatInstance(this, 'Nat', {
      name,
      zone,
      vpc: this.vpc,
      subnet: this.publicSubnet,
      instanceType: props.natInstanceType,
      ubuntuAmiParameter: props.ubuntuAmiParameter,
      roles: props.roles,
    })
    this.nat.node.addDependency(internetRoute)
    new ec2.CfnRoute(this, 'PrivateDefaultRoute', {
      routeTableId: this.privateRouteTable.ref,
      destinationCidrBlock: '0.0.0.0/0',
      instanceId: this.nat.instance.ref,
    })

    // Flow logs go to S3, which needs no IAM role (the CloudWatch Logs destination would create one).
    new ec2.FlowLog(this, 'FlowLog', {
      flowLogName: name(`flow-log-zone-${zone.zone}`),
      resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
      destination: ec2.FlowLogDestination.toS3(props.logBucket, 'vpc-flow-logs/'),
      trafficType: ec2.FlowLogTrafficType.ALL,
    })
  }
}
