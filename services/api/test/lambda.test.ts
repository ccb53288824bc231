import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestIssuer, type TestIssuer } from '@parley/auth/testing'
import { openTestDb, type TestDb, type TestDbKind } from '@parley/db/testing'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { uuid } from './harness.js'
import { httpApiEvent, restEvent } from './lambda-events.js'

type Result = { statusCode: number; body: string; headers?: Record<string, string>; multiValueHeaders?: object }
type Handler = (event: object, context?: object) => Promise<Result>

const ID = uuid(7)
const parse = (r: Result) => ({ status: r.statusCode, body: JSON.parse(r.body) as Record<string, unknown> })

// The handler reads its configuration from process.env on the first call, as on AWS; each kind gets a fresh module.
describe.each<TestDbKind>(['pg', 'pglite'])('Lambda handler with %s', (kind) => {
  let issuer: TestIssuer
  let db: TestDb | undefined
  let dataDir: string | undefined
  let handler: Handler
  let token: string
  const savedEnv = { ...process.env }

  beforeAll(async () => {
    issuer = await startTestIssuer()
    token = await issuer.sign({ sub: 'alice' })
    const env: Record<string, string> = {
      AUTH_ISSUER: issuer.issuer,
      AUTH_CLIENT_IDS: issuer.clientId,
      EMBED_DIM: '3',
      LOG_LEVEL: 'silent',
    }
    if (kind === 'pg') {
      db = await openTestDb('pg')
      Object.assign(env, { DATABASE_URL: db.url, DATABASE_POOL_MAX: '1' })
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'parley-lambda-'))
      Object.assign(env, { PARLEY_DATA_DIR: dataDir })
      delete process.env.DATABASE_URL
    }
    Object.assign(process.env, env)
    vi.resetModules()
    handler = (await import('../src/lambda.js')).handler as unknown as Handler
  })
  afterAll(async () => {
    process.env = savedEnv
    await db?.close()
    await issuer.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  test('REST API (v1) events: create, list, get by pathParameters', async () => {
    const created = await handler(
      restEvent({
        method: 'POST',
        resource: '/conversations/{uid}',
        path: '/conversations/alice',
        pathParameters: { uid: 'alice' },
        token,
        body: { id: ID, title: 'From Lambda', conversation: [{ role: 'user', content: 'hi' }] },
      }),
    )
    expect(parse(created)).toMatchObject({ status: 201, body: { status: 'success', data: { id: ID } } })
    // A v1 event is answered in v1 shape, with multi-value headers.
    expect(created.multiValueHeaders).toHaveProperty('content-type')

    const list = await handler(
      restEvent({
        method: 'GET',
        resource: '/conversations/{uid}',
        path: '/conversations/alice',
        pathParameters: { uid: 'alice' },
        query: { limit: '5' },
        token,
      }),
    )
    expect(parse(list).body.data).toMatchObject([{ id: ID, title: 'From Lambda' }])

    // Behind a custom domain's base path the raw path has a prefix; the route and its parameters still match.
    const got = await handler(
      restEvent({
        method: 'GET',
        resource: '/conversations/{uid}/{id}',
        path: `/conversations/alice/${ID}`,
        basePath: '/v1',
        pathParameters: { uid: 'alice', id: ID },
        token,
      }),
    )
    expect(parse(got)).toMatchObject({ status: 200, body: { data: { id: ID, user_id: 'alice' } } })
  })

  test('REST API (v1): a base64-encoded body, and a foreign uid is 403', async () => {
    const put = await handler(
      restEvent({
        method: 'PUT',
        resource: '/conversations/{uid}/{id}',
        path: `/conversations/alice/${ID}`,
        pathParameters: { uid: 'alice', id: ID },
        token,
        body: { title: 'Base64 title' },
        base64: true,
      }),
    )
    expect(parse(put)).toMatchObject({ status: 200, body: { data: { title: 'Base64 title' } } })
    const foreign = await handler(
      restEvent({
        method: 'GET',
        resource: '/conversations/{uid}',
        path: '/conversations/bob',
        pathParameters: { uid: 'bob' },
        token,
      }),
    )
    expect(parse(foreign)).toMatchObject({ status: 403, body: { status: 'error' } })
  })

  test('HTTP API (v2) events, on $default and on a named stage', async () => {
    const got = await handler(
      httpApiEvent({
        method: 'GET',
        routeKey: 'GET /conversations/{uid}/{id}',
        path: `/conversations/alice/${ID}`,
        pathParameters: { uid: 'alice', id: ID },
        token,
      }),
    )
    expect(parse(got)).toMatchObject({ status: 200, body: { data: { title: 'Base64 title' } } })
    expect(got.headers?.['content-type']).toMatch(/application\/json/)

    const search = await handler(
      httpApiEvent({
        method: 'POST',
        routeKey: 'POST /conversations/{uid}/search',
        path: '/conversations/alice/search',
        pathParameters: { uid: 'alice' },
        stage: 'prod',
        token,
        body: { embedding: [1, 0, 0] },
      }),
    )
    expect(parse(search)).toMatchObject({ status: 200, body: { status: 'success', data: [] } })

    // A catch-all `$default` route has no template: the raw path is used as is.
    const all = await handler(
      httpApiEvent({ method: 'DELETE', routeKey: '$default', path: '/conversations/alice', token }),
    )
    expect(parse(all)).toMatchObject({ status: 200, body: { data: { deleted: 1 } } })
  })

  test('HTTP API (v2): GET /healthz answers without a token once the database is open', async () => {
    const res = await handler(httpApiEvent({ method: 'GET', routeKey: 'GET /healthz', path: '/healthz' }))
    expect(parse(res)).toEqual({ status: 200, body: { status: 'ok' } })
  })

  test('HTTP API (v2): no token is 401, malformed JSON is 400', async () => {
    const anonymous = await handler(
      httpApiEvent({
        method: 'GET',
        routeKey: 'GET /conversations/{uid}',
        path: '/conversations/alice',
        pathParameters: { uid: 'alice' },
      }),
    )
    expect(parse(anonymous)).toMatchObject({ status: 401, body: { status: 'error' } })
    const malformed = await handler(
      httpApiEvent({
        method: 'POST',
        routeKey: 'POST /conversations/{uid}',
        path: '/conversations/alice',
        pathParameters: { uid: 'alice' },
        token,
        body: '{"id":',
      }),
    )
    expect(parse(malformed)).toMatchObject({ status: 400, body: { status: 'error' } })
  })

  // Only the pg path has a pool whose connections the socket server can count.
  if (kind === 'pg')
    test('the pool is reused across invocations', async () => {
      const before = db!.connectionsAccepted!()
      const event = httpApiEvent({
        method: 'GET',
        routeKey: 'GET /conversations/{uid}',
        path: '/conversations/alice',
        pathParameters: { uid: 'alice' },
        token,
      })
      for (let i = 0; i < 5; i++) expect((await handler(event)).statusCode).toBe(200)
      expect(db!.connectionsAccepted!()).toBe(before)
    })
})
