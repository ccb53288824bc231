import {
  aws_cloudwatch as cw,
  aws_cloudwatch_actions as cwActions,
  Duration,
  aws_elasticloadbalancingv2 as elbv2,
  aws_events as events,
  type aws_sns as sns,
  aws_events_targets as targets,
} from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { WORKER_ROLES } from '../config.js'
import type { Namer } from '../naming.js'
import { WORKER_METRICS_NAMESPACE } from './worker-config.js'
import type { WorkerFleet } from './worker-fleet.js'

export type RegionalAlarmsProps = {
  name: Namer
  zone: string
  topic: sns.ITopic
  fleet: WorkerFleet
  natInstanceId: string
  /** The EFS model store, in the home zone only. */
  fileSystemId?: string
}

const fiveMinutes = Duration.minutes(5)

/**
 * Alarms that matter for a zone (alarms cannot watch another region, so each zone has its own), each sending to the
 * zone's alarm topic: 5xx from the load balancer or the workers, a role with no healthy worker, an LLM queue that
 * keeps growing, the NAT instance failing its status checks (it is then recovered), t2 CPU credits running out,
 * the EFS burst credits running out, and any failed Ansible association run.
 */
export class RegionalAlarms extends Construct {
  readonly alarms: cw.Alarm[] = []
  private readonly action: cwActions.SnsAction

  constructor(scope: Construct, id: string, props: RegionalAlarmsProps) {
    super(scope, id)
    const { name, zone, fleet } = props
    this.action = new cwActions.SnsAction(props.topic)
    const loadBalancer = fleet.loadBalancer

    this.add('Errors5xx', {
      alarmName: name(`alarm-5xx-zone-${zone}`),
      alarmDescription: `Zone ${zone}: more than 10 5xx responses in 5 minutes from the load balancer or workers`,
      metric: new cw.MathExpression({
        expression: 'FILL(elb, 0) + FILL(target, 0)',
        usingMetrics: {
          elb: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: fiveMinutes }),
          target: loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: fiveMinutes }),
        },
        label: '5xx responses',
        period: fiveMinutes,
      }),
      threshold: 10,
      evaluationPeriods: 1,
    })

    for (const role of WORKER_ROLES) {
      this.add(`NoHealthy${role}`, {
        alarmName: name(`alarm-no-healthy-${role}-zone-${zone}`),
        alarmDescription: `Zone ${zone}: no healthy ${role} worker behind the load balancer for 3 minutes`,
        metric: fleet.targetGroups[role].metrics.healthyHostCount({
          period: Duration.minutes(1),
          statistic: 'Minimum',
        }),
        threshold: 1,
        comparisonOperator: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cw.TreatMissingData.BREACHING,
      })
      // t2 instances slow to a crawl when their CPU credits run out; generation is CPU-bound.
      this.add(`CpuCredits${role}`, {
        alarmName: name(`alarm-cpu-credits-${role}-zone-${zone}`),
        alarmDescription: `Zone ${zone}: a ${role} worker has under 20 CPU credits left (t2 throttles at 0)`,
        metric: new cw.Metric({
          namespace: 'AWS/EC2',
          metricName: 'CPUCreditBalance',
          dimensionsMap: { AutoScalingGroupName: fleet.groups[role].autoScalingGroupName },
          statistic: 'Minimum',
          period: fiveMinutes,
        }),
        threshold: 20,
        comparisonOperator: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 2,
      })
    }

    this.add('LlmQueue', {
      alarmName: name(`alarm-llm-queue-zone-${zone}`),
      alarmDescription: `Zone ${zone}: LLM workers have kept more than 8 requests queued for 10 minutes`,
      metric: new cw.Metric({
        namespace: WORKER_METRICS_NAMESPACE,
        metricName: 'llm_queue_depth',
        dimensionsMap: { service: 'llm-worker' },
        statistic: 'Maximum',
        period: fiveMinutes,
      }),
      threshold: 8,
      evaluationPeriods: 2,
    })

    // The private subnets lose the internet with the NAT instance; EC2 recovers it onto healthy hardware.
    const nat = this.add('NatStatus', {
      alarmName: name(`alarm-nat-status-zone-${zone}`),
      alarmDescription: `Zone ${zone}: the NAT instance fails its status checks (EC2 recovers it)`,
      metric: new cw.Metric({
        namespace: 'AWS/EC2',
        metricName: 'StatusCheckFailed_System',
        dimensionsMap: { InstanceId: props.natInstanceId },
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      threshold: 0,
      evaluationPeriods: 2,
    })
    nat.addAlarmAction(new cwActions.Ec2Action(cwActions.Ec2InstanceAction.RECOVER))

    if (props.fileSystemId) {
      this.add('EfsBurstCredits', {
        alarmName: name('alarm-efs-burst-credits'),
        alarmDescription: 'EFS model store: burst credits under 100 GiB-worth; reads of models slow to the baseline',
        metric: new cw.Metric({
          namespace: 'AWS/EFS',
          metricName: 'BurstCreditBalance',
          dimensionsMap: { FileSystemId: props.fileSystemId },
          statistic: 'Minimum',
          period: fiveMinutes,
        }),
        threshold: 100 * 1024 ** 3,
        comparisonOperator: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 2,
      })
    }

    // Association compliance has no CloudWatch metric: State Manager reports each run as an event instead.
    new events.Rule(this, 'AssociationFailed', {
      ruleName: name(`alarm-association-failed-zone-${zone}`),
      description: `Zone ${zone}: an Ansible association run failed on an instance`,
      eventPattern: {
        source: ['aws.ssm'],
        detailType: ['EC2 State Manager Instance Association State Change'],
        // The region's only associations running this document are the zone's Ansible ones.
        detail: { 'document-name': ['AWS-ApplyAnsiblePlaybooks'], status: ['Failed'] },
      },
      targets: [new targets.SnsTopic(props.topic)],
    })
  }

  private add(id: string, props: Omit<cw.AlarmProps, 'comparisonOperator'> & Partial<cw.AlarmProps>): cw.Alarm {
    const alarm = new cw.Alarm(this, id, {
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      ...props,
    })
    alarm.addAlarmAction(this.action)
    alarm.addOkAction(this.action)
    this.alarms.push(alarm)
    return alarm
  }
}
