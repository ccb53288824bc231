import { AppError, BadRequestError } from '@parley/core'
import type { Llama, LlamaGrammar } from 'node-llama-cpp'
import { z } from 'zod'

/** Ollama's `format`: "json" or a JSON schema object. */
export const Format = z.union([z.literal('json'), z.literal(''), z.record(z.string(), z.unknown())])
export type Format = z.infer<typeof Format>

/** The model's output did not parse or validate against the requested format. */
export class FormatMismatchError extends AppError {
  constructor(detail: string) {
    super(422, 'format_mismatch', `model output does not match the requested format: ${detail}`)
  }
}

export type FormatConstraint = { grammar: LlamaGrammar; check(text: string): void }

/**
 * Builds the grammar that steers generation and the check applied afterwards. node-llama-cpp's JSON-schema grammar
 * has gaps (integers admit exponents, no minimum/maximum, maxLength counts code points), so the output is also
 * validated with zod built from the same schema: the grammar helps, the validator decides.
 */
export async function formatConstraint(
  llama: Llama,
  format: Format | undefined,
): Promise<FormatConstraint | undefined> {
  const check = formatCheck(format)
  if (!check) return undefined
  if (format === 'json') return { grammar: await llama.getGrammarFor('json'), check }
  let grammar: LlamaGrammar
  try {
    // biome-ignore lint/suspicious/noExplicitAny: node-llama-cpp types the schema strictly; it is validated at run time.
    grammar = await llama.createGrammarForJsonSchema(format as any)
  } catch (err) {
    throw unsupportedSchema(err)
  }
  return { grammar, check }
}

/**
 * The check alone (no grammar), for backends that steer output their own way (Bedrock): parses the text as JSON and,
 * for a schema, validates it with zod built from that schema. 400 when the schema itself cannot be used.
 */
export function formatCheck(format: Format | undefined): ((text: string) => void) | undefined {
  if (format === undefined || format === '') return undefined
  if (format === 'json') return (text) => void parseJson(text)
  let validator: z.ZodType
  try {
    validator = z.fromJSONSchema(format as Parameters<typeof z.fromJSONSchema>[0])
  } catch (err) {
    throw unsupportedSchema(err)
  }
  return (text) => {
    const result = validator.safeParse(parseJson(text))
    if (!result.success) throw new FormatMismatchError(result.error.issues[0]?.message ?? 'invalid')
  }
}

function unsupportedSchema(err: unknown): BadRequestError {
  return new BadRequestError(`format: unsupported JSON schema (${(err as Error).message})`, 'invalid_format')
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new FormatMismatchError('not valid JSON (the output may have been cut by num_predict)')
  }
}
