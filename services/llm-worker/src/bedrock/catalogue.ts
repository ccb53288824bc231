import { BadRequestError, NotFoundError } from '@parley/core'

export type BedrockModel = {
  /** The name callers use (an Ollama-style name: the Bedrock id itself, or an alias). */
  name: string
  /** The Bedrock model (or inference profile) id. */
  modelId: string
  kind: 'chat' | 'embed'
  /**
   * For a chat model, the model its embeddings come from (BEDROCK_EMBED_MODEL_ID): an Ollama model name chats and
   * embeds, so a name shared with self-hosted workers must do both here too.
   */
  embedModelId?: string
}

/**
 * The models this worker answers for: the configured chat and embedding models under their own ids, plus aliases
 * (`smollm2:135m=amazon.nova-micro-v1:0`) so a pool can mix it with self-hosted workers. Nothing else is served: a
 * caller cannot spend money on a model the operator did not choose.
 */
export class BedrockCatalogue {
  private readonly byName = new Map<string, BedrockModel>()
  private readonly embedModelId: string

  constructor(opts: { chatModelId: string; embedModelId: string; aliases: readonly string[] }) {
    this.embedModelId = opts.embedModelId
    // Bedrock's embedding models all have `embed` in their id (amazon.titan-embed-*, cohere.embed-*).
    const kindOf = (id: string): BedrockModel['kind'] =>
      id === opts.embedModelId || /[.-]embed/.test(id) ? 'embed' : 'chat'
    if (opts.chatModelId) this.add(opts.chatModelId, opts.chatModelId, 'chat')
    if (opts.embedModelId) this.add(opts.embedModelId, opts.embedModelId, 'embed')
    for (const pair of opts.aliases) {
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const modelId = pair.slice(at + 1).trim()
      if (at <= 0 || !modelId) throw new Error(`BEDROCK_MODEL_ALIASES: expected name=model-id, got "${pair}"`)
      this.add(name, modelId, kindOf(modelId))
    }
  }

  private add(name: string, modelId: string, kind: BedrockModel['kind']) {
    const embedModelId = kind === 'chat' && this.embedModelId ? this.embedModelId : undefined
    this.byName.set(canonical(name), { name, modelId, kind, ...(embedModelId && { embedModelId }) })
  }

  list(): BedrockModel[] {
    return [...this.byName.values()]
  }

  /** The model for `name` (`x` and `x:latest` are one name, as in Ollama); 404 when it is not configured here. */
  resolve(name: string): BedrockModel {
    const found = this.byName.get(canonical(name))
    if (!found) throw new NotFoundError(`model "${name}" not found on this Bedrock worker; configured: ${this.names()}`)
    return found
  }

  /**
   * The Bedrock model that does `kind` for `name`: a chat model's embeddings come from its embedding model; an
   * embedding model cannot chat (400).
   */
  resolveFor(name: string, kind: BedrockModel['kind']): BedrockModel {
    const model = this.resolve(name)
    if (kind === 'embed' && model.embedModelId) return { ...model, modelId: model.embedModelId, kind: 'embed' }
    if (model.kind !== kind)
      throw new BadRequestError(
        `model "${name}" is a Bedrock ${model.kind === 'embed' ? 'embedding' : 'chat'} model`,
        'wrong_model_kind',
      )
    return model
  }

  private names(): string {
    return this.list()
      .map((m) => m.name)
      .join(', ')
  }
}

const canonical = (name: string) => (name.includes(':') ? name : `${name}:latest`).toLowerCase()
