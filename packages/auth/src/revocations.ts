/**
 * The identity service's list of revoked sessions (`GET <issuer>/revocations` → `{"revoked": [origin_jti, …]}`),
 * cached here. A token whose `origin_jti` is on it belongs to a session that signed out, changed its password or
 * was deleted, and is refused although its signature and lifetime are fine. Plain fetch and no service runtime,
 * so that the web server's route handlers can use it too (`@parley/auth/revocations`).
 */
export type RevocationList = {
  /** Whether the session is revoked; throws RevocationListUnavailable when the list is too stale to trust. */
  isRevoked(sessionId: string | undefined): Promise<boolean>
}

export type RevocationListOptions = {
  url: string
  /** Refetch when the cached list is older than this (default 2 s): the delay before a revocation takes effect. */
  refreshMs?: number
  /** Past this age without a successful fetch the list is not trusted and verification fails (default 60 s). */
  maxStaleMs?: number
  timeoutMs?: number
}

export class RevocationListUnavailable extends Error {}

export function revocationList(opts: RevocationListOptions): RevocationList {
  const refreshMs = opts.refreshMs ?? 2_000
  const maxStaleMs = opts.maxStaleMs ?? 60_000
  let revoked = new Set<string>()
  let loadedAt = Number.NEGATIVE_INFINITY
  let inflight: Promise<void> | undefined

  async function load() {
    const res = await fetch(opts.url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 3_000) })
    if (!res.ok) throw new RevocationListUnavailable(`revocation list answered ${res.status}`)
    const body = (await res.json()) as { revoked?: unknown }
    if (!Array.isArray(body.revoked)) throw new RevocationListUnavailable('revocation list is malformed')
    revoked = new Set(body.revoked.filter((x): x is string => typeof x === 'string'))
    loadedAt = Date.now()
  }

  return {
    async isRevoked(sessionId) {
      if (Date.now() - loadedAt > refreshMs) {
        // One fetch at a time, however many requests arrive meanwhile; they all wait for it.
        inflight ??= load().finally(() => {
          inflight = undefined
        })
        try {
          await inflight
        } catch (err) {
          if (Date.now() - loadedAt > maxStaleMs)
            throw new RevocationListUnavailable(`cannot read the revocation list: ${(err as Error).message}`)
        }
      }
      return sessionId !== undefined && revoked.has(sessionId)
    },
  }
}
