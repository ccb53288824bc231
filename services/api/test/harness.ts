import { startTestIssuer, type TestIssuer } from '@parley/auth/testing'
import { loadConfig, type RunningService, silentLogger } from '@parley/core'
import { openTestDb, type TestDb, type TestDbKind } from '@parley/db/testing'
import { apiEnv, startApi } from '../src/index.js'

export const EMBED_DIM = 3
export const MAX_BODY_BYTES = 8192
export const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

export type Call = { status: number; body: Record<string, unknown>; headers: Headers }

/** A real API on 127.0.0.1:0 over a throwaway database of the given kind, with a local token issuer. */
export type Harness = {
  db: TestDb
  issuer: TestIssuer
  service: RunningService
  token(sub: string): Promise<string>
  /** Sends `body` as JSON (or as-is when a string) with `sub`'s token unless `auth` overrides the header. */
  call(method: string, path: string, opts?: { as?: string; body?: unknown; auth?: string | null }): Promise<Call>
  /** The whole conversations table, to show a refused request changed nothing. */
  snapshot(): Promise<unknown[]>
  close(): Promise<void>
}

/** `db` replaces the throwaway database of `kind` (the harness closes it). */
export async function startHarness(
  kind: TestDbKind,
  env: Record<string, string> = {},
  given?: TestDb,
): Promise<Harness> {
  const issuer = await startTestIssuer()
  const db = given ?? (await openTestDb(kind))
  const config = loadConfig(apiEnv, {
    AUTH_ISSUER: issuer.issuer,
    AUTH_CLIENT_IDS: issuer.clientId,
    EMBED_DIM: String(EMBED_DIM),
    API_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
    API_MAX_TITLE_CHARS: '50',
    API_MAX_MESSAGES: '20',
    ...env,
  })
  // A clock that ticks one second per write, so that "newest first" is deterministic.
  let clock = Date.UTC(2026, 0, 1)
  const service = await startApi(config, { db, log: silentLogger(), port: 0, now: () => (clock += 1000) })
  const tokens = new Map<string, string>()
  const token = async (sub: string) => {
    const cached = tokens.get(sub) ?? (await issuer.sign({ sub }))
    tokens.set(sub, cached)
    return cached
  }
  return {
    db,
    issuer,
    service,
    token,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = {}
      const auth = opts.auth === undefined ? `Bearer ${await token(opts.as ?? 'alice')}` : opts.auth
      if (auth !== null) headers.authorization = auth
      let body: string | undefined
      if (opts.body !== undefined) {
        headers['content-type'] = 'application/json'
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
      }
      const res = await fetch(`${service.url}${path}`, { method, headers, body })
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers }
    },
    snapshot: () =>
      db.query(
        'SELECT id, user_id, title, conversation, embedding::text, created_at, updated_at FROM conversations ORDER BY id',
      ),
    async close() {
      await service.close()
      await db.close()
      await issuer.close()
    },
  }
}
