import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startTestIssuer, type TestIssuer } from '@parley/auth/testing'
import { openTestDb, type TestDb } from '@parley/db/testing'
import { build } from 'esbuild'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { httpApiEvent } from './lambda-events.js'

// AWS runs a single bundled file with no source tree beside it, so anything read from disk at run time (such as
// migration files) would be missing there. This bundles the handler as infra/aws does and runs it from a bare folder.
const outDir = mkdtempSync(join(tmpdir(), 'parley-lambda-bundle-'))
let issuer: TestIssuer
let db: TestDb
const savedEnv = { ...process.env }

beforeAll(async () => {
  issuer = await startTestIssuer()
  db = await openTestDb('pg')
})
afterAll(async () => {
  process.env = savedEnv
  await db.close()
  await issuer.close()
  rmSync(outDir, { recursive: true, force: true })
})

test('the esbuild bundle of the handler migrates an empty database and answers an event', async () => {
  const outfile = join(outDir, 'index.mjs')
  await build({
    entryPoints: [new URL('../src/lambda.ts', import.meta.url).pathname],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    external: ['pg-native', '@aws-sdk/*'],
    banner: { js: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
  })
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    DATABASE_POOL_MAX: '1',
    AUTH_ISSUER: issuer.issuer,
    AUTH_CLIENT_IDS: issuer.clientId,
    LOG_LEVEL: 'silent',
  })
  const { handler } = (await import(pathToFileURL(outfile).href)) as {
    handler: (event: object) => Promise<{ statusCode: number; body: string }>
  }
  const res = await handler(
    httpApiEvent({
      method: 'GET',
      routeKey: 'GET /conversations/{uid}',
      path: '/conversations/alice',
      pathParameters: { uid: 'alice' },
      token: await issuer.sign({ sub: 'alice' }),
    }),
  )
  expect({ status: res.statusCode, body: JSON.parse(res.body) }).toEqual({
    status: 200,
    body: { status: 'success', data: [] },
  })
  expect(await db.query('SELECT id FROM schema_migrations ORDER BY id')).toEqual([
    { id: 'conversations/0001_conversations' },
    { id: 'conversations/0002_key_per_user' },
    { id: 'conversations/0003_usage' },
  ])
})
