import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CNPG_VERSION, type HelmTools, KUBE_SCHEMAS_WHEEL_SHA256, KUBECONFORM_VERSION } from './tools.js'

type Json = Record<string, unknown>
export type ResourceType = { apiVersion: string; kind: string }

/**
 * Builds kubeconform's schema folder, `<root>/v<version>-standalone-strict/<kind>-<group>-<version>.json`, for the
 * resource types the chart renders, cached under ~/.cache/parley/kube-schemas:
 * - Kubernetes types from the kubernetes-validate wheel's strict schemas (generated from the Kubernetes OpenAPI
 *   spec, every object `additionalProperties: false`), made standalone: each file carries the definitions it
 *   reaches, with `$ref`s pointing into itself;
 * - the CloudNativePG `Cluster` from the operator's own CRD, converted by kubeconform's openapi2jsonschema.py
 *   with the root closed as well.
 */
export function buildSchemas(tools: HelmTools, versions: string[], types: ResourceType[]): string {
  const root = join(tools.cacheDir, 'kube-schemas', KUBE_SCHEMAS_WHEEL_SHA256.slice(0, 12))
  const missing = versions.flatMap((v) =>
    types.filter((t) => !existsSync(schemaFile(root, v, t))).map((t) => [v, t] as const),
  )
  if (missing.length === 0) return root
  checkWheel(tools.wheel)
  for (const version of new Set(missing.map(([v]) => v))) {
    const dir = join(root, `v${version}-standalone-strict`)
    mkdirSync(dir, { recursive: true })
    const wanted = missing.filter(([v]) => v === version).map(([, t]) => t)
    const defs = (readWheelJson(tools.wheel, version, '_definitions.json').$defs ?? {}) as Record<string, Json>
    for (const type of wanted) {
      const file = schemaFile(root, version, type)
      if (type.apiVersion.startsWith('postgresql.cnpg.io/')) writeCnpgSchema(tools, dir, type)
      else writeAtomic(file, JSON.stringify(standalone(readWheelJson(tools.wheel, version, baseName(type)), defs)))
      if (!existsSync(file)) throw new Error(`no schema for ${type.apiVersion} ${type.kind} in Kubernetes ${version}`)
    }
  }
  return root
}

/** kubeconform's file name for a type: the kind, the group's first label, the version (registry.go schemaPath). */
function baseName({ apiVersion, kind }: ResourceType): string {
  const [groupOrVersion, version] = apiVersion.split('/')
  const suffix = version ? `-${groupOrVersion!.split('.')[0]}-${version}` : `-${groupOrVersion}`
  return `${kind.toLowerCase()}${suffix.toLowerCase()}.json`
}

function schemaFile(root: string, version: string, type: ResourceType): string {
  return join(root, `v${version}-standalone-strict`, baseName(type))
}

function checkWheel(wheel: string): void {
  const sha = createHash('sha256').update(readFileSync(wheel)).digest('hex')
  if (sha !== KUBE_SCHEMAS_WHEEL_SHA256)
    throw new Error(`${wheel}: sha256 ${sha}, expected ${KUBE_SCHEMAS_WHEEL_SHA256}`)
}

function readWheelJson(wheel: string, version: string, name: string): Json {
  const entry = `kubernetes_validate/kubernetes-json-schema/v${version}-local-strict/${name}`
  try {
    return JSON.parse(execFileSync('unzip', ['-p', wheel, entry], { maxBuffer: 64 * 1024 ** 2, encoding: 'utf8' }))
  } catch (err) {
    throw new Error(`cannot read ${entry} from ${wheel}: ${(err as Error).message}`)
  }
}

// Kind files point into the shared definitions file; definitions point at each other within it.
const REF_PREFIXES = ['/api/_definitions.json#/$defs/', '#/$defs/']

/** The schema with the definitions it reaches inlined under its own `$defs`, so kubeconform needs no other file. */
function standalone(schema: Json, defs: Record<string, Json>): Json {
  const reached: Record<string, Json> = {}
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite)
    if (!node || typeof node !== 'object') return node
    const out: Json = {}
    for (const [key, value] of Object.entries(node)) {
      const prefix = key === '$ref' && typeof value === 'string' && REF_PREFIXES.find((p) => value.startsWith(p))
      if (prefix) {
        const name = (value as string).slice(prefix.length)
        if (!(name in reached)) {
          const def = defs[name]
          if (!def) throw new Error(`schema refers to a missing definition ${name}`)
          reached[name] = {}
          reached[name] = rewrite(def) as Json
        }
        out[key] = `#/$defs/${name}`
      } else out[key] = rewrite(value)
    }
    return out
  }
  const body = rewrite(schema) as Json
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...body, $defs: reached }
}

function writeCnpgSchema(tools: HelmTools, dir: string, type: ResourceType): void {
  const script = join(
    tools.cacheDir,
    `go/pkg/mod/github.com/yannh/kubeconform@${KUBECONFORM_VERSION}/scripts/openapi2jsonschema.py`,
  )
  // The script writes `{kind}-{group}-{version}.json` (kubeconform's naming) into its working directory.
  execFileSync('python3', [script, tools.cnpgCrd], {
    cwd: dir,
    env: { ...process.env, FILENAME_FORMAT: '{kind}-{group}-{version}', DENY_ROOT_ADDITIONAL_PROPERTIES: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  if (!existsSync(join(dir, baseName(type))))
    throw new Error(`openapi2jsonschema wrote no ${baseName(type)} from CloudNativePG ${CNPG_VERSION}`)
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, file)
}
