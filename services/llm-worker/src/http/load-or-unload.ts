import type { LlmWorkerDeps } from '../deps.js'
import { parseKeepAlive } from '../runtime/durations.js'
import { ns } from './run-generation.js'

/**
 * Ollama's convention: a chat or generate request with nothing to say loads the model (done_reason "load"), or
 * unloads it when keep_alive is 0 (done_reason "unload").
 */
export async function loadOrUnload(
  deps: LlmWorkerDeps,
  body: { model: string; keep_alive?: string | number; options?: { num_ctx?: number } },
  shape: (model: string) => Record<string, unknown>,
) {
  const keepAliveMs = body.keep_alive === undefined ? undefined : parseKeepAlive(body.keep_alive)
  const created_at = new Date().toISOString()
  if (keepAliveMs === 0) {
    await deps.store.resolve(body.model) // 404 for an unknown model, as Ollama answers
    await deps.scheduler.unload(body.model)
    return { ...shape(body.model), created_at, done: true, done_reason: 'unload' }
  }
  const started = performance.now()
  const { model, loadMs } = await deps.scheduler.preload(body.model, { keepAliveMs, numCtx: body.options?.num_ctx })
  return {
    ...shape(model.name),
    created_at,
    done: true,
    done_reason: 'load',
    total_duration: ns(performance.now() - started),
    load_duration: ns(loadMs),
  }
}
