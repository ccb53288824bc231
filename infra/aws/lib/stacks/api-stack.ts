import {
  CfnOutput,
  aws_ec2 as ec2,
  Fn,
  aws_iam as iam,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_s3 as s3,
  aws_secretsmanager as secrets,
} from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { homeZone, otherZones, type ParleyConfig } from '../config.js'
import { AlarmTopic } from '../constructs/alarm-topic.js'
import { ApiAlarms } from '../constructs/api-alarms.js'
import { ConversationsApi } from '../constructs/conversations-api.js'
import { Dashboard } from '../constructs/dashboard.js'
import type { Database } from '../constructs/database.js'
import { EdgeDistribution } from '../constructs/edge-distribution.js'
import { EdgeFleet, gatewayPathPatterns } from '../constructs/edge-fleet.js'
import { managedInstanceRole } from '../constructs/managed-instance.js'
import type { UserPool } from '../constructs/user-pool.js'
import { regionKey } from '../constructs/vpc-peering.js'
import { WorkerConfig } from '../constructs/worker-config.js'
import { laterValue } from '../deploy-parameter.js'
import { existingRoles } from '../existing-roles.js'
import { acknowledge } from '../nag.js'
import { namer, tagComponent } from '../naming.js'
import { stackSynthesizer } from '../synthesizer.js'

export type ApiStackProps = StackProps & {
  config: ParleyConfig
  vpc: ec2.IVpc
  database: Database
  userPool: UserPool
  /** The home zone's worker load balancer and its security group (the gateway is one of its sources). */
  homeLoadBalancerDns: string
  homeLoadBalancerSecurityGroup: ec2.ISecurityGroup
  logBucketName: string
}

/**
 * The edge, in the home region: the seed's public API Gateway with the conversations Lambda, and the public entry
 * of the app: CloudFront → internal edge ALB → instances running the gateway (every path the local gateway serves,
 * with streaming) and the web app (Next.js, configured at run time by Ansible). Dashboard and API alarms.
 */
export class ApiStack extends Stack {
  readonly api: ConversationsApi
  readonly edge: EdgeFleet
  readonly distribution: EdgeDistribution
  private readonly zoneAzs: string[]

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    const { config } = props
    const home = homeZone(config)
    super(scope, id, {
      ...props,
      synthesizer: stackSynthesizer(config),
      env: { account: config.account, region: home.region },
      description:
        'Parley edge: CloudFront, the gateway and web app, API Gateway with Cognito and the conversations Lambda, dashboard',
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
      logRetentionDays: config.logRetentionDays,
    })
    tagComponent(this.api, 'api')

    const regions = config.zones.map((z) => z.region)
    const instanceProfile = roles?.instanceProfile ?? this.ownInstanceProfile(name('web-session-secret'))
    this.edge = new EdgeFleet(this, 'Edge', {
      name,
      vpc: props.vpc,
      regions,
      instanceType: config.edgeInstanceType,
      ubuntuAmiParameter: config.ubuntuAmiParameter,
      capacity: config.edge,
      instanceProfile,
      cloudFrontPrefixList: config.cloudFrontPrefixLists[home.region]!,
      // The home zone's log bucket (same region); its policy already admits ALB log delivery under alb/.
      logBucket: s3.Bucket.fromBucketName(this, 'LogBucket', props.logBucketName),
    })
    tagComponent(this.edge, 'edge')
    // The gateway calls the home zone's worker load balancer (other zones admit the home VPC's CIDR).
    new ec2.CfnSecurityGroupIngress(this, 'GatewayToHomeLoadBalancer', {
      groupId: props.homeLoadBalancerSecurityGroup.securityGroupId,
      sourceSecurityGroupId: this.edge.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 80,
      toPort: 80,
      description: 'HTTP from the gateway on the edge instances',
    })

    this.distribution = new EdgeDistribution(this, 'Distribution', {
      name,
      loadBalancer: this.edge.loadBalancer,
      gatewayPaths: gatewayPathPatterns(regions),
    })
    tagComponent(this.distribution, 'edge')

    // The session cookie's key must be the same on every web instance, so it cannot be generated per process.
    const sessionSecret = new secrets.Secret(this, 'SessionSecret', {
      secretName: name('web-session-secret'),
      description: 'Key material of the Parley web session cookie',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    })
    tagComponent(sessionSecret, 'web')
    acknowledge(
      sessionSecret,
      'AwsSolutions-SMG4',
      'Rotating the cookie key signs every learner out; rotation would also need a Lambda role AWS Academy forbids.',
    )

    // Other regions' load balancers cannot be referenced across regions: stack parameters, filled by deploy.sh.
    const regionHosts = [Fn.join('', [`${home.region}/`, props.homeLoadBalancerDns])]
    const peerHosts = otherZones(config, home.region).map((peer) =>
      laterValue(
        this,
        `PeerLoadBalancerDns${regionKey(peer.region)}`,
        `Worker load balancer of zone ${peer.zone} (output LoadBalancerDns of its stack)`,
        '[a-z0-9.-]+\\.elb\\.amazonaws\\.com',
      ),
    )
    const regionLbHosts = Fn.join('', [
      ...regionHosts,
      ...peerHosts.map((h, i) =>
        Fn.conditionIf(
          h.known.logicalId,
          Fn.join('', [`,${otherZones(config, home.region)[i]!.region}/`, h.value]),
          '',
        ).toString(),
      ),
    ])
    const edgeConfig = new WorkerConfig(this, 'EdgeConfig', {
      name,
      roles: ['edge'],
      region: home.region,
      logGroupName: name('edge'),
      suffix: 'edge',
      vars: {
        user_pool_id: props.userPool.pool.userPoolId,
        user_pool_client_id: props.userPool.client.userPoolClientId,
        api_host: this.api.host,
        region_lb_hosts: regionLbHosts,
        session_secret_id: name('web-session-secret'),
      },
      logRetentionDays: config.logRetentionDays,
      ...(roles ? {} : { ownWorkerRole: this.ownRole }),
    })
    edgeConfig.node.addDependency(sessionSecret)
    tagComponent(edgeConfig, 'worker-config')

    const alarmTopic = new AlarmTopic(this, 'AlarmTopic', { name, suffix: '' })
    tagComponent(alarmTopic, 'monitoring')
    const dashboard = new Dashboard(this, 'Dashboard', {
      name,
      zones: config.zones,
      handler: this.api.handler,
      database: props.database.instance,
    })
    tagComponent(dashboard, 'monitoring')
    const alarms = new ApiAlarms(this, 'Alarms', {
      name,
      topic: alarmTopic.topic,
      handler: this.api.handler,
      api: this.api.api,
      database: props.database.instance,
      edgeTargets: this.edge.targetGroups,
    })
    tagComponent(alarms, 'monitoring')

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Conversations API (API Gateway, Cognito JWT)' })
    new CfnOutput(this, 'ApiHost', {
      value: this.api.host,
      description:
        'Host of the conversations API: the ApiHost parameter of the zone stacks (chat workers save turns there)',
    })
  }

  private ownRole: iam.Role | undefined

  /** Outside AWS Academy (useExistingRoles false): SSM, the CloudWatch agent, and reading the session secret. */
  private ownInstanceProfile(sessionSecretName: string): iam.IInstanceProfile {
    const role = managedInstanceRole(this, 'EdgeRole', 'Parley edge: SSM, the CloudWatch agent, the web session secret')
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [
          `arn:${this.partition}:secretsmanager:${this.region}:${this.account}:secret:${sessionSecretName}-*`,
        ],
      }),
    )
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${this.region}:${this.account}:secret:${sessionSecretName}-*]`,
      'Secrets Manager appends a random suffix to the ARN; the wildcard covers only that suffix of the one secret.',
    )
    this.ownRole = role
    return new iam.InstanceProfile(this, 'EdgeProfile', { role })
  }

  override get availabilityZones(): string[] {
    return this.zoneAzs
  }
}
