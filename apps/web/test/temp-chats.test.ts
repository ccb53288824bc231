import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MemoryStore } from '../lib/server/ephemeral/memory-store'
import { RedisStore } from '../lib/server/ephemeral/redis-store'
import type { EphemeralStore } from '../lib/server/ephemeral/store'
import { HttpError } from '../lib/server/http'
import { getTempChat, putTempChat } from '../lib/server/temp-chats'

const ID = '0191d7a0-1c2b-7d3e-8f40-5a6b7c8d9e0f'
const DAY = 86_400_000
const body = { title: 'Temporary chat', conversation: [{ role: 'user' as const, content: 'Hello' }] }

describe('memory store with an injected clock', () => {
  test('values expire at their TTL and are swept from memory', async () => {
    let now = 1_000_000
    const store = new MemoryStore({ now: () => now, sweepMs: 0 })
    await store.set('a', '1', 1000)
    await store.set('b', '2', 5000)
    now += 999
    expect(await store.get('a')).toBe('1')
    now += 1
    expect(await store.get('a')).toBeUndefined()
    expect(store.size).toBe(1)
    now += 5000
    expect(store.sweep()).toBe(1)
    expect(store.size).toBe(0)
    await store.close()
  })

  test('past its cap, the entries closest to expiry go first', async () => {
    const store = new MemoryStore({ now: () => 0, maxEntries: 2, sweepMs: 0 })
    await store.set('soon', 'x', 10)
    await store.set('late', 'y', 1000)
    await store.set('new', 'z', 500)
    expect([await store.get('soon'), await store.get('late'), await store.get('new')]).toEqual([undefined, 'y', 'z'])
    await store.close()
  })
})

describe('temporary chats', () => {
  test('gone 24 hours after the start, however often they are written', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z')
    const store = new MemoryStore({ now: () => now, sweepMs: 0 })
    const first = await putTempChat(store, 'ana', ID, body, DAY, () => now)
    expect(first.expiresAt).toBe('2026-12-02T10:00:00.000Z')
    now += 23 * 3_600_000
    const later = await putTempChat(store, 'ana', ID, { ...body, title: 'Still here' }, DAY, () => now)
    expect(later.expiresAt).toBe(first.expiresAt)
    expect((await getTempChat(store, 'ana', ID)).title).toBe('Still here')
    // Another learner cannot see it.
    await expect(getTempChat(store, 'ben', ID)).rejects.toMatchObject({ status: 404 })
    now += 3_600_000
    await expect(getTempChat(store, 'ana', ID)).rejects.toBeInstanceOf(HttpError)
    expect(store.size).toBe(0)
    await store.close()
  })

  test('a malformed id is a 400', async () => {
    const store = new MemoryStore({ sweepMs: 0 })
    await expect(getTempChat(store, 'ana', '../x')).rejects.toMatchObject({ status: 400 })
    await store.close()
  })
})

// Redis is optional; its test runs only where a redis-server binary exists (on a unix socket: no fixed port).
const REDIS = spawnSync('sh', ['-c', 'command -v redis-server']).stdout.toString().trim()
if (!REDIS) console.log('temp-chats: redis-server not found, skipping the Redis store test')
describe.skipIf(!REDIS)('Redis store', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-redis-'))
  const socket = path.join(dir, 'redis.sock')
  let server: ReturnType<typeof spawn>
  let store: EphemeralStore
  beforeAll(async () => {
    server = spawn(REDIS, ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    })
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50))
    store = await RedisStore.connect(`unix://${socket}`)
  })
  afterAll(async () => {
    await store?.close()
    server?.kill()
  })

  test('Redis itself expires the value', async () => {
    await store.set('k', 'v', 150)
    expect(await store.get('k')).toBe('v')
    await new Promise((r) => setTimeout(r, 300))
    expect(await store.get('k')).toBeUndefined()
  })

  test('a temporary chat round-trips and is deleted', async () => {
    const chat = await putTempChat(store, 'ana', ID, body, DAY)
    expect((await getTempChat(store, 'ana', ID)).createdAt).toBe(chat.createdAt)
    await store.delete(`temp-chat:ana:${ID}`)
    await expect(getTempChat(store, 'ana', ID)).rejects.toMatchObject({ status: 404 })
  })
})
