import { aws_cloudwatch as cw, Duration, type aws_lambda as lambda, type aws_rds as rds } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import type { Namer } from '../naming.js'

/** Alarms of the home region's API and database: Lambda errors, a saturated database. */
export class ApiAlarms extends Construct {
  readonly alarms: cw.Alarm[]

  constructor(
    scope: Construct,
    id: string,
    props: { name: Namer; handler: lambda.IFunction; database: rds.IDatabaseInstance },
  ) {
    super(scope, id)
    const { name } = props
    const period = Duration.minutes(5)
    this.alarms = [
      new cw.Alarm(this, 'LambdaErrors', {
        alarmName: name('alarm-api-errors'),
        alarmDescription: 'Conversations Lambda: more than 5 errors in 5 minutes',
        metric: props.handler.metricErrors({ period }),
        threshold: 5,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
      new cw.Alarm(this, 'DatabaseCpu', {
        alarmName: name('alarm-rds-cpu'),
        alarmDescription: 'PostgreSQL: CPU above 80 % for 15 minutes',
        metric: props.database.metricCPUUtilization({ period }),
        threshold: 80,
        evaluationPeriods: 3,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      }),
      new cw.Alarm(this, 'DatabaseConnections', {
        alarmName: name('alarm-rds-connections'),
        alarmDescription: 'PostgreSQL: more than 60 connections (t3.micro allows about 80) for 10 minutes',
        metric: props.database.metricDatabaseConnections({ period }),
        threshold: 60,
        evaluationPeriods: 2,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      }),
    ]
  }
}
