import { BadRequestError, hasRandomWeights, NotFoundError, ServiceUnavailableError } from '@parley/core'
/** The LLM workers of one region: a gateway pool, or the URLs `parley admin models` read from the running stack. */
export type ModelWorkers = { region: string; workers: readonly { url: string }[] }

const TIMEOUT_MS = 10_000

async function workerJson(url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(TIMEOUT_MS) })
  const body = await res.json().catch(() => ({}))
  if (!res.ok)
    throw Object.assign(new Error((body as { error?: string }).error ?? `HTTP ${res.status}`), { status: res.status })
  return body
}

const post = (model: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ model }),
})

export type WorkerModels = {
  worker: string
  models: { name: string; size: number; modifiedAt: string; randomWeights: boolean; loaded: boolean }[]
  error?: string
}

/** Every LLM worker's models in a region: its store (tags), what is loaded (ps), and the random-weights flag (show). */
export async function listModels(pool: ModelWorkers): Promise<WorkerModels[]> {
  return Promise.all(
    pool.workers.map(async (w): Promise<WorkerModels> => {
      try {
        const [tags, ps] = (await Promise.all([workerJson(`${w.url}/api/tags`), workerJson(`${w.url}/api/ps`)])) as {
          models?: { name: string; size?: number; modified_at?: string }[]
        }[]
        const loaded = new Set((ps?.models ?? []).map((m) => m.name))
        const models = await Promise.all(
          (tags?.models ?? []).map(async (m) => ({
            name: m.name,
            size: m.size ?? 0,
            modifiedAt: m.modified_at ?? '',
            randomWeights: hasRandomWeights(await workerJson(`${w.url}/api/show`, post(m.name)).catch(() => ({}))),
            loaded: loaded.has(m.name),
          })),
        )
        return { worker: w.url, models }
      } catch (err) {
        return { worker: w.url, models: [], error: (err as Error).message }
      }
    }),
  )
}

/** Deletes `model` on every worker of the region that has it; 404 when none had it. */
export async function deleteModel(pool: ModelWorkers, model: string): Promise<{ deletedOn: string[] }> {
  const results = await Promise.all(
    pool.workers.map(async (w) => {
      const res = await fetch(`${w.url}/api/delete`, {
        ...post(model),
        method: 'DELETE',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
      await res.body?.cancel()
      return res.ok ? w.url : undefined
    }),
  )
  const deletedOn = results.filter((u): u is string => u !== undefined)
  if (deletedOn.length === 0) throw new NotFoundError(`No worker in ${pool.region} has ${model}`)
  return { deletedOn }
}

export type PullRequest = { model: string; url?: string; digest?: string }

/**
 * Pulls on each LLM worker of the region in turn, as one NDJSON stream: the workers' own progress lines (status,
 * total, completed) each with `worker` added, an `{error, worker}` line for a worker that failed, and a last
 * `{status: 'success' | 'error', workers}` line. The operator leaving (the signal) stops the pulls.
 */
export function pullModel(pool: ModelWorkers, req: PullRequest, signal: AbortSignal): ReadableStream<Uint8Array> {
  if (!req.model || typeof req.model !== 'string') throw new BadRequestError('model is required')
  if (pool.workers.length === 0) throw new ServiceUnavailableError(`No LLM worker in ${pool.region}`, 5)
  const encoder = new TextEncoder()
  return new ReadableStream({
    async start(controller) {
      const line = (obj: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(obj)}\n`))
      let failed = 0
      for (const w of pool.workers) {
        try {
          const res = await fetch(`${w.url}/api/pull`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...req, stream: true }),
            signal,
          })
          if (!res.ok || !res.body) {
            const body = (await res.json().catch(() => ({}))) as { message?: string; error?: string }
            throw new Error(body.message ?? body.error ?? `HTTP ${res.status}`)
          }
          let rest = ''
          let workerError: string | undefined
          for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) {
            rest += chunk
            const lines = rest.split('\n')
            rest = lines.pop() ?? ''
            for (const l of lines.filter((x) => x.trim())) {
              const event = JSON.parse(l) as Record<string, unknown>
              if (event.error) workerError = String(event.error)
              line({ ...event, worker: w.url })
            }
          }
          if (workerError) failed++
        } catch (err) {
          if (signal.aborted) break
          failed++
          line({ error: (err as Error).message, worker: w.url })
        }
      }
      if (!signal.aborted) line({ status: failed ? 'error' : 'success', workers: pool.workers.length, failed })
      controller.close()
    },
  })
}
