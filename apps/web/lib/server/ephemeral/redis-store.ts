import type { Redis } from 'ioredis'
import type { EphemeralStore } from './store'

/**
 * Redis store for deployments with several web instances: every instance sees the same temporary chats, and Redis
 * itself expires them (SET … PX), so nothing outlives its TTL even if every instance is down. ioredis is loaded only
 * when a Redis URL is configured.
 */
export class RedisStore implements EphemeralStore {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, prefix = 'parley:'): Promise<RedisStore> {
    const { Redis } = await import('ioredis')
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false })
    await redis.connect()
    return new RedisStore(redis, prefix)
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return this.delete(key)
    await this.redis.set(this.prefix + key, value, 'PX', Math.ceil(ttlMs))
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key)
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect())
  }
}
