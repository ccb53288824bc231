/** pgvector's text form, `[1,2,3]`; sent as text and cast in SQL so both drivers pass it the same way. */
export function toVectorLiteral(values: readonly number[]): string {
  return `[${values.join(',')}]`
}

/** Parses pgvector's text output (`embedding::text`), which is also valid JSON. */
export function fromVectorLiteral(text: string | null): number[] | null {
  return text === null ? null : (JSON.parse(text) as number[])
}
