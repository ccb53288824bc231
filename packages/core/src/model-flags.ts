/**
 * True when an /api/show answer says the model has random weights (Parley's `random_weights`, set by
 * `parley model make-test`): its text means nothing, so callers skip LLM work it cannot do. Ollama never sets it.
 */
export function hasRandomWeights(show: unknown): boolean {
  return (show as { random_weights?: unknown } | null)?.random_weights === true
}
