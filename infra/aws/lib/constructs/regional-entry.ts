import {
  aws_apigatewayv2 as apigw,
  aws_apigatewayv2_authorizers as authorizers,
  type aws_ec2 as ec2,
  type aws_elasticloadbalancingv2 as elbv2,
  aws_apigatewayv2_integrations as integrations,
  aws_logs as logs,
  RemovalPolicy,
} from 'aws-cdk-lib'
import { Construct } from 'constructs'
import type { Namer } from '../naming.js'
import { accessLogFormat } from './access-log-format.js'

/** The Ollama API names the public `/{region}/<name>` paths use; each maps to the worker's `/api/<name>`. */
export const OLLAMA_PATHS = ['tags', 'embed', 'embeddings', 'chat', 'generate', 'show', 'ps', 'pull'] as const

export type CognitoAuth = { issuer: string; audience: string[] }

export type RegionalEntryProps = {
  name: Namer
  zone: string
  vpc: ec2.IVpc
  vpcLinkSecurityGroup: ec2.ISecurityGroup
  listener: elbv2.IApplicationListener
  auth: CognitoAuth
  logRetentionDays: number
}

/**
 * The way into a zone's internal load balancer: an HTTP API with a VPC link, guarded by the Cognito user pool's
 * JWT authorizer. The public API in the home region proxies `/{region}/…` here; the ALB stays private.
 */
export class RegionalEntry extends Construct {
  readonly api: apigw.HttpApi

  constructor(scope: Construct, id: string, props: RegionalEntryProps) {
    super(scope, id)
    const { name } = props

    const vpcLink = new apigw.VpcLink(this, 'VpcLink', {
      vpc: props.vpc,
      vpcLinkName: name(`vpclink-zone-${props.zone}`),
      securityGroups: [props.vpcLinkSecurityGroup],
    })
    const authorizer = new authorizers.HttpJwtAuthorizer('Cognito', props.auth.issuer, {
      authorizerName: name('cognito-authorizer'),
      jwtAudience: props.auth.audience,
    })

    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: name(`api-zone-${props.zone}`),
      description: `Parley zone ${props.zone}: authenticated entry to the worker load balancer`,
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    })
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: name(`api-zone-${props.zone}-access`),
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: accessLogFormat(),
      },
    })

    // `/{name}` of the Ollama API becomes the worker's `/api/{name}`; anything else passes through unchanged
    // (the chat and scoring workers' own paths, and native `/api/...` calls).
    for (const path of OLLAMA_PATHS) {
      this.api.addRoutes({
        path: `/${path}`,
        methods: [apigw.HttpMethod.ANY],
        integration: new integrations.HttpAlbIntegration(`Ollama-${path}`, props.listener, {
          vpcLink,
          parameterMapping: new apigw.ParameterMapping().overwritePath(apigw.MappingValue.custom(`/api/${path}`)),
        }),
      })
    }
    this.api.addRoutes({
      path: '/{proxy+}',
      methods: [apigw.HttpMethod.ANY],
      integration: new integrations.HttpAlbIntegration('Passthrough', props.listener, { vpcLink }),
    })
  }

  get url(): string {
    return this.api.apiEndpoint
  }
}
