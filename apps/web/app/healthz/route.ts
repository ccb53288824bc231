// Liveness for container health checks and load balancers, as every Parley service has: no session, no upstream call.
export const dynamic = 'force-dynamic'

export function GET(): Response {
  return Response.json({ status: 'ok', service: 'web' })
}
