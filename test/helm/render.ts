import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { buildSchemas } from './kube-schemas.js'
import { CHART_DIR, type HelmTools, KUBE_VERSIONS } from './tools.js'

export type Manifest = {
  apiVersion: string
  kind: string
  metadata: { name: string; labels?: Record<string, string> }
  // biome-ignore lint/suspicious/noExplicitAny: the rest of a rendered manifest is any Kubernetes object's shape
} & Record<string, any>

/** The values files the chart ships, by name. */
export const VALUES = {
  default: join(CHART_DIR, 'values.yaml'),
  'two-region': join(CHART_DIR, 'values-two-region.yaml'),
}

export const RELEASE = 'parley'
export const NAMESPACE = 'parley'

const NEWEST = KUBE_VERSIONS[KUBE_VERSIONS.length - 1]!

/** `helm template` of the chart for a Kubernetes version (its Capabilities): the YAML text, or helm's error. */
export function helmTemplate(tools: HelmTools, valuesFiles: string[], set: string[] = [], kubeVersion = NEWEST) {
  const args = ['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, '--kube-version', kubeVersion]
  for (const f of valuesFiles) args.push('-f', f)
  for (const s of set) args.push('--set', s)
  const run = spawnSync(tools.helm, args, { encoding: 'utf8', maxBuffer: 64 * 1024 ** 2 })
  return { ok: run.status === 0, yaml: run.stdout, error: run.stderr }
}

export function renderChart(tools: HelmTools, valuesFiles: string[], set: string[] = [], kubeVersion = NEWEST) {
  const out = helmTemplate(tools, valuesFiles, set, kubeVersion)
  if (!out.ok) throw new Error(`helm template failed: ${out.error}`)
  const docs = parseAllDocuments(out.yaml).map((d) => {
    if (d.errors.length > 0) throw new Error(`helm template printed invalid YAML: ${d.errors[0]!.message}`)
    return d.toJS() as Manifest | null
  })
  return { yaml: out.yaml, manifests: docs.filter((d): d is Manifest => d !== null) }
}

export type KubeconformResult = {
  resources: { filename: string; kind: string; name: string; version: string; status: string; msg: string }[]
  summary: { valid: number; invalid: number; errors: number; skipped: number }
}

/**
 * Validates manifests with kubeconform against Kubernetes `version`, strictly (unknown fields, duplicate keys),
 * with no schema allowed to be missing.
 */
export function kubeconform(tools: HelmTools, version: string, manifests: Manifest[], yamlText: string) {
  const root = buildSchemas(
    tools,
    [version],
    manifests.map((m) => ({ apiVersion: m.apiVersion, kind: m.kind })),
  )
  const run = spawnSync(
    tools.kubeconform,
    [
      '-strict',
      '-summary',
      '-verbose',
      '-output',
      'json',
      '-kubernetes-version',
      version,
      '-schema-location',
      root,
      '-',
    ],
    { input: yamlText, encoding: 'utf8', maxBuffer: 64 * 1024 ** 2 },
  )
  if (run.error) throw run.error
  return { status: run.status, result: JSON.parse(run.stdout) as KubeconformResult, stderr: run.stderr }
}

/** `helm lint --strict` (template errors, and warnings as failures) for a values file. */
export function helmLint(tools: HelmTools, valuesFile: string) {
  const run = spawnSync(tools.helm, ['lint', '--strict', CHART_DIR, '-f', valuesFile, '--kube-version', NEWEST], {
    encoding: 'utf8',
  })
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` }
}
