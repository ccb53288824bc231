import {
  type aws_apigatewayv2 as apigw,
  aws_cloudwatch as cw,
  aws_cloudwatch_actions as cwActions,
  Duration,
  type aws_elasticloadbalancingv2 as elbv2,
  type aws_lambda as lambda,
  type aws_rds as rds,
  type aws_sns as sns,
} from 'aws-cdk-lib'
import { Construct } from 'constructs'
import type { Namer } from '../naming.js'

export type ApiAlarmsProps = {
  name: Namer
  topic: sns.ITopic
  handler: lambda.IFunction
  api: apigw.HttpApi
  database: rds.IDatabaseInstance
  edgeTargets: Record<string, elbv2.ApplicationTargetGroup>
}

const period = Duration.minutes(5)

/**
 * Alarms of the home region's API, edge and database, each sending to the alarm topic: Lambda errors, API 5xx and
 * latency, an edge service with no healthy instance, and a database short of CPU, connections, storage or memory.
 */
export class ApiAlarms extends Construct {
  readonly alarms: cw.Alarm[] = []

  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id)
    const { name, api, database } = props
    const action = new cwActions.SnsAction(props.topic)
    const add = (alarmId: string, alarmProps: cw.AlarmProps) => {
      const alarm = new cw.Alarm(this, alarmId, { treatMissingData: cw.TreatMissingData.NOT_BREACHING, ...alarmProps })
      alarm.addAlarmAction(action)
      alarm.addOkAction(action)
      this.alarms.push(alarm)
    }
    const above = cw.ComparisonOperator.GREATER_THAN_THRESHOLD
    const below = cw.ComparisonOperator.LESS_THAN_THRESHOLD

    add('LambdaErrors', {
      alarmName: name('alarm-api-errors'),
      alarmDescription: 'Conversations Lambda: more than 5 errors in 5 minutes',
      metric: props.handler.metricErrors({ period }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: above,
    })
    add('Api5xx', {
      alarmName: name('alarm-api-5xx'),
      alarmDescription: 'Conversations API: more than 5 5xx responses in 5 minutes',
      metric: api.metricServerError({ period, statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: above,
    })
    add('ApiLatency', {
      alarmName: name('alarm-api-latency'),
      alarmDescription: 'Conversations API: p95 latency above 3 s for 15 minutes',
      metric: api.metricLatency({ period, statistic: 'p95' }),
      threshold: 3000,
      evaluationPeriods: 3,
      comparisonOperator: above,
    })
    for (const [service, targets] of Object.entries(props.edgeTargets)) {
      add(`NoHealthy${service}`, {
        alarmName: name(`alarm-no-healthy-edge-${service}`),
        alarmDescription: `Edge: no healthy ${service} instance behind the edge load balancer for 3 minutes`,
        metric: targets.metrics.healthyHostCount({ period: Duration.minutes(1), statistic: 'Minimum' }),
        threshold: 1,
        evaluationPeriods: 3,
        comparisonOperator: below,
        treatMissingData: cw.TreatMissingData.BREACHING,
      })
    }
    add('DatabaseCpu', {
      alarmName: name('alarm-rds-cpu'),
      alarmDescription: 'PostgreSQL: CPU above 80 % for 15 minutes',
      metric: database.metricCPUUtilization({ period }),
      threshold: 80,
      evaluationPeriods: 3,
      comparisonOperator: above,
    })
    add('DatabaseConnections', {
      alarmName: name('alarm-rds-connections'),
      alarmDescription: 'PostgreSQL: more than 60 connections (t3.micro allows about 80) for 10 minutes',
      metric: database.metricDatabaseConnections({ period }),
      threshold: 60,
      evaluationPeriods: 2,
      comparisonOperator: above,
    })
    add('DatabaseStorage', {
      alarmName: name('alarm-rds-storage'),
      alarmDescription: 'PostgreSQL: under 2 GiB of free storage',
      metric: database.metricFreeStorageSpace({ period }),
      threshold: 2 * 1024 ** 3,
      evaluationPeriods: 1,
      comparisonOperator: below,
    })
    add('DatabaseMemory', {
      alarmName: name('alarm-rds-memory'),
      alarmDescription: 'PostgreSQL: under 64 MiB of freeable memory for 15 minutes',
      metric: database.metricFreeableMemory({ period }),
      threshold: 64 * 1024 ** 2,
      evaluationPeriods: 3,
      comparisonOperator: below,
    })
  }
}
