import { type CfnCondition, CfnOutput, aws_ec2 as ec2 } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import type { ZoneConfig } from '../config.js'
import type { Namer } from '../naming.js'

/** Logical-id friendly form of a region: us-west-2 becomes UsWest2. */
export function regionKey(region: string): string {
  return region
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('')
}

export type PeeringRequestProps = {
  name: Namer
  vpcId: string
  routeTables: ec2.CfnRouteTable[]
  peer: ZoneConfig
  /** The peer VPC's id: an output of the peer region's stack, passed in as a stack parameter. */
  peerVpcId: string
  /** Whether the peer VPC id is known yet; until then nothing here is created. */
  when: CfnCondition
}

/**
 * The home zone's side of an inter-region peering: the connection (same account, so AWS accepts it) and a route
 * to the peer's CIDR, so that the peer's workers reach EFS (and RDS, for tools run on a worker) in the home zone.
 */
export class PeeringRequest extends Construct {
  readonly connection: ec2.CfnVPCPeeringConnection

  constructor(scope: Construct, id: string, props: PeeringRequestProps) {
    super(scope, id)
    this.connection = new ec2.CfnVPCPeeringConnection(this, 'Connection', {
      vpcId: props.vpcId,
      peerVpcId: props.peerVpcId,
      peerRegion: props.peer.region,
      tags: [{ key: 'Name', value: props.name(`peering-zone-${props.peer.zone}`) }],
    })
    this.connection.cfnOptions.condition = props.when
    props.routeTables.forEach((table, i) => {
      const route = new ec2.CfnRoute(this, `Route${i}`, {
        routeTableId: table.ref,
        destinationCidrBlock: props.peer.cidr,
        vpcPeeringConnectionId: this.connection.ref,
      })
      route.cfnOptions.condition = props.when
    })
    new CfnOutput(this, 'Id', {
      condition: props.when,
      key: `PeeringConnection${regionKey(props.peer.region)}`,
      value: this.connection.ref,
      description: `Peering connection to ${props.peer.region}: the PeeringConnectionId parameter of its stack`,
    })
  }
}

/** The peer zone's side: a route back to the home zone through the connection the home stack created. */
export class PeeringReturnRoute extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { routeTables: ec2.CfnRouteTable[]; home: ZoneConfig; peeringConnectionId: string; when: CfnCondition },
  ) {
    super(scope, id)
    props.routeTables.forEach((table, i) => {
      const route = new ec2.CfnRoute(this, `Route${i}`, {
        routeTableId: table.ref,
        destinationCidrBlock: props.home.cidr,
        vpcPeeringConnectionId: props.peeringConnectionId,
      })
      route.cfnOptions.condition = props.when
    })
  }
}
