import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const ANSIBLE_DIR = fileURLToPath(new URL('../../ansible/', import.meta.url))

// Jinja2 (which Ansible itself uses) renders the role's template with the roles' defaults and the association's
// extra vars, plus the Ansible filters the templates use. PyYAML and Jinja2 come with Ansible (.ci/run).
const RENDER = `
import json, re, sys, yaml, jinja2
req = json.load(sys.stdin)
variables = {}
for path in req['defaults']:
    variables.update(yaml.safe_load(open(path)) or {})
variables.update(req['vars'])
env = jinja2.Environment(loader=jinja2.FileSystemLoader(req['root']), undefined=jinja2.StrictUndefined)
env.filters['to_json'] = json.dumps
env.filters['combine'] = lambda a, b: {**a, **b}
env.filters['regex_replace'] = lambda s, pattern, repl: re.sub(pattern, repl, s)
def settle(v, ctx):
    if isinstance(v, str) and '{{' in v:
        try:
            out = env.from_string(v).render(**ctx)
            return yaml.safe_load(out) if out.strip() else out
        except Exception:  # undefined here (Ansible evaluates lazily): left for the template to need or not
            return v
    if isinstance(v, dict):
        return {k: settle(x, ctx) for k, x in v.items()}
    if isinstance(v, list):
        return [settle(x, ctx) for x in v]
    return v
ctx = dict(variables)
# Defaults refer to each other ("{{ parley_services_by_role[parley_role] }}"): render them until they settle.
for _ in range(5):
    ctx = {k: settle(v, ctx) for k, v in ctx.items()}
sys.stdout.write(env.get_template(req['template']).render(**ctx))
`

/** Renders a role template (path relative to infra/ansible/roles) for one role, as the playbook would. */
export function renderRoleTemplate(template: string, vars: Record<string, unknown>, defaults: string[]): string {
  const roles = `${ANSIBLE_DIR}roles/`
  const result = spawnSync('python3', ['-c', RENDER], {
    input: JSON.stringify({ root: roles, template, vars, defaults: defaults.map((d) => `${roles}${d}`) }),
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`rendering ${template} failed: ${result.stderr}`)
  return result.stdout
}
