import { z } from 'zod'

export const MEDIA_TYPES = {
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
  model: 'application/vnd.ollama.image.model',
  template: 'application/vnd.ollama.image.template',
  params: 'application/vnd.ollama.image.params',
  system: 'application/vnd.ollama.image.system',
  license: 'application/vnd.ollama.image.license',
} as const

const Digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>')
const Layer = z.object({ mediaType: z.string().max(200), digest: Digest, size: z.number().int().nonnegative() })

/** An Ollama (OCI-style) manifest: a config blob and layers, each addressed by its sha256. */
export const Manifest = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: Layer,
  layers: z.array(Layer).min(1).max(64),
})
export type Manifest = z.infer<typeof Manifest>
export type Layer = z.infer<typeof Layer>

/** What the config blob says about the weights; /api/tags and /api/show report it as `details`. */
export type ModelDetails = {
  format: string
  family: string
  families: string[] | null
  parameter_size: string
  quantization_level: string
}

export const ModelConfig = z
  .object({
    model_format: z.string().default('gguf'),
    model_family: z.string().default(''),
    model_families: z.array(z.string()).nullable().default(null),
    model_type: z.string().default(''),
    file_type: z.string().default(''),
  })
  .loose()

export function detailsFromConfig(raw: unknown): ModelDetails {
  const c = ModelConfig.safeParse(raw)
  const cfg = c.success ? c.data : ModelConfig.parse({})
  return {
    format: cfg.model_format,
    family: cfg.model_family,
    families: cfg.model_families,
    parameter_size: cfg.model_type,
    quantization_level: cfg.file_type,
  }
}
