import { aws_apigateway as restapi } from 'aws-cdk-lib'

/** One JSON line per request: enough to trace a call from the client through to the worker. */
export function accessLogFormat(): restapi.AccessLogFormat {
  return restapi.AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      time: '$context.requestTime',
      method: '$context.httpMethod',
      path: '$context.path',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
      integrationStatus: '$context.integrationStatus',
      integrationError: '$context.integrationErrorMessage',
      sub: '$context.authorizer.claims.sub',
    }),
  )
}
