import { aws_cloudwatch as cw, Duration, aws_elasticloadbalancingv2 as elbv2 } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { WORKER_ROLES, type WorkerRole } from '../config.js'
import type { Namer } from '../naming.js'
import { WORKER_METRICS_NAMESPACE } from './worker-config.js'

export type RegionalAlarmsProps = {
  name: Namer
  zone: string
  loadBalancer: elbv2.ApplicationLoadBalancer
  targetGroups: Record<WorkerRole, elbv2.ApplicationTargetGroup>
}

/**
 * Alarms that matter for a zone (alarms cannot watch another region, so each zone has its own): 5xx from the
 * load balancer or the workers, a role with no healthy worker, and an LLM queue that keeps growing.
 */
export class RegionalAlarms extends Construct {
  readonly alarms: cw.Alarm[] = []

  constructor(scope: Construct, id: string, props: RegionalAlarmsProps) {
    super(scope, id)
    const { name, zone, loadBalancer } = props
    const fiveMinutes = Duration.minutes(5)

    const errors = new cw.MathExpression({
      expression: 'FILL(elb, 0) + FILL(target, 0)',
      usingMetrics: {
        elb: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: fiveMinutes }),
        target: loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: fiveMinutes }),
      },
      label: '5xx responses',
      period: fiveMinutes,
    })
    this.add('Errors5xx', {
      alarmName: name(`alarm-5xx-zone-${zone}`),
      alarmDescription: `Zone ${zone}: more than 10 5xx responses in 5 minutes from the load balancer or workers`,
      metric: errors,
      threshold: 10,
      evaluationPeriods: 1,
    })

    for (const role of WORKER_ROLES) {
      this.add(`NoHealthy${role}`, {
        alarmName: name(`alarm-no-healthy-${role}-zone-${zone}`),
        alarmDescription: `Zone ${zone}: no healthy ${role} worker behind the load balancer for 3 minutes`,
        metric: props.targetGroups[role].metrics.healthyHostCount({
          period: Duration.minutes(1),
          statistic: 'Minimum',
        }),
        threshold: 1,
        comparisonOperator: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cw.TreatMissingData.BREACHING,
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
  }

  private add(id: string, props: Omit<cw.AlarmProps, 'comparisonOperator'> & Partial<cw.AlarmProps>): void {
    this.alarms.push(
      new cw.Alarm(this, id, {
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
        ...props,
      }),
    )
  }
}
