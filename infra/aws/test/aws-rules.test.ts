import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { branches, resolveSample } from './intrinsics.js'
import { propsOf, type Synthesised, synthParley } from './synth-app.js'

// Rules AWS applies when the templates are deployed, which synth and cdk-nag do not know. Each table below is a copy
// of AWS's published data, with its source; when AWS changes it, update the copy (and the date it was taken).

/**
 * AWS-ApplyAnsiblePlaybooks, the Systems Manager document the associations run: its parameters' allowedPattern and
 * allowedValues, copied from the document content (`aws ssm get-document --name AWS-ApplyAnsiblePlaybooks`, schema
 * 2.2; https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-state-manager-ansible.html).
 * Systems Manager refuses an association whose values do not match. ExtraVariables refuses ':' (so no URL) and
 * whitespace, | ( ) ; & in a value, even inside quotes.
 */
const APPLY_ANSIBLE_PLAYBOOKS = {
  ExtraVariables: /^$|^\w+=(([^\s|:();&]+)|('[^|:();&]+'))(\s+\w+=(([^\s|:();&]+)|('[^|:();&]+')))*$/,
  PlaybookFile: /[(a-z_A-Z0-9\-.)/]+(.yml|.yaml)$/,
  allowedValues: {
    SourceType: ['GitHub', 'S3'],
    InstallDependencies: ['True', 'False'],
    Check: ['True', 'False'],
    Verbose: ['-v', '-vv', '-vvv', '-vvvv'],
  } as Record<string, string[]>,
  parameters: [
    'SourceType',
    'SourceInfo',
    'InstallDependencies',
    'PlaybookFile',
    'ExtraVariables',
    'Check',
    'Verbose',
    'TimeoutSeconds',
  ],
}

/**
 * Lambda runtime deprecation dates (after which new functions cannot use the runtime), from
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html ("Supported runtimes" and "Deprecated
 * runtimes"), taken 2026-12-01.
 */
const LAMBDA_DEPRECATION: Record<string, string> = {
  'nodejs16.x': '2024-06-12',
  'nodejs18.x': '2025-09-01',
  'nodejs20.x': '2026-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs24.x': '2028-04-30',
}

/**
 * RDS for PostgreSQL 16, the major the config pins: end of standard support from the Amazon RDS for PostgreSQL
 * release calendar (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html);
 * the minors offered for new instances as AWS's DescribeDBEngineVersions lists them, copied from cfn-lint 1.51's
 * engine_version data (16.1–16.5 and 16.7 are deprecated there); pgvector ships from 16.1
 * (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-extensions.html). Taken
 * 2026-12-01; cfn-lint, which CI runs on the templates, brings AWS's newer lists between updates of this copy.
 */
const RDS_POSTGRES: Record<string, { standardSupportEnds: string; offered: number[]; pgvectorFrom: number }> = {
  '16': { standardSupportEnds: '2029-02-28', offered: [6, 8, 9, 10, 11, 12, 13], pgvectorFrom: 1 },
}

const STACKS = ['lks-dev-identity', 'lks-dev-zone-a', 'lks-dev-zone-b', 'lks-dev-data', 'lks-dev-edge']
const today = new Date().toISOString().slice(0, 10)

let s: Synthesised
beforeAll(() => {
  s = synthParley()
})
afterAll(() => s?.cleanup())

const templateOf = (stack: string) => s.assembly.getStackByName(stack).template

describe('SSM associations (AWS-ApplyAnsiblePlaybooks)', () => {
  const associations = () =>
    ['lks-dev-zone-a', 'lks-dev-zone-b', 'lks-dev-edge'].flatMap((stack) =>
      propsOf(s.template(stack), 'AWS::SSM::Association').map((a) => ({ stack, a })),
    )

  test('every association exists and runs the document', () => {
    expect(associations().length).toBeGreaterThanOrEqual(6)
    for (const { a } of associations()) expect(a.Name).toBe('AWS-ApplyAnsiblePlaybooks')
  })

  test("every parameter value matches the document's allowedPattern and allowedValues", () => {
    for (const { stack, a } of associations()) {
      const params = a.Parameters as Record<string, unknown[]>
      for (const [key, values] of Object.entries(params)) {
        expect(APPLY_ANSIBLE_PLAYBOOKS.parameters).toContain(key)
        for (const variant of branches(values[0])) {
          const value = resolveSample(variant, templateOf(stack))
          const allowed = APPLY_ANSIBLE_PLAYBOOKS.allowedValues[key]
          if (allowed) expect({ key, value }).toEqual({ key, value: expect.toSatisfy((v) => allowed.includes(v)) })
          if (key === 'ExtraVariables' || key === 'PlaybookFile') {
            const pattern = APPLY_ANSIBLE_PLAYBOOKS[key]
            expect({ stack, key, value, matches: pattern.test(value) }).toEqual({ stack, key, value, matches: true })
          }
        }
      }
    }
  })

  test('each association passes every variable the playbook asserts for its role', () => {
    const playbook = readFileSync(fileURLToPath(new URL('../../ansible/playbook.yml', import.meta.url)), 'utf8')
    // The assert blocks: "- name | length > 0" or "- name is match(...)", under an optional "when:" for the role.
    const blocks = playbook.split(/\n {4}- name: /).slice(1)
    let checked = 0
    for (const { stack, a } of associations()) {
      const extra = resolveSample((a.Parameters as Record<string, unknown[]>).ExtraVariables![0], templateOf(stack))
      const passed = Object.fromEntries(extra.split(' ').map((kv) => kv.split('=') as [string, string]))
      for (const block of blocks) {
        const when = /when: parley_role (==|!=) '(\w+)'/.exec(block)
        if (when && (when[1] === '==') !== (passed.parley_role === when[2])) continue
        const required = [...block.matchAll(/^ {10}- (\w+) (?:\||is match)/gm)].map((m) => m[1]!)
        for (const name of required) {
          checked++
          expect({ stack, role: passed.parley_role, name, passed: name in passed }).toMatchObject({ passed: true })
        }
      }
    }
    expect(checked).toBeGreaterThan(6 * 6)
  })

  test('the pattern copy refuses what AWS refuses (a URL, a quoted colon)', () => {
    const p = APPLY_ANSIBLE_PLAYBOOKS.ExtraVariables
    expect(p.test('SSM=True parley_role=llm')).toBe(true)
    expect(p.test('release_s3_uri=s3://bucket/key.zip')).toBe(false)
    expect(p.test("llm_pool_url='http://host'")).toBe(false)
  })
})

test('every Lambda runtime is listed and not past its deprecation date', () => {
  const runtimes = STACKS.flatMap((stack) => propsOf(s.template(stack), 'AWS::Lambda::Function').map((f) => f.Runtime))
  expect(runtimes.length).toBeGreaterThan(0)
  for (const runtime of runtimes) {
    const deprecated = LAMBDA_DEPRECATION[String(runtime)]
    expect({ runtime, listed: deprecated !== undefined }).toEqual({ runtime, listed: true })
    expect({ runtime, deprecated, current: deprecated! > today }).toEqual({ runtime, deprecated, current: true })
  }
})

test('RDS PostgreSQL pins a minor offered for new instances, in standard support, with pgvector', () => {
  const [db] = propsOf(s.template('lks-dev-data'), 'AWS::RDS::DBInstance')
  expect(db?.Engine).toBe('postgres')
  const version = String(db?.EngineVersion)
  const [major = '', minor = ''] = version.split('.')
  const entry = RDS_POSTGRES[major]
  expect({ version, supportedMajor: entry !== undefined }).toEqual({ version, supportedMajor: true })
  expect(entry!.standardSupportEnds > today).toBe(true)
  // A minor retires within about a year (16.4 did): the pinned one must be offered now.
  expect({ version, offered: entry!.offered.includes(Number(minor)) }).toEqual({ version, offered: true })
  expect(Number(minor)).toBeGreaterThanOrEqual(entry!.pgvectorFrom)
  // Later minors arrive by themselves.
  expect(db?.AutoMinorVersionUpgrade).toBe(true)
})

// cfn-lint checks the templates against CloudFormation's current resource schemas and AWS's service data
// (properties a type does not take, deprecated engine versions and runtimes…). .ci/run installs it from PyPI; here,
// as for ansible, only a developer machine without it skips. Warnings are fixed or acknowledged on the resource
// (lib/nag.ts writes cfn-lint's ignore_checks metadata with the reason), so any finding fails.
const hasCfnLint = spawnSync('sh', ['-c', 'command -v cfn-lint']).status === 0
test.skipIf(!hasCfnLint && !process.env.CI)(
  'cfn-lint finds nothing in any synthesised template',
  () => {
    const templates = readdirSync(s.outdir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => join(s.outdir, f))
    expect(templates).toHaveLength(STACKS.length)
    const result = spawnSync('cfn-lint', ['--format', 'parseable', ...templates], { encoding: 'utf8' })
    expect({ status: result.status, findings: result.stdout.trim().split('\n').filter(Boolean) }).toEqual({
      status: 0,
      findings: [],
    })
    // cfn-lint takes about 30 s on 2 cores, several times that on a loaded machine.
  },
  400_000,
)

/** Prometheus metric types the services declare (prom-client constructors in each service's src/metrics.ts). */
function declaredMetricTypes(): Record<string, string> {
  const services = fileURLToPath(new URL('../../../services/', import.meta.url))
  const types: Record<string, string> = {}
  for (const service of readdirSync(services)) {
    let source: string
    try {
      source = readFileSync(join(services, service, 'src/metrics.ts'), 'utf8')
    } catch {
      continue
    }
    for (const m of source.matchAll(/new (Counter|Gauge|Histogram|Summary)\(\{\s*name: '(\w+)'/g)) types[m[2]!] = m[1]!
  }
  return types
}

test('the dashboard and alarms use only worker metrics the CloudWatch agent delivers (gauges and counters)', () => {
  const declared = declaredMetricTypes()
  expect(Object.keys(declared).length).toBeGreaterThan(3)
  const used = new Set<string>()
  const body = JSON.stringify(propsOf(s.template('lks-dev-edge'), 'AWS::CloudWatch::Dashboard')[0]?.DashboardBody)
  for (const m of body.matchAll(/MetricName=\\+"(\w+)\\+"/g)) used.add(m[1]!)
  for (const stack of STACKS) {
    for (const alarm of propsOf(s.template(stack), 'AWS::CloudWatch::Alarm')) {
      if (alarm.Namespace === 'Parley/Workers') used.add(String(alarm.MetricName))
    }
  }
  const workerMetrics = [...used].filter((m) => m in declared || /^(llm|chat|scoring|gateway)_/.test(m))
  expect(workerMetrics.length).toBeGreaterThan(0)
  for (const metric of workerMetrics) {
    expect({ metric, type: declared[metric] }).toEqual({ metric, type: expect.stringMatching(/^(Gauge|Counter)$/) })
  }
})
