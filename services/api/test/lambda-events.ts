/** Sample API Gateway events of both shapes, as AWS documents them, trimmed to the fields a proxy integration sets. */

type Request = { method: string; path: string; token?: string; body?: unknown; query?: Record<string, string> }

/** REST API (payload 1.0) with the seed's resources `/conversations/{uid}` and `/conversations/{uid}/{id}`. */
export function restEvent(
  req: Request & { resource: string; pathParameters: Record<string, string>; base64?: boolean; basePath?: string },
) {
  const headers: Record<string, string> = { Host: 'abc123.execute-api.us-east-1.amazonaws.com' }
  if (req.token) headers.Authorization = `Bearer ${req.token}`
  if (req.body !== undefined) headers['Content-Type'] = 'application/json'
  const body = req.body === undefined ? null : JSON.stringify(req.body)
  return {
    resource: req.resource,
    path: `${req.basePath ?? ''}${req.path}`,
    httpMethod: req.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: req.query ?? null,
    multiValueQueryStringParameters: req.query
      ? Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters: req.pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      httpMethod: req.method,
      path: `/prod${req.path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1_700_000_000_000,
      resourceId: 'r1',
      resourcePath: req.resource,
      stage: 'prod',
      identity: { sourceIp: '203.0.113.7', userAgent: 'vitest' },
    },
    body: body && req.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: Boolean(body && req.base64),
  }
}

/** HTTP API (payload 2.0); `stage` other than `$default` shows up in rawPath, as it does on AWS. */
export function httpApiEvent(
  req: Request & { routeKey: string; pathParameters?: Record<string, string>; stage?: string },
) {
  const headers: Record<string, string> = { host: 'xyz789.execute-api.us-east-1.amazonaws.com' }
  if (req.token) headers.authorization = `Bearer ${req.token}`
  if (req.body !== undefined) headers['content-type'] = 'application/json'
  const stage = req.stage ?? '$default'
  const rawPath = stage === '$default' ? req.path : `/${stage}${req.path}`
  return {
    version: '2.0',
    routeKey: req.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(req.query ?? {}).toString(),
    headers,
    ...(req.query && { queryStringParameters: req.query }),
    ...(req.pathParameters && { pathParameters: req.pathParameters }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'xyz789',
      domainName: 'xyz789.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'xyz789',
      http: { method: req.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: req.routeKey,
      stage,
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1_767_225_600_000,
    },
    ...(req.body !== undefined && { body: typeof req.body === 'string' ? req.body : JSON.stringify(req.body) }),
    isBase64Encoded: false,
  }
}
