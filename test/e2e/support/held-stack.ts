import { silentLogger } from '@parley/core'
import { type RunningStack, startStack } from '../../../apps/cli/src/stack.js'
import { turnHoldingProxy } from './turn-holding-proxy.js'

export type TurnProxy = Awaited<ReturnType<typeof turnHoldingProxy>>

/**
 * The embedded stack with a turn-holding proxy between its web server and its gateway, so a suite can hold a turn's
 * stream after a chosen event; `close` stops both.
 */
export async function startStackWithTurnProxy(
  env: NodeJS.ProcessEnv,
): Promise<{ stack: RunningStack; proxy: TurnProxy; close(): Promise<void> }> {
  let proxy: TurnProxy | undefined
  const stack = await startStack({
    env,
    log: silentLogger(),
    webGateway: async (gateway) => {
      proxy = await turnHoldingProxy(gateway)
      return proxy.url
    },
  })
  if (!proxy) throw new Error('the stack started without asking for its web gateway')
  const held = proxy
  return {
    stack,
    proxy: held,
    close: async () => {
      await stack.close()
      await held.close()
    },
  }
}
