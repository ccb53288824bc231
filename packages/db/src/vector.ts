/** pgvector's text form, `[1,2,3]`; sent as text and cast in SQL so both drivers pass it the same way. */
export function toVectorLiteral(values: readonly number[]): string {
  return `[${values.join(',')}]`
}

/**
 * A vector kept as JSON text: pgvector's text output (`embedding::text`) is valid JSON, and so is the literal built
 * from the client's numbers. An answer that only forwards a 768-float embedding splices `text` into its JSON
 * (`successJson` in the API) instead of parsing it and printing it again, which cost ~0.15 ms per request.
 * `toJSON` keeps any plain `JSON.stringify` correct; `values()` parses it for code that needs the numbers.
 */
export class VectorJson {
  constructor(readonly text: string) {}
  values(): number[] {
    return JSON.parse(this.text) as number[]
  }
  toJSON(): number[] {
    return this.values()
  }
}

/** Wraps pgvector's text output (`embedding::text`), or null, without parsing it. */
export function fromVectorLiteral(text: string | null): VectorJson | null {
  return text === null ? null : new VectorJson(text)
}
