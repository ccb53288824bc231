/** How a model's vector was brought to the configured dimension. */
export type DimensionFit = 'exact' | 'padded' | 'projected'

/**
 * Brings a vector to `dim` deterministically. Shorter vectors are padded with zeros (cosine similarity unchanged);
 * longer ones are projected with a count sketch: each source coordinate adds, with a fixed pseudo-random sign, into
 * one fixed pseudo-random output coordinate, which keeps inner products on average. Projected vectors are then
 * L2-normalised. The same input always gives the same output, on every machine.
 */
export function fitDimension(vector: number[], dim: number): { vector: number[]; fit: DimensionFit } {
  if (vector.length === dim) return { vector, fit: 'exact' }
  if (vector.length < dim)
    return { vector: [...vector, ...new Array<number>(dim - vector.length).fill(0)], fit: 'padded' }
  const out = new Array<number>(dim).fill(0)
  for (let j = 0; j < vector.length; j++) {
    const h = mix32(j)
    const sign = h & 1 ? 1 : -1
    out[(h >>> 1) % dim]! += sign * vector[j]!
  }
  return { vector: normalise(out), fit: 'projected' }
}

/** A 32-bit integer hash (the finaliser of MurmurHash3): fixed, so projections never change between releases. */
function mix32(x: number): number {
  let h = (x + 0x9e3779b9) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

function normalise(v: number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0))
  return norm === 0 ? v : v.map((x) => x / norm)
}
