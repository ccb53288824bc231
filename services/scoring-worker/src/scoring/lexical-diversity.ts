/**
 * MTLD (McCarthy & Jarvis 2010): the mean length of word runs whose type-token ratio stays above 0.72, averaged over
 * a forward and a backward pass. Unlike a plain type-token ratio it does not fall as texts get longer.
 */
export function mtld(tokens: string[], threshold = 0.72): number {
  if (tokens.length === 0) return 0
  const forward = mtldPass(tokens, threshold)
  const backward = mtldPass([...tokens].reverse(), threshold)
  return (forward + backward) / 2
}

function mtldPass(tokens: string[], threshold: number): number {
  let factors = 0
  let types = new Set<string>()
  let count = 0
  for (const token of tokens) {
    types.add(token)
    count++
    if (types.size / count <= threshold) {
      factors++
      types = new Set()
      count = 0
    }
  }
  if (count > 0) factors += (1 - types.size / count) / (1 - threshold)
  // A text that never repeats a word has no completed factor: its MTLD is its length.
  return factors === 0 ? tokens.length : tokens.length / factors
}

export function typeTokenRatio(tokens: string[]): number {
  return tokens.length === 0 ? 0 : new Set(tokens).size / tokens.length
}
