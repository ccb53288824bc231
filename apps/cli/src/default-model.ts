import type { Logger } from '@parley/core'
import { DEMO_MODEL, ensureDemoModel, ModelStore, modelTraits, Puller, parseModelName } from '@parley/llm-worker'
import { progressBar } from './progress-bar.js'

/** Which model the embedded stack serves, and how it got it. */
export type ModelChoice = {
  model: string
  /** `store`: already there; `pulled`: fetched just now; `demo`: the generated random-weight model. */
  source: 'store' | 'pulled' | 'demo'
  randomWeights: boolean
  /** Why no real model is used, when it is the demo one (the pull's error). */
  reason?: string
}

export type ChooseOptions = {
  modelsDir: string
  /** PARLEY_DEFAULT_MODEL: the model pulled when the store has no real one (default smollm2:135m). */
  defaultModel: string
  registryUrl: string
  limits?: ConstructorParameters<typeof Puller>[0]['limits']
  /** False skips the pull (tests, offline by choice). */
  pull: boolean
  log: Logger
  progress?: NodeJS.WriteStream
}

/** The lines `parley start` prints when only the demo model is there: how to get a real one. */
export function demoModelHint(defaultModel: string): string {
  return (
    `model: ${DEMO_MODEL} has random weights, a demo: the tutor's replies mean nothing and feedback and scores use ` +
    `rules only. For a real tutor run \`npm run models:real\` (the test weights) or \`npx parley model pull ${defaultModel}\`, then restart.`
  )
}

/**
 * Picks the model for chat, feedback and scores: the default model if the store has it; otherwise, when online, pulls
 * it from the Ollama registry with a progress bar; otherwise the best real model already in the store (an instruct
 * model with a chat template before a base model); only if there is none, the generated demo model.
 */
export async function chooseModel(opts: ChooseOptions): Promise<ModelChoice> {
  const store = new ModelStore(opts.modelsDir)
  const wanted = canonical(opts.defaultModel)
  const real: { name: string; chat: boolean }[] = []
  for (const m of await store.list()) {
    const traits = await modelTraits(store, m.name).catch(() => undefined)
    if (traits && !traits.randomWeights) real.push({ name: m.name, chat: traits.chatTemplate })
  }
  const stored = real.find((m) => canonical(m.name) === wanted)
  if (stored) return { model: stored.name, source: 'store', randomWeights: false }

  let reason: string | undefined
  if (opts.pull) {
    try {
      const puller = new Puller({ store, registryUrl: opts.registryUrl, log: opts.log, limits: opts.limits })
      const out = opts.progress ?? process.stderr
      out.write(`pulling the default model ${opts.defaultModel} (PARLEY_DEFAULT_MODEL)\n`)
      const bar = progressBar(out)
      await puller.pull({ name: opts.defaultModel }, bar.update)
      bar.done()
      return { model: opts.defaultModel, source: 'pulled', randomWeights: false }
    } catch (err) {
      reason = (err as Error).message
      opts.log.warn({ model: opts.defaultModel, err: reason }, 'could not pull the default model')
    }
  }
  const fallback = real.find((m) => m.chat) ?? real[0]
  if (fallback) return { model: fallback.name, source: 'store', randomWeights: false, reason }
  return { model: await ensureDemoModel(opts.modelsDir), source: 'demo', randomWeights: true, reason }
}

/** `smollm2:135m` and `registry.ollama.ai/library/smollm2:135m` are one model. */
function canonical(name: string): string {
  try {
    const n = parseModelName(name)
    return `${n.host}/${n.namespace}/${n.model}:${n.tag}`
  } catch {
    return name
  }
}
