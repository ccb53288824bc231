/**
 * True when an /api/show answer says the model has random weights (Parley's `random_weights`, set by
 * `parley model make-test`): its text means nothing, so callers skip LLM work it cannot do. Ollama never sets it.
 */
export function hasRandomWeights(show: unknown): boolean {
  return (show as { random_weights?: unknown } | null)?.random_weights === true
}

/**
 * Below this many parameters a model cannot be trusted with a task that needs judgement: SmolLM2-135M recited its
 * instructions when opening a role-play (docs/tutor.md), and SmolLM2-135M and Gemma-3-270M answered the /score
 * rubric with all nine aspects alike on every call (docs/scoring.md). Callers skip such work for these models.
 */
export const SMALL_MODEL_PARAMETERS = 1e9

/** "135M" → 135e6, "1.5B" → 1.5e9; null for anything else. */
export function readParameterSize(size: unknown): number | null {
  const m = /^\s*([\d.]+)\s*([KMBT])\s*$/i.exec(typeof size === 'string' ? size : '')
  if (!m) return null
  const scale = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[m[2]!.toUpperCase() as 'K' | 'M' | 'B' | 'T']
  return Number(m[1]) * scale
}

/** The parameter count an /api/show answer states (`details.parameter_size`); null when it says none. */
export function parameterCount(show: unknown): number | null {
  return readParameterSize((show as { details?: { parameter_size?: unknown } } | null)?.details?.parameter_size)
}

/** A model /api/show says has fewer than SMALL_MODEL_PARAMETERS; a model of unknown size is not small. */
export function isSmallModel(parameters: number | null): boolean {
  return (parameters ?? Number.POSITIVE_INFINITY) < SMALL_MODEL_PARAMETERS
}
