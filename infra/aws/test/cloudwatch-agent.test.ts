import { readFileSync } from 'node:fs'
import { Validator } from '@cfworker/json-schema'
import { describe, expect, test } from 'vitest'
import { renderRoleTemplate } from './render-template.js'

// The agent refuses a config that breaks its schema (`fetch-config` fails, and so does the playbook), so the
// rendered config of every role is validated against the agent's own schema (vendor/README.md says where from).
const schema = JSON.parse(readFileSync(new URL('./vendor/cloudwatch-agent-schema.json', import.meta.url), 'utf8'))
const validator = new Validator(schema, '4', false)

const DEFAULTS = [
  'cloudwatch_agent/defaults/main.yml',
  'parley_worker/defaults/main.yml',
  'parley_release/defaults/main.yml',
  'efs/defaults/main.yml',
]
const VARS = {
  aws_region: 'us-east-1',
  log_group: 'lks-workers-zone-a',
  metrics_namespace: 'Parley/Workers',
  release_key: '0123abcd.zip',
  release_bucket: 'cdk-hnb659fds-assets-123456789012-us-east-1',
  parley_home: '/var/lib/parley',
  ansible_managed: 'Ansible managed',
  ansible_facts: { processor_vcpus: 2 },
}

// One render per role (each starts Python); tests get a fresh copy to change.
const rendered = new Map<string, string>()
const render = (role: string) => {
  let text = rendered.get(role)
  if (text === undefined) {
    const template = 'cloudwatch_agent/templates/amazon-cloudwatch-agent.json.j2'
    text = renderRoleTemplate(template, { ...VARS, parley_role: role }, DEFAULTS)
    rendered.set(role, text)
  }
  return JSON.parse(text)
}

describe.each(['llm', 'chat', 'scoring', 'edge'])('the CloudWatch agent config of %s', (role) => {
  test("is valid against the agent's schema", () => {
    const result = validator.validate(render(role))
    expect(result.errors.map((e) => `${e.instanceLocation}: ${e.error}`)).toEqual([])
    expect(result.valid).toBe(true)
  })

  test("scrapes the role's /metrics into EMF and ships each service's log", () => {
    const config = render(role)
    const prometheus = config.logs.metrics_collected.prometheus
    expect(prometheus.prometheus_config_path).toMatch(/prometheus\.yaml$/)
    expect(prometheus.emf_processor.metric_namespace).toBe('Parley/Workers')
    const services = role === 'edge' ? ['gateway', 'web'] : [`${role}-worker`]
    const files = config.logs.logs_collected.files.collect_list.map((f: { file_path: string }) => f.file_path)
    expect(files).toEqual(services.map((s) => `/var/log/parley/${s}.log`))
  })
})

test('the vendored schema refuses the old config, with prometheus under logs_collected', () => {
  const config = render('llm')
  config.logs.logs_collected.prometheus = config.logs.metrics_collected.prometheus
  delete config.logs.metrics_collected
  expect(validator.validate(config).valid).toBe(false)
})

test('the Prometheus scrape config labels each target with its service (the EMF dimension)', () => {
  const yaml = renderRoleTemplate(
    'cloudwatch_agent/templates/prometheus.yaml.j2',
    { ...VARS, parley_role: 'edge' },
    DEFAULTS,
  )
  expect(yaml).toContain('targets: ["127.0.0.1:9464"]')
  expect(yaml).toContain('service: gateway')
  expect(yaml).not.toContain('service: web')
})
