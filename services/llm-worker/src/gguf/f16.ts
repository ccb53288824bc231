const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** IEEE 754 half precision bits of a float (round to nearest; small values flush to zero, which random weights tolerate). */
export function toF16Bits(value: number): number {
  f32[0] = value
  const x = u32[0]!
  const sign = (x >>> 16) & 0x8000
  const exp = ((x >>> 23) & 0xff) - 127 + 15
  const mant = x & 0x7fffff
  if (exp <= 0) return sign
  if (exp >= 31) return sign | 0x7c00
  const rounded = (exp << 10) | (mant >>> 13)
  return sign | (rounded + ((mant >>> 12) & 1))
}
