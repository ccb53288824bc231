import { join } from 'node:path'
import {
  aws_apigatewayv2 as apigw,
  aws_apigatewayv2_authorizers as authorizers,
  type aws_cognito as cognito,
  Duration,
  type aws_ec2 as ec2,
  type aws_iam as iam,
  aws_apigatewayv2_integrations as integrations,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_lambda_nodejs as nodejs,
  RemovalPolicy,
  type aws_rds as rds,
  Stack,
} from 'aws-cdk-lib'
import { Construct } from 'constructs'
import { acknowledge } from '../nag.js'
import type { Namer } from '../naming.js'
import { accessLogFormat } from './access-log-format.js'
import { REPO_ROOT } from './worker-config.js'

const RUNTIMES = {
  '22': lambda.Runtime.NODEJS_22_X,
  '24': lambda.Runtime.NODEJS_24_X,
}

export type ConversationsApiProps = {
  name: Namer
  vpc: ec2.IVpc
  lambdaSecurityGroup: ec2.ISecurityGroup
  database: rds.DatabaseInstance
  databaseName: string
  userPool: cognito.UserPool
  userPoolClient: cognito.IUserPoolClient
  /** The existing LabRole; undefined lets CDK create the function's role (outside AWS Academy). */
  role: iam.IRole | undefined
  nodeVersion: '22' | '24'
  /** Entry of the handler, relative to the repository root. */
  entry: string
  logRetentionDays: number
}

/**
 * The seed's public API (`lks-api-gateway`): an HTTP API whose Cognito authorizer guards every route, sending
 * `/conversations/**` to the conversations Lambda (services/api, bundled with the local esbuild, no Docker). The
 * gateway on the edge is its client (the gateway's api upstream); only GET /healthz, which the gateway polls, is
 * open, and it reveals nothing.
 */
export class ConversationsApi extends Construct {
  readonly api: apigw.HttpApi
  readonly handler: nodejs.NodejsFunction

  constructor(scope: Construct, id: string, props: ConversationsApiProps) {
    super(scope, id)
    const { name, database } = props

    const functionLogs = new logs.LogGroup(this, 'FunctionLogs', {
      logGroupName: name('conversations-api-logs'),
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    // A CloudFormation dynamic reference: the password is resolved at deploy time and never appears in the
    // template. The generated password excludes URL-reserved characters (see Database), so it needs no escaping.
    const password = database.secret!.secretValueFromJson('password').unsafeUnwrap()
    const databaseUrl = `postgres://parley:${password}@${database.dbInstanceEndpointAddress}:${database.dbInstanceEndpointPort}/${props.databaseName}`

    this.handler = new nodejs.NodejsFunction(this, 'Handler', {
      functionName: name('conversations-api'),
      description: 'Parley conversations API (services/api): CRUD, search and progress on PostgreSQL with pgvector',
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      runtime: RUNTIMES[props.nodeVersion],
      architecture: lambda.Architecture.X86_64,
      memorySize: 512,
      timeout: Duration.seconds(29),
      vpc: props.vpc,
      vpcSubnets: { subnets: props.vpc.privateSubnets },
      securityGroups: [props.lambdaSecurityGroup],
      logGroup: functionLogs,
      ...(props.role ? { role: props.role } : {}),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: `node${props.nodeVersion}`,
        platform: 'node',
        minify: true,
        sourceMap: true,
        tsconfig: join(REPO_ROOT, 'services/api/tsconfig.json'),
        forceDockerBundling: false,
        // CommonJS dependencies (pg) call require(); an ESM bundle needs it defined.
        banner:
          "import { createRequire as parleyCreateRequire } from 'node:module';const require = parleyCreateRequire(import.meta.url);",
        mainFields: ['module', 'main'],
        // pg-native is pg's optional native driver, never loaded; the AWS SDK comes with the runtime.
        externalModules: ['@aws-sdk/*', 'pg-native'],
      },
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        DATABASE_URL: databaseUrl,
        DATABASE_SSL: 'require',
        DATABASE_POOL_MAX: '2',
        AUTH_ISSUER: props.userPool.userPoolProviderUrl,
        AUTH_CLIENT_IDS: props.userPoolClient.userPoolClientId,
        PARLEY_DATA_DIR: '/tmp/parley',
        LOG_LEVEL: 'info',
      },
    })

    if (props.nodeVersion !== '24') {
      acknowledge(this.handler, 'AwsSolutions-L1', `Node ${props.nodeVersion} as configured (lambdaNodeVersion).`)
    }
    if (!props.role) {
      for (const policy of ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole']) {
        acknowledge(
          this.handler,
          `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
          'The AWS managed policies a Lambda in a VPC needs for its logs and network interfaces.',
        )
      }
    }

    const authorizer = new authorizers.HttpUserPoolAuthorizer('Cognito', props.userPool, {
      authorizerName: name('cognito-authorizer'),
      userPoolClients: [props.userPoolClient],
    })
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: name('api-gateway'),
      description: 'Parley conversations API: /conversations to the Lambda, behind a Cognito authorizer',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    })
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: name('api-gateway-access'),
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs), format: accessLogFormat() },
    })

    const conversations = new integrations.HttpLambdaIntegration('Conversations', this.handler)
    for (const path of ['/conversations/{uid}', '/conversations/{uid}/{id}']) {
      this.api.addRoutes({
        path,
        methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST, apigw.HttpMethod.PUT, apigw.HttpMethod.DELETE],
        integration: conversations,
      })
    }
    // Search and progress live under the same prefix; the Lambda answers 404 for anything it does not know.
    this.api.addRoutes({ path: '/conversations/{proxy+}', methods: [apigw.HttpMethod.ANY], integration: conversations })

    // The gateway's health check carries no token; the Lambda answers it without reading anything.
    const [health] = this.api.addRoutes({
      path: '/healthz',
      methods: [apigw.HttpMethod.GET],
      integration: conversations,
      authorizer: new apigw.HttpNoneAuthorizer(),
    })
    acknowledge(
      health!,
      'AwsSolutions-APIG4',
      'GET /healthz is polled by the gateway without a token and answers only {"status":"ok"}.',
    )
  }

  get url(): string {
    return this.api.apiEndpoint
  }

  /** The API's host name, which the association passes (its document refuses the ':' of a URL). */
  get host(): string {
    const stack = Stack.of(this)
    return `${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`
  }
}
