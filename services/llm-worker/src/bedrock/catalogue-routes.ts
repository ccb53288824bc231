import { createHash } from 'node:crypto'
import { BadRequestError, limitBody, validate } from '@parley/core'
import { Hono } from 'hono'
import { NameBody } from '../routes/schemas.js'
import type { BedrockModel } from './catalogue.js'
import type { BedrockWorkerDeps } from './deps.js'

const SMALL_BODY = 64 * 1024
/** Reported by /api/version; Ollama clients only display it. */
const WORKER_VERSION = '0.1.0-parley-bedrock'

/** Model management is the operator's, in the AWS console (model access); this worker only serves. */
class NotOnBedrockError extends BadRequestError {
  constructor(operation: string) {
    super(
      `${operation} is not supported by a Bedrock worker: its models are Bedrock's, chosen with BEDROCK_MODEL_ID, ` +
        'BEDROCK_EMBED_MODEL_ID and BEDROCK_MODEL_ALIASES, and enabled in the AWS account (Bedrock model access)',
      'not_supported_by_provider',
    )
  }
}

/** /api/tags, /api/show, /api/ps, /api/version, and a clear 400 for pull, push, create, copy and delete. */
export function bedrockCatalogueRoutes(deps: BedrockWorkerDeps) {
  const modifiedAt = new Date().toISOString()
  const details = (m: BedrockModel) => {
    const vendor = m.modelId.replace(/^(us|eu|apac|global)\./, '').split('.')[0] ?? 'bedrock'
    return {
      parent_model: '',
      format: 'bedrock',
      family: vendor,
      families: [vendor],
      parameter_size: '',
      quantization_level: '',
      provider: 'bedrock',
    }
  }
  const refuse = (operation: string) => () => {
    throw new NotOnBedrockError(operation)
  }
  return (
    new Hono()
      .get('/api/version', (c) => c.json({ version: WORKER_VERSION }))
      .get('/api/tags', (c) =>
        c.json({
          models: deps.catalogue.list().map((m) => ({
            name: m.name,
            model: m.name,
            modified_at: modifiedAt,
            size: 0,
            digest: createHash('sha256').update(m.modelId).digest('hex'),
            details: details(m),
          })),
        }),
      )
      // Nothing is loaded here: Bedrock holds the models.
      .get('/api/ps', (c) => c.json({ models: [] }))
      .post('/api/show', limitBody(SMALL_BODY), validate('json', NameBody), (c) => {
        const body = c.req.valid('json')
        const m = deps.catalogue.resolve((body.model ?? body.name)!)
        const ctx = deps.settings.BEDROCK_CONTEXT_LENGTH
        return c.json({
          license: '',
          modelfile: `# Bedrock model ${m.modelId} in ${deps.settings.BEDROCK_REGION}\nFROM ${m.name}\n`,
          parameters: m.kind === 'chat' ? `num_ctx ${ctx}` : '',
          template: '',
          system: '',
          details: details(m),
          model_info: {
            'general.architecture': 'bedrock',
            'bedrock.model_id': m.modelId,
            'bedrock.region': deps.settings.BEDROCK_REGION,
            ...(m.kind === 'chat' && { 'bedrock.context_length': ctx }),
            ...(m.embedModelId && { 'bedrock.embed_model_id': m.embedModelId }),
            ...((m.kind === 'embed' || m.embedModelId) && {
              'bedrock.embedding_length': deps.settings.BEDROCK_EMBED_DIM,
            }),
          },
          capabilities:
            m.kind === 'embed' ? ['embedding'] : m.embedModelId ? ['completion', 'embedding'] : ['completion'],
          modified_at: modifiedAt,
          random_weights: false,
          provider: 'bedrock',
        })
      })
      .post('/api/pull', refuse('pull'))
      .post('/api/push', refuse('push'))
      .post('/api/create', refuse('create'))
      .post('/api/copy', refuse('copy'))
      .delete('/api/delete', refuse('delete'))
  )
}
