import { aws_ec2 as ec2 } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { WORKER_PORTS, WORKER_ROLES } from '../config.js'
import type { Namer } from '../naming.js'

export type SecurityGroupsProps = {
  name: Namer
  vpc: ec2.IVpc
  /** CIDRs allowed to reach the load balancer on port 80: the other zones' VPCs plus the configured list. */
  lbAllowedCidrs: string[]
}

/**
 * The worker-side groups of a zone, exactly as the seed asks:
 * - `sg-lb`: port 80 only, from the workers, the other zones' VPCs (the gateway runs in the home zone's VPC, and
 *   the edge stack admits it by its group) and the configured CIDRs;
 * - `sg-llm`: the worker ports (11434, 11435, 11436) only from `sg-lb`.
 * Nothing here accepts 0.0.0.0/0: the load balancer is internal.
 */
export class SecurityGroups extends Construct {
  readonly lb: ec2.SecurityGroup
  readonly workers: ec2.SecurityGroup

  constructor(scope: Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id)
    const { name, vpc } = props

    this.lb = new ec2.SecurityGroup(this, 'LoadBalancer', {
      vpc,
      securityGroupName: name('sg-lb'),
      description: 'Internal load balancer of the workers: port 80 only, from the configured sources',
      allowAllOutbound: false,
    })
    this.workers = new ec2.SecurityGroup(this, 'Workers', {
      vpc,
      securityGroupName: name('sg-llm'),
      description: 'LLM, chat and scoring workers: their ports only from the load balancer; no SSH',
      // Workers fetch packages, models and the release through the NAT instance, and mount EFS.
      allowAllOutbound: true,
    })

    const http = ec2.Port.tcp(80)
    // Chat and scoring workers call the LLM pool through the load balancer.
    this.lb.addIngressRule(this.workers, http, 'HTTP from the workers (chat and scoring call the LLM pool)')
    for (const cidr of props.lbAllowedCidrs) {
      this.lb.addIngressRule(ec2.Peer.ipv4(cidr), http, `HTTP from ${cidr} (peered zone or configured source)`)
    }

    for (const role of WORKER_ROLES) {
      const port = ec2.Port.tcp(WORKER_PORTS[role])
      this.lb.addEgressRule(this.workers, port, `To the ${role} workers`)
      this.workers.addIngressRule(this.lb, port, `${role} worker port from the load balancer only`)
    }
  }
}
