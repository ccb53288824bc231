import type { ConverseCommandInput, Message } from '@aws-sdk/client-bedrock-runtime'
import { BadRequestError } from '@parley/core'
import type { Format } from '../inference/format.js'
import type { OllamaOptions } from '../inference/options.js'

export type OllamaTurn = { role: 'system' | 'user' | 'assistant' | 'tool'; content: string }

/** Said in place of a missing opening user turn: Converse requires the conversation to start with one. */
export const OPENING_TURN = '(The conversation starts now.)'

/**
 * An Ollama chat request as a Converse request. Ollama accepts any sequence of turns; Converse wants system text
 * apart, a first user turn, strict user/assistant alternation and no blank text. So system turns move to `system`,
 * neighbouring turns of one role are joined, blank ones dropped, and a conversation that opens with the tutor gets
 * a neutral opening user turn. Ollama options map onto inferenceConfig; those Converse has no field for (top_k,
 * seed, penalties) are model-specific and ignored, as Ollama ignores options a backend lacks.
 */
export function toConverseInput(
  modelId: string,
  turns: OllamaTurn[],
  opts: { options?: OllamaOptions; format?: Format; defaultMaxTokens: number; jsonMode: 'structured' | 'prompt' },
): ConverseCommandInput {
  const system: string[] = []
  const messages: Message[] = []
  for (const t of turns) {
    if (t.role === 'tool') throw new BadRequestError('tool messages are not supported by this worker')
    const text = t.content.trim()
    if (!text) continue
    if (t.role === 'system') {
      system.push(text)
      continue
    }
    const last = messages.at(-1)
    if (last?.role === t.role) last.content!.push({ text })
    else messages.push({ role: t.role, content: [{ text }] })
  }
  if (messages[0]?.role !== 'user') messages.unshift({ role: 'user', content: [{ text: OPENING_TURN }] })
  // Joined turns travel as one block each, as Bedrock expects one text per turn from most models.
  for (const m of messages) m.content = [{ text: m.content!.map((c) => ('text' in c ? c.text : '')).join('\n\n') }]

  const o = opts.options ?? {}
  const stop = o.stop === undefined ? [] : Array.isArray(o.stop) ? o.stop : [o.stop]
  const maxTokens = o.num_predict !== undefined && o.num_predict > 0 ? o.num_predict : opts.defaultMaxTokens
  const schema = typeof opts.format === 'object' ? opts.format : undefined
  if (opts.format === 'json' || (schema && opts.jsonMode === 'prompt')) system.push(jsonInstruction(schema))

  return {
    modelId,
    messages,
    ...(system.length && { system: [{ text: system.join('\n\n') }] }),
    inferenceConfig: {
      maxTokens,
      ...(o.temperature !== undefined && { temperature: Math.min(1, o.temperature) }),
      ...(o.top_p !== undefined && { topP: o.top_p }),
      ...(stop.length && { stopSequences: stop.slice(0, 4) }),
    },
    ...(schema &&
      opts.jsonMode === 'structured' && {
        outputConfig: {
          textFormat: {
            type: 'json_schema',
            structure: { jsonSchema: { name: 'reply', schema: JSON.stringify(schema) } },
          },
        },
      }),
  }
}

function jsonInstruction(schema: Record<string, unknown> | undefined): string {
  return schema
    ? `Answer with one JSON value only, no prose and no code fence, matching this JSON schema:\n${JSON.stringify(schema)}`
    : 'Answer with one JSON object only, no prose and no code fence.'
}

/** A model asked for JSON by prompt may still wrap it in a Markdown fence; the validator sees what is inside. */
export function unfence(text: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text)
  return m ? m[1]! : text
}
