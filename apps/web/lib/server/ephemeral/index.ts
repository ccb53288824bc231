import { webConfig } from '../config'
import { MemoryStore } from './memory-store'
import type { EphemeralStore } from './store'

const KEY = Symbol.for('parley.web.ephemeral')
type Holder = { [KEY]?: Promise<EphemeralStore> }

/**
 * The process's ephemeral store: Redis when `WEB_TEMP_REDIS_URL` is set, else in memory. One per process (held on a
 * global because Next's route bundles are separate module instances).
 */
export function ephemeralStore(): Promise<EphemeralStore> {
  const holder = globalThis as Holder
  holder[KEY] ??= (async () => {
    const url = webConfig().WEB_TEMP_REDIS_URL
    if (!url) return new MemoryStore()
    const { RedisStore } = await import('./redis-store')
    return RedisStore.connect(url)
  })()
  holder[KEY].catch(() => delete holder[KEY])
  return holder[KEY]
}
