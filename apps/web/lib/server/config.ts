import { parseWebEnv, type WebConfig } from './env'

const KEY = Symbol.for('parley.web.config')
type Holder = { [KEY]?: WebConfig }

/**
 * `startWeb` runs Next in the same process and hands its parsed config over here; route handlers live in Next's
 * bundles (separate module instances), so the hand-over goes through a well-known global symbol.
 * Without it (e.g. `next start`), the environment is parsed once.
 */
export function setWebConfig(config: WebConfig): void {
  ;(globalThis as Holder)[KEY] = config
}

export function webConfig(): WebConfig {
  const holder = globalThis as Holder
  holder[KEY] ??= parseWebEnv(process.env)
  return holder[KEY]
}
