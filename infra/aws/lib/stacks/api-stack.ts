import { CfnOutput, type aws_ec2 as ec2, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { homeZone, type ParleyConfig } from '../config.js'
import { ApiAlarms } from '../constructs/api-alarms.js'
import { ConversationsApi } from '../constructs/conversations-api.js'
import { Dashboard } from '../constructs/dashboard.js'
import type { Database } from '../constructs/database.js'
import type { UserPool } from '../constructs/user-pool.js'
import { WebApp } from '../constructs/web-app.js'
import { existingRoles } from '../existing-roles.js'
import { namer, tagComponent } from '../naming.js'
import { stackSynthesizer } from '../synthesizer.js'

export type ApiStackProps = StackProps & {
  config: ParleyConfig
  vpc: ec2.IVpc
  database: Database
  userPool: UserPool
  /** Each region's authenticated entry URL (same-region ones by reference, others from the wiring). */
  regionalApiUrls: Record<string, string>
}

/** The global edge, in the home region: the public API, the conversations Lambda, the web app, the dashboard. */
export class ApiStack extends Stack {
  readonly api: ConversationsApi
  private readonly zoneAzs: string[]

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    const { config } = props
    const home = homeZone(config)
    super(scope, id, {
      ...props,
      synthesizer: stackSynthesizer(config),
      env: { account: config.account, region: home.region },
      description: 'Parley edge: public API Gateway with Cognito, conversations Lambda, Amplify web app, dashboard',
    })
    this.zoneAzs = [...home.availabilityZones]
    const name = namer(config.prefix)
    const roles = existingRoles(this, config)

    this.api = new ConversationsApi(this, 'ConversationsApi', {
      name,
      vpc: props.vpc,
      lambdaSecurityGroup: props.database.clientSecurityGroup,
      database: props.database.instance,
      databaseName: config.database.databaseName,
      userPool: props.userPool.pool,
      userPoolClient: props.userPool.client,
      role: roles?.role,
      entry: config.apiLambdaEntry,
      nodeVersion: config.lambdaNodeVersion,
      regionalApiUrls: props.regionalApiUrls,
      logRetentionDays: config.logRetentionDays,
    })
    tagComponent(this.api, 'api')

    const web = new WebApp(this, 'Web', {
      name,
      region: home.region,
      gatewayUrl: this.api.url,
      userPoolClientId: props.userPool.client.userPoolClientId,
      repository: config.webRepository,
    })
    tagComponent(web, 'web')

    const dashboard = new Dashboard(this, 'Dashboard', {
      name,
      zones: config.zones,
      handler: this.api.handler,
      database: props.database.instance,
    })
    tagComponent(dashboard, 'monitoring')
    const alarms = new ApiAlarms(this, 'Alarms', { name, handler: this.api.handler, database: props.database.instance })
    tagComponent(alarms, 'monitoring')

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Public API (WEB_GATEWAY_URL of the web app)' })
  }

  override get availabilityZones(): string[] {
    return this.zoneAzs
  }
}
