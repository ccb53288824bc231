import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import type { Db } from './db.js'
import { openPg } from './pg.js'
import { openPgliteThread } from './pglite-thread-db.js'

/** The two database paths every repository test runs on. */
export type TestDbKind = 'pglite' | 'pg'
export const TEST_DB_KINDS: readonly TestDbKind[] = ['pglite', 'pg']

/** A throwaway database; `url` is set for the `pg` path so a child process can connect to it too. */
export type TestDb = Db & {
  url?: string
  /** Client connections the socket server accepted so far (`pg` path only), e.g. to see a pool being reused. */
  connectionsAccepted?: () => number
}

/**
 * Opens an empty in-memory database with pgvector:
 * - `pglite`: PGlite in its own worker thread (openPgliteThread), as `parley start` uses it;
 * - `pg`: the `pg` driver over the PostgreSQL wire protocol, served by @electric-sql/pglite-socket on 127.0.0.1.
 *   The socket server shares one backend session among its clients, so the pool holds one connection; the server
 *   admits a few more so that a service under test can open its own pool at `url`.
 */
export async function openTestDb(kind: TestDbKind): Promise<TestDb> {
  if (kind === 'pglite') return openPgliteThread('memory://')
  const pglite = await PGlite.create('memory://', { extensions: { vector } })
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS vector')
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 8 })
  let accepted = 0
  server.addEventListener('connection', () => accepted++)
  await server.start()
  const url = `postgres://postgres@${server.getServerConn()}/postgres`
  const pg = openPg({ connectionString: url, max: 1 })
  return {
    ...pg,
    url,
    connectionsAccepted: () => accepted,
    async close() {
      await pg.close()
      await server.stop()
      await pglite.close()
    },
  }
}
