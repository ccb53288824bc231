import { aws_cloudwatch as cw, Duration, type aws_lambda as lambda, type aws_rds as rds } from 'aws-cdk-lib'
import { Construct } from 'constructs'
import type { ZoneConfig } from '../config.js'
import type { Namer } from '../naming.js'
import { WORKER_METRICS_NAMESPACE } from './worker-config.js'

export type DashboardProps = {
  name: Namer
  zones: ZoneConfig[]
  handler: lambda.IFunction
  database: rds.IDatabaseInstance
}

const period = Duration.minutes(1)

/**
 * One dashboard for the whole deployment, a row per region. Load balancer names carry a random suffix and live in
 * other regions' stacks, so their metrics are found by CloudWatch SEARCH on the prefixed name in that region.
 */
export class Dashboard extends Construct {
  readonly dashboard: cw.Dashboard

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id)
    const { name } = props
    this.dashboard = new cw.Dashboard(this, 'Dashboard', {
      dashboardName: name('dashboard'),
      defaultInterval: Duration.hours(3),
    })

    for (const zone of props.zones) {
      const lb = name(`lb-zone-${zone.zone}`)
      const search = (dims: string, metric: string, stat: string, label: string) =>
        new cw.MathExpression({
          expression: `SEARCH('{${dims}} MetricName="${metric}" "${lb}"', '${stat}', 60)`,
          searchRegion: zone.region,
          label,
          period,
        })
      const workers = (metric: string, stat: string, label: string) =>
        new cw.MathExpression({
          expression: `SEARCH('{${WORKER_METRICS_NAMESPACE},service} MetricName="${metric}"', '${stat}', 60)`,
          searchRegion: zone.region,
          label,
          period,
        })
      this.dashboard.addWidgets(
        new cw.TextWidget({ markdown: `## ${zone.region} (zone ${zone.zone})`, width: 24, height: 1 }),
        new cw.GraphWidget({
          title: `${zone.region}: ALB requests and 5xx`,
          region: zone.region,
          left: [search('AWS/ApplicationELB,LoadBalancer', 'RequestCount', 'Sum', 'requests')],
          right: [
            search('AWS/ApplicationELB,LoadBalancer', 'HTTPCode_ELB_5XX_Count', 'Sum', 'ALB 5xx'),
            search('AWS/ApplicationELB,LoadBalancer', 'HTTPCode_Target_5XX_Count', 'Sum', 'worker 5xx'),
          ],
          width: 6,
        }),
        new cw.GraphWidget({
          title: `${zone.region}: ALB latency (p95)`,
          region: zone.region,
          left: [search('AWS/ApplicationELB,LoadBalancer', 'TargetResponseTime', 'p95', 'p95 seconds')],
          width: 6,
        }),
        new cw.GraphWidget({
          title: `${zone.region}: healthy workers`,
          region: zone.region,
          left: [search('AWS/ApplicationELB,LoadBalancer,TargetGroup', 'HealthyHostCount', 'Minimum', 'healthy')],
          width: 6,
        }),
        // Gauges only: the CloudWatch agent's Prometheus pipeline on EC2 drops histograms (such as the time to
        // first token), so a panel on one would stay empty (aws-rules.test.ts checks every metric's type).
        new cw.GraphWidget({
          title: `${zone.region}: LLM workers`,
          region: zone.region,
          left: [workers('llm_tokens_per_second', 'Average', 'tokens/s')],
          right: [
            workers('llm_queue_depth', 'Maximum', 'queue depth'),
            workers('llm_active_sequences', 'Maximum', 'active sequences'),
          ],
          width: 6,
        }),
      )
    }

    this.dashboard.addWidgets(
      new cw.TextWidget({ markdown: '## Conversations API and database', width: 24, height: 1 }),
      new cw.GraphWidget({
        title: 'Lambda errors and duration',
        left: [props.handler.metricErrors({ period }), props.handler.metricThrottles({ period })],
        right: [props.handler.metricDuration({ period, statistic: 'p95' })],
        width: 12,
      }),
      new cw.GraphWidget({
        title: 'RDS CPU and connections',
        left: [props.database.metricCPUUtilization({ period })],
        right: [props.database.metricDatabaseConnections({ period })],
        width: 12,
      }),
    )
  }
}
