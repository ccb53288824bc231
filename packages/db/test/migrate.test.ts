import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Db, loadMigrations, migrate, openPglite } from '../src/index.js'

let db: Db
const dir = mkdtempSync(join(tmpdir(), 'parley-migrations-'))
writeFileSync(join(dir, '0001_things.sql'), 'CREATE TABLE things (id int PRIMARY KEY, v vector({{DIM}}));')
writeFileSync(join(dir, '0002_more.sql'), '-- a comment; with a semicolon\nALTER TABLE things ADD COLUMN name text;')
writeFileSync(join(dir, 'README.md'), 'not a migration')

beforeAll(async () => {
  db = await openPglite('memory://')
})
afterAll(async () => db.close())

test('migrations apply once, in order, namespaced, with placeholders filled', async () => {
  const migrations = loadMigrations(dir, 'demo')
  expect(migrations.map((m) => m.id)).toEqual(['demo/0001_things', 'demo/0002_more'])
  expect(await migrate(db, migrations, { DIM: 3 })).toEqual(['demo/0001_things', 'demo/0002_more'])
  expect(await migrate(db, migrations, { DIM: 3 })).toEqual([])
  await db.query("INSERT INTO things (id, v, name) VALUES (1, '[1,2,3]', 'a')")
  expect(await db.query('SELECT name FROM things')).toEqual([{ name: 'a' }])
})

test('a migration missing a placeholder value fails before touching the schema', async () => {
  await expect(migrate(db, [{ id: 'demo/0003_x', sql: 'CREATE TABLE x (v vector({{NOPE}}))' }])).rejects.toThrow(/NOPE/)
  expect(await db.query("SELECT to_regclass('x') AS t")).toEqual([{ t: null }])
})

test('a failing transaction rolls back', async () => {
  await expect(
    db.transaction(async (tx) => {
      await tx.query("INSERT INTO things (id, name) VALUES (2, 'b')")
      throw new Error('abort')
    }),
  ).rejects.toThrow('abort')
  expect(await db.query('SELECT count(*)::int AS n FROM things')).toEqual([{ n: 1 }])
})
