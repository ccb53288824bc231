import type { EnvShape, RunningService } from '@parley/core'

/** What the embedded stack needs of apps/web; its server module is typed here to keep Next's types out of tsc -b. */
type WebModule = {
  webEnv: EnvShape
  startWeb(config: unknown, opts?: { log?: (line: string) => void }): Promise<RunningService>
}

const WEB_MODULE = '@parley/web'

/** Loads the web app's server entry on demand (it pulls in Next.js, which tests of other services never need). */
export async function loadWeb(): Promise<WebModule> {
  return (await import(WEB_MODULE)) as WebModule
}
