import {
  aws_autoscaling as autoscaling,
  Duration,
  aws_ec2 as ec2,
  aws_elasticloadbalancingv2 as elbv2,
  type aws_iam as iam,
  type aws_s3 as s3,
  Tags,
} from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'
import { instanceTemplate } from './managed-instance.js'
import { WORKER_ROLE_TAG } from './worker-fleet.js'

/** The edge's two services, side by side on each instance (the web app calls the gateway on loopback). */
export const EDGE_PORTS = { gateway: 8080, web: 3000 } as const

/**
 * The paths the edge load balancer sends to the gateway: what the local gateway serves (route-table.test.ts
 * compares them with its routes). Everything else is the web app's.
 */
export function gatewayPathPatterns(regions: readonly string[]): string[] {
  return ['/regions', '/conversations', '/conversations/*', '/admin', '/admin/*', ...regions.map((r) => `/${r}/*`)]
}

export type EdgeFleetProps = {
  name: Namer
  vpc: ec2.IVpc
  regions: readonly string[]
  instanceType: string
  ubuntuAmiParameter: string
  capacity: { min: number; desired: number; max: number }
  instanceProfile: iam.IInstanceProfile
  /** CloudFront's origin-facing prefix list: the only source of the load balancer. */
  cloudFrontPrefixList: string
  logBucket: s3.IBucket
}

/**
 * The public side of Parley, in the home region: an Auto Scaling group of instances running the gateway and the
 * web app (configured by Ansible, role `edge`), behind an internal ALB that CloudFront reaches through a VPC
 * origin. Gateway paths go to the gateway, everything else to the web app; /metrics is never served.
 */
export class EdgeFleet extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer
  readonly group: autoscaling.AutoScalingGroup
  readonly securityGroup: ec2.SecurityGroup
  readonly targetGroups: Record<keyof typeof EDGE_PORTS, elbv2.ApplicationTargetGroup>

  constructor(scope: Construct, id: string, props: EdgeFleetProps) {
    super(scope, id)
    const { name, vpc } = props
    const privateSubnets = { subnets: vpc.privateSubnets }

    const lbGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      securityGroupName: name('sg-edge-lb'),
      description: 'Edge load balancer: port 80 only from CloudFront (its origin-facing prefix list)',
      allowAllOutbound: false,
    })
    lbGroup.addIngressRule(ec2.Peer.prefixList(props.cloudFrontPrefixList), ec2.Port.tcp(80), 'HTTP from CloudFront')
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      securityGroupName: name('sg-edge'),
      description: 'Edge instances (gateway, web app): their ports only from the edge load balancer; no SSH',
      // The gateway calls each region's load balancer, the API and Cognito; packages come through the NAT.
      allowAllOutbound: true,
    })
    for (const [service, port] of Object.entries(EDGE_PORTS)) {
      this.securityGroup.addIngressRule(lbGroup, ec2.Port.tcp(port), `${service} from the edge load balancer`)
      lbGroup.addEgressRule(this.securityGroup, ec2.Port.tcp(port), `To the ${service}`)
    }

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      loadBalancerName: name('lb-edge'),
      internetFacing: false,
      vpcSubnets: privateSubnets,
      securityGroup: lbGroup,
      dropInvalidHeaderFields: true,
      // Tutor streams stay open while a CPU generates; CloudFront's own limit is the tighter one.
      idleTimeout: Duration.seconds(300),
    })
    this.loadBalancer.logAccessLogs(props.logBucket, 'alb')

    const launchTemplate = instanceTemplate(this, 'LaunchTemplate', {
      launchTemplateName: name('lt-edge'),
      instanceType: props.instanceType,
      ubuntuAmiParameter: props.ubuntuAmiParameter,
      securityGroup: this.securityGroup,
      instanceProfile: props.instanceProfile,
    })
    this.group = new autoscaling.AutoScalingGroup(this, 'Group', {
      vpc,
      vpcSubnets: privateSubnets,
      autoScalingGroupName: name('asg-edge'),
      launchTemplate,
      minCapacity: props.capacity.min,
      desiredCapacity: props.capacity.desired,
      maxCapacity: props.capacity.max,
      // Ansible installs Node, the release and builds the web app before the first health check can pass.
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: Duration.minutes(20),
      }),
    })
    Tags.of(this.group).add(WORKER_ROLE_TAG, 'edge', { applyToLaunchedInstances: true })
    Tags.of(this.group).add('Name', name('edge'), { applyToLaunchedInstances: true })
    acknowledge(
      this.group,
      'Annotation::@aws-cdk/aws-autoscaling:desiredCapacitySet',
      'The counts are configuration (edge.desired); a deploy resetting to them is intended.',
    )
    acknowledge(
      this.group,
      'AwsSolutions-AS3',
      'Scaling events need no notification; the edge alarms report what matters.',
    )
    this.group.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70 })

    const target = (service: keyof typeof EDGE_PORTS, healthPath: string) =>
      new elbv2.ApplicationTargetGroup(this, `${service === 'web' ? 'Web' : 'Gateway'}Targets`, {
        vpc,
        targetGroupName: name(`tg-edge-${service}`),
        port: EDGE_PORTS[service],
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.INSTANCE,
        targets: [this.group],
        deregistrationDelay: Duration.seconds(30),
        healthCheck: { path: healthPath, healthyHttpCodes: '200', interval: Duration.seconds(15) },
      })
    this.targetGroups = { gateway: target('gateway', '/healthz'), web: target('web', '/sign-in') }

    const listener = this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultTargetGroups: [this.targetGroups.web],
    })
    // The gateway's metrics stay private (the CloudWatch agent scrapes them on the instance).
    listener.addAction('NoMetrics', {
      priority: 1,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/metrics', '/metrics/*'])],
      action: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
    })
    const patterns = gatewayPathPatterns(props.regions)
    for (let i = 0; i < patterns.length; i += 5) {
      listener.addTargetGroups(`Gateway${i / 5}`, {
        priority: 10 + i / 5,
        conditions: [elbv2.ListenerCondition.pathPatterns(patterns.slice(i, i + 5))],
        targetGroups: [this.targetGroups.gateway],
      })
    }
  }
}
