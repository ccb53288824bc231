/**
 * Whether a model-written tip or explanation reads as prose in some language. Weak or random-weight models emit
 * symbol runs ("@@@@") and word loops ("hows hows hows"), which are worse than no tip at all.
 */
export function readsAsProse(text: string): boolean {
  const visible = text.replace(/\s+/g, '')
  if (visible.length < 2) return false
  const letters = visible.match(/\p{L}/gu)?.length ?? 0
  if (letters / visible.length < 0.6) return false
  if (/(\S)\1{3,}/u.test(visible)) return false
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? []
  for (let i = 2; i < words.length; i++) if (words[i] === words[i - 1] && words[i] === words[i - 2]) return false
  return words.length > 0 && words.every((w) => w.length <= 24)
}
