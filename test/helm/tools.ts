import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parleyCacheDir } from '@parley/llm-worker'

/**
 * Where the chart checks find their tools. .ci/run builds helm and kubeconform from the Go module proxy into
 * `~/.cache/parley/go/bin`, fetches the Kubernetes schemas (the kubernetes-validate wheel) and the CloudNativePG
 * module (its CRD) into the same cache. These are pinned here and there; a version bump changes both.
 */
export const HELM_VERSION = 'v3.22.0'
export const KUBECONFORM_VERSION = 'v0.8.0'
export const CNPG_VERSION = 'v1.30.1'
export const KUBE_SCHEMAS_WHEEL = 'kubernetes_validate-1.37.0-py3-none-any.whl'
export const KUBE_SCHEMAS_WHEEL_SHA256 = '85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9'
/** The oldest minor the chart supports (Chart.yaml kubeVersion) and the newest the schemas know. */
export const KUBE_VERSIONS = ['1.31.0', '1.37.0']

export const CHART_DIR = new URL('../../deploy/helm/parley/', import.meta.url).pathname

export type HelmTools = { helm: string; kubeconform: string; wheel: string; cnpgCrd: string; cacheDir: string }

const goBin = (cache: string, name: string) =>
  process.env[`PARLEY_${name.toUpperCase()}`] || join(cache, 'go/bin', name)

/** The tools, or why they are missing (the suites skip on a laptop without them, and fail in CI). */
export function findHelmTools(): HelmTools | { missing: string } {
  const cacheDir = parleyCacheDir()
  const tools = {
    helm: goBin(cacheDir, 'helm'),
    kubeconform: goBin(cacheDir, 'kubeconform'),
    wheel: join(cacheDir, 'wheels', KUBE_SCHEMAS_WHEEL),
    cnpgCrd: join(
      cacheDir,
      `go/pkg/mod/github.com/cloudnative-pg/cloudnative-pg@${CNPG_VERSION}/config/crd/bases/postgresql.cnpg.io_clusters.yaml`,
    ),
    cacheDir,
  }
  const absent = Object.entries(tools).filter(([key, path]) => key !== 'cacheDir' && !existsSync(path))
  if (absent.length === 0) return tools
  return { missing: `${absent.map(([, path]) => path).join(', ')} (the chart steps of .ci/run make them)` }
}

/** Resolves the tools once per file: in CI a missing tool is a failure, elsewhere the suite skips with one line. */
export function helmToolsOrSkip(): HelmTools | undefined {
  const found = findHelmTools()
  if (!('missing' in found)) return found
  if (process.env.CI) throw new Error(`Helm chart checks cannot run in CI: missing ${found.missing}`)
  console.log(`Helm chart checks skipped: missing ${found.missing}`)
  return undefined
}
