/**
 * Which models the tutor may be using have random weights (Parley's generated demo model). Read from the LLM
 * pool's Ollama API through the gateway: `/tags` lists the models, `/show` says `random_weights` for one.
 */
export type ModelInfo = { name: string; randomWeights: boolean }

/**
 * The notice is due when the learner's chosen tutor model has random weights, or, with no choice made (the chat
 * worker then uses its default), when every installed model does: a real model, once present, is what to pick.
 */
export function demoModelInUse(models: readonly ModelInfo[], chosen: string | undefined): ModelInfo | undefined {
  if (chosen) {
    const m = models.find((x) => x.name === chosen || x.name === `${chosen}:latest`)
    return m?.randomWeights ? m : undefined
  }
  if (models.length === 0 || !models.every((m) => m.randomWeights)) return undefined
  return models[0]
}

/** The exact next step, as plain text a learner can copy (no Markdown). */
export const REAL_MODEL_STEP = {
  command: 'npm run models:real',
  after: 'restart Parley (npm start), then choose the new model in Settings → Tutor model.',
}
