import { BadRequestError } from '@parley/core'
import { GgufFileType, readGgufFileInfo } from 'node-llama-cpp'

/** The Ollama config blob for a GGUF file: family, parameter count and quantization read from its header. */
export async function configForGguf(path: string): Promise<Record<string, unknown>> {
  let info: Awaited<ReturnType<typeof readGgufFileInfo>>
  try {
    info = await readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false })
  } catch (err) {
    throw new BadRequestError(`not a readable GGUF file: ${(err as Error).message}`, 'invalid_model')
  }
  const arch = String(info.metadata.general?.architecture ?? 'unknown')
  const params = (info.fullTensorInfo ?? info.tensorInfo ?? []).reduce(
    (sum, t) => sum + t.dimensions.reduce<number>((a, d) => a * Number(d), 1),
    0,
  )
  const fileType = info.metadata.general?.file_type
  return {
    model_format: 'gguf',
    model_family: arch,
    model_families: [arch],
    model_type: formatParams(params),
    file_type:
      fileType === undefined ? 'unknown' : String(GgufFileType[fileType] ?? fileType).replace(/^(MOSTLY|ALL)_/, ''),
    architecture: 'amd64',
    os: 'linux',
  }
}

function formatParams(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e8 ? 0 : 1)}M`
  return `${(n / 1e3).toFixed(0)}K`
}
