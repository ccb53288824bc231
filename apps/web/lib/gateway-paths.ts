/**
 * Maps a BFF path (`/api/gw/<segments>`) to the gateway path it may reach. The learner's id is never taken
 * from the browser: `/conversations/...` always gets the session's `sub`, so a browser cannot name another user.
 * Anything not listed here is refused, so the BFF is not an open proxy.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/
const REGION = /^[a-z][a-z0-9-]{0,31}$/

type Route = { methods: string[]; match: (s: string[]) => boolean; to: (s: string[], sub: string) => string }

const enc = encodeURIComponent

const ROUTES: Route[] = [
  { methods: ['GET'], match: (s) => s.length === 1 && s[0] === 'regions', to: () => '/regions' },
  {
    methods: ['GET', 'POST', 'DELETE'],
    match: (s) => s.length === 1 && s[0] === 'conversations',
    to: (_s, sub) => `/conversations/${enc(sub)}`,
  },
  {
    methods: ['POST'],
    match: (s) => s.length === 2 && s[0] === 'conversations' && s[1] === 'search',
    to: (_s, sub) => `/conversations/${enc(sub)}/search`,
  },
  {
    methods: ['GET', 'PUT', 'DELETE'],
    match: (s) => s.length === 2 && s[0] === 'conversations',
    to: (s, sub) => `/conversations/${enc(sub)}/${enc(s[1]!)}`,
  },
  regionRoute(['POST'], ['tutor', 'chat']),
  // The server-side learner turn (stores, streams, gives feedback, scores): what the chat page uses.
  regionRoute(['POST'], ['tutor', 'turn']),
  regionRoute(['GET'], ['tutor', 'scenarios']),
  regionRoute(['POST'], ['feedback']),
  regionRoute(['POST'], ['score']),
  regionRoute(['POST'], ['scoring', 'embed']),
  regionRoute(['GET'], ['tags']),
  // Read-only model details: the app warns on the first screen when the tutor's model has random weights.
  regionRoute(['POST'], ['show']),
  regionRoute(['POST'], ['embed']),
  // The admin pages (the gateway answers 403 to anyone outside the admin group). Users by sub, models by name.
  { methods: ['GET'], match: (s) => s.length === 2 && s[0] === 'admin' && s[1] === 'users', to: () => '/admin/users' },
  {
    methods: ['POST'],
    match: (s) => s.length === 4 && isAdminUser(s) && ['confirm', 'disable', 'enable', 'admin'].includes(s[3]!),
    to: (s) => `/admin/users/${enc(s[2]!)}/${s[3]}`,
  },
  {
    methods: ['DELETE'],
    match: (s) => s.length === 4 && isAdminUser(s) && s[3] === 'admin',
    to: (s) => `/admin/users/${enc(s[2]!)}/admin`,
  },
  { methods: ['DELETE'], match: (s) => s.length === 3 && isAdminUser(s), to: (s) => `/admin/users/${enc(s[2]!)}` },
  {
    methods: ['GET'],
    match: (s) => s.length === 2 && s[0] === 'admin' && s[1] === 'regions',
    to: () => '/admin/regions',
  },
  {
    methods: ['GET'],
    match: (s) => s.length === 4 && isAdminRegion(s) && s[3] === 'models',
    to: (s) => `/admin/regions/${s[2]}/models`,
  },
  {
    methods: ['POST'],
    match: (s) => s.length === 5 && isAdminRegion(s) && s[3] === 'models' && s[4] === 'pull',
    to: (s) => `/admin/regions/${s[2]}/models/pull`,
  },
  {
    methods: ['DELETE'],
    match: (s) => s.length === 5 && isAdminRegion(s) && s[3] === 'models' && MODEL.test(s[4]!),
    to: (s) => `/admin/regions/${s[2]}/models/${enc(s[4]!)}`,
  },
]

const MODEL = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const isAdminUser = (s: string[]) => s[0] === 'admin' && s[1] === 'users' && UUID.test(s[2] ?? '')
const isAdminRegion = (s: string[]) => s[0] === 'admin' && s[1] === 'regions' && REGION.test(s[2] ?? '')

function regionRoute(methods: string[], rest: string[]): Route {
  return {
    methods,
    match: (s) => s.length === rest.length + 1 && isRegion(s[0]!) && rest.every((r, i) => s[i + 1] === r),
    to: (s) => `/${s.join('/')}`,
  }
}

const isRegion = (s: string) => REGION.test(s) && !['conversations', 'regions', 'admin'].includes(s)

export type GatewayTarget = { path: string; region?: string } | { error: 'not_found' | 'method_not_allowed' }

export function gatewayTarget(segments: string[], method: string, sub: string): GatewayTarget {
  // A model name (admin/regions/{r}/models/{name}) may hold a `:` tag; no other segment may.
  const segmentOk = (s: string, i: number) =>
    SEGMENT.test(s) || (i === 4 && segments[0] === 'admin' && segments[1] === 'regions' && MODEL.test(s))
  if (segments.length === 0 || !segments.every((s, i) => segmentOk(s, i) && s !== '.' && s !== '..'))
    return { error: 'not_found' }
  const matching = ROUTES.filter((r) => r.match(segments))
  if (matching.length === 0) return { error: 'not_found' }
  const route = matching.find((r) => r.methods.includes(method))
  if (!route) return { error: 'method_not_allowed' }
  const region = !['conversations', 'regions', 'admin'].includes(segments[0]!) ? segments[0] : undefined
  return { path: route.to(segments, sub), region }
}

/** Query parameters the conversation list understands; everything else is dropped. */
export function forwardedQuery(search: URLSearchParams): string {
  const kept = new URLSearchParams()
  for (const key of ['limit', 'cursor', 'q']) {
    const v = search.get(key)
    if (v !== null && v.length <= 200) kept.set(key, v)
  }
  const s = kept.toString()
  return s ? `?${s}` : ''
}
