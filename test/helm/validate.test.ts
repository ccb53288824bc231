// The chart renders, for the default values and the two-region file, only manifests that Kubernetes' own schemas
// accept (kubeconform, strict: unknown fields are errors), for the oldest supported and the newest minor, the
// CloudNativePG Cluster against the operator's CRD included; and it refuses values it cannot deploy.
import { describe, expect, test } from 'vitest'
import { helmLint, helmTemplate, kubeconform, renderChart, VALUES } from './render.js'
import { helmToolsOrSkip, KUBE_VERSIONS } from './tools.js'

const tools = helmToolsOrSkip()

describe.skipIf(!tools)('helm template output validates', () => {
  const t = tools!
  for (const [name, file] of Object.entries(VALUES)) {
    for (const version of KUBE_VERSIONS) {
      test(`${name} values, Kubernetes ${version}`, () => {
        const { yaml, manifests } = renderChart(t, [file], [], version)
        const { status, result, stderr } = kubeconform(t, version, manifests, yaml)
        const problems = result.resources.filter((r) => r.status !== 'statusValid')
        expect(problems, stderr).toEqual([])
        expect(status).toBe(0)
        expect(result.summary).toEqual({ valid: manifests.length, invalid: 0, errors: 0, skipped: 0 })
      })
    }
  }

  test.each(Object.entries(VALUES))('helm lint --strict passes with the %s values', (_name, file) => {
    const lint = helmLint(t, file)
    expect(lint.output).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/)
    expect(lint.ok, lint.output).toBe(true)
  })

  test('the two-region file renders the CloudNativePG Cluster and both regions', () => {
    const { manifests } = renderChart(t, [VALUES['two-region']])
    const kinds = new Set(manifests.map((m) => `${m.apiVersion} ${m.kind}`))
    expect(kinds).toContain('postgresql.cnpg.io/v1 Cluster')
    expect(kinds).toContain('autoscaling/v2 HorizontalPodAutoscaler')
    for (const region of ['us-east-1', 'us-west-2'])
      expect(manifests.map((m) => m.metadata.name)).toContain(`parley-llm-worker-${region}`)
  })

  test('strict validation rejects a field Kubernetes does not have', () => {
    const { yaml, manifests } = renderChart(t, [VALUES.default])
    const typo = yaml.replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 5\n  revisionHistoryLimitt: 5')
    expect(typo).not.toBe(yaml)
    const { status, result } = kubeconform(t, KUBE_VERSIONS[1]!, manifests, typo)
    expect(status).not.toBe(0)
    expect(result.summary.invalid).toBe(1)
    expect(result.resources.find((r) => r.status === 'statusInvalid')?.msg).toMatch(/revisionHistoryLimitt/)
  })

  test('strict validation rejects an unknown field in the CloudNativePG Cluster', () => {
    const { yaml, manifests } = renderChart(t, [VALUES['two-region']])
    const typo = yaml.replace('  enablePDB: true', '  enablePDB: true\n  enablePgVector: true')
    expect(typo).not.toBe(yaml)
    const { result } = kubeconform(t, KUBE_VERSIONS[1]!, manifests, typo)
    expect(result.resources.find((r) => r.status === 'statusInvalid')?.kind).toBe('Cluster')
  })

  test.each([
    ['a missing database Secret name', ['database.external.existingSecret='], /database.external.existingSecret/],
    ['an unknown database mode', ['database.mode=sqlite'], /at '\/database\/mode': value must be one of/],
    ['no regions', ['regions=null'], /name at least one region/],
    [
      'a region name the gateway refuses',
      ['regions[0].name=US_East'],
      /at '\/regions\/0\/name': 'US_East' does not match/,
    ],
    ['a missing identity Secret name', ['identity.existingSecret='], /identity.existingSecret/],
    ['a missing web Secret name', ['web.existingSecret='], /web.existingSecret/],
    ['a misspelt key (it would be ignored silently)', ['regoins[0].name=eu-west-1'], /additional properties 'regoins'/],
    ['llama.cpp threads of 0', ['llmWorker.threads=0'], /at '\/llmWorker\/threads': minimum/],
    ['a database CIDR that is not one', ['database.external.cidr=10.0.0.0'], /at '\/database\/external\/cidr'/],
  ])('refuses %s', (_what, set, message) => {
    const out = helmTemplate(t, [VALUES.default], set)
    expect(out.ok).toBe(false)
    expect(out.error).toMatch(message)
  })
})
