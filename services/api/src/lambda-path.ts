import type { LambdaEvent } from 'hono/aws-lambda'

type PathParameters = Record<string, string | undefined> | null | undefined

/** Fills `/conversations/{uid}/{id}` from API Gateway's decoded path parameters; `{proxy+}` keeps its slashes. */
function fillTemplate(template: string, params: PathParameters): string | undefined {
  if (!params || !template.includes('{')) return undefined
  let complete = true
  const path = template.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    const value = params[name]
    if (value === undefined) complete = false
    return greedy ? (value ?? '') : encodeURIComponent(value ?? '')
  })
  return complete ? path : undefined
}

/**
 * Routes by the matched API Gateway route and its path parameters (as the reference Lambda read them) rather than
 * the raw path, which carries the stage name (HTTP API stages other than `$default`) or a custom domain's base path
 * (REST APIs). Events without a templated route pass through unchanged.
 */
export function normalizeEventPath<E extends LambdaEvent>(event: E): E {
  if ('resource' in event && typeof event.resource === 'string' && 'path' in event) {
    const path = fillTemplate(event.resource, event.pathParameters)
    return path ? { ...event, path } : event
  }
  if ('rawPath' in event && 'routeKey' in event && typeof event.routeKey === 'string') {
    const template = event.routeKey.split(' ')[1]
    const rawPath = template && fillTemplate(template, event.pathParameters)
    return rawPath ? { ...event, rawPath } : event
  }
  return event
}
