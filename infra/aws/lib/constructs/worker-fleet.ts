import {
  aws_autoscaling as autoscaling,
  Duration,
  aws_ec2 as ec2,
  aws_elasticloadbalancingv2 as elbv2,
  aws_iam as iam,
  type aws_s3 as s3,
  Tags,
} from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { type ParleyConfig, WORKER_PORTS, WORKER_ROLES, type WorkerRole, type ZoneConfig } from '../config.js'
import type { ExistingRoles } from '../existing-roles.js'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'
import { grantBedrockInvoke } from './bedrock-access.js'
import { instanceTemplate, managedInstanceRole } from './managed-instance.js'

export type WorkerFleetProps = {
  name: Namer
  zone: ZoneConfig
  config: ParleyConfig
  vpc: ec2.IVpc
  lbSecurityGroup: ec2.ISecurityGroup
  workerSecurityGroup: ec2.ISecurityGroup
  roles: ExistingRoles | undefined
  logBucket: s3.IBucket
  /** The group sizes to deploy with, given the configured ones; a peer zone keeps them at 0 until it is peered. */
  startWhen?: (count: number) => string
}

/** Tag the SSM association targets: each worker's role (llm, chat or scoring). */
export const WORKER_ROLE_TAG = 'parley-role'

/**
 * The workers of one zone: an Auto Scaling group per role on Ubuntu t2.large in the private subnets, and one
 * internal ALB on port 80 that sends each role's paths to its target group, health-checked on /healthz.
 * The instances get no user data: Ansible (through SSM) configures them.
 */
export class WorkerFleet extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer
  readonly listener: elbv2.ApplicationListener
  readonly targetGroups: Record<WorkerRole, elbv2.ApplicationTargetGroup>
  readonly groups: Record<WorkerRole, autoscaling.AutoScalingGroup>
  /** The role made for the workers when `useExistingRoles` is off; undefined under AWS Academy. */
  ownRole: iam.IRole | undefined

  constructor(scope: Construct, id: string, props: WorkerFleetProps) {
    super(scope, id)
    const { name, zone, config, vpc } = props
    const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      loadBalancerName: name(`lb-zone-${zone.zone}`),
      internetFacing: false,
      vpcSubnets: privateSubnets,
      securityGroup: props.lbSecurityGroup,
      dropInvalidHeaderFields: true,
      // Token streams stay open while the model generates; the default 60 s would cut long answers.
      idleTimeout: Duration.seconds(300),
    })
    this.loadBalancer.logAccessLogs(props.logBucket, 'alb')

    const profile = props.roles?.instanceProfile ?? this.ownInstanceProfile(config)
    const launchTemplate = instanceTemplate(this, 'LaunchTemplate', {
      launchTemplateName: name(`lt-worker-zone-${zone.zone}`),
      instanceType: config.workerInstanceType,
      ubuntuAmiParameter: config.ubuntuAmiParameter,
      securityGroup: props.workerSecurityGroup,
      instanceProfile: profile,
    })

    const groups = {} as Record<WorkerRole, autoscaling.AutoScalingGroup>
    const targetGroups = {} as Record<WorkerRole, elbv2.ApplicationTargetGroup>
    for (const role of WORKER_ROLES) {
      const capacity = config.workers[role]
      const group = new autoscaling.AutoScalingGroup(this, `${capitalise(role)}Workers`, {
        vpc,
        vpcSubnets: privateSubnets,
        autoScalingGroupName: name(`asg-${role}-zone-${zone.zone}`),
        launchTemplate,
        minCapacity: capacity.min,
        desiredCapacity: capacity.desired,
        maxCapacity: capacity.max,
        // Ansible installs Node, the release and the model store before the first health check can pass.
        healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
          additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
          gracePeriod: Duration.minutes(20),
        }),
      })
      Tags.of(group).add(WORKER_ROLE_TAG, role, { applyToLaunchedInstances: true })
      Tags.of(group).add('Name', name(`${role}-worker-zone-${zone.zone}`), {
        applyToLaunchedInstances: true,
      })
      acknowledge(
        group,
        'Annotation::@aws-cdk/aws-autoscaling:desiredCapacitySet',
        'The counts are configuration (workers.<role>.desired); a deploy resetting to them is intended.',
      )
      acknowledge(
        group,
        'AwsSolutions-AS3',
        'Scaling events need no notification; the zone alarms (no healthy worker, 5xx, queue depth) report what matters.',
      )
      group.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70 })
      if (props.startWhen) {
        const cfn = group.node.defaultChild as autoscaling.CfnAutoScalingGroup
        cfn.minSize = props.startWhen(capacity.min)
        cfn.desiredCapacity = props.startWhen(capacity.desired)
      }

      const targetGroup = new elbv2.ApplicationTargetGroup(this, `${capitalise(role)}Targets`, {
        vpc,
        targetGroupName: name(`tg-${role}-${zone.zone}`),
        port: WORKER_PORTS[role],
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.INSTANCE,
        targets: [group],
        deregistrationDelay: Duration.seconds(30),
        healthCheck: {
          path: '/healthz',
          healthyHttpCodes: '200',
          interval: Duration.seconds(15),
          timeout: Duration.seconds(5),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 3,
        },
      })
      groups[role] = group
      targetGroups[role] = targetGroup
    }
    this.groups = groups
    this.targetGroups = targetGroups

    // open: false, or CDK would add a 0.0.0.0/0 rule to sg-lb.
    this.listener = this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultTargetGroups: [targetGroups.llm],
    })
    let priority = 10
    for (const role of ['chat', 'scoring'] as const) {
      this.listener.addTargetGroups(`${capitalise(role)}Paths`, {
        priority,
        conditions: [elbv2.ListenerCondition.pathPatterns(config.workerPaths[role])],
        targetGroups: [targetGroups[role]],
      })
      priority += 10
    }
  }

  /**
   * Outside AWS Academy (useExistingRoles false): a least-privilege profile for SSM and the CloudWatch agent, plus
   * Bedrock Runtime on the configured models when `bedrock.enabled`.
   */
  private ownInstanceProfile(config: ParleyConfig): iam.IInstanceProfile {
    const role = managedInstanceRole(this, 'WorkerRole', 'Parley workers: SSM management and the CloudWatch agent')
    this.ownRole = role
    if (config.bedrock.enabled) grantBedrockInvoke(role, config.bedrock.modelIds)
    return new iam.InstanceProfile(this, 'WorkerProfile', { role })
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
