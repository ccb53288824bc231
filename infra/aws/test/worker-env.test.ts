import { expect, test } from 'vitest'
import { renderRoleTemplate } from './render-template.js'

// The environment files the playbook writes, rendered as Ansible would from the association's variables.
const DEFAULTS = ['parley_worker/defaults/main.yml', 'parley_release/defaults/main.yml', 'efs/defaults/main.yml']
const BASE = { aws_region: 'us-east-1', parley_home: '/var/lib/parley', ansible_managed: 'Ansible managed' }
const env = (vars: Record<string, unknown>) =>
  Object.fromEntries(
    renderRoleTemplate('parley_worker/templates/worker.env.j2', { ...BASE, ...vars }, DEFAULTS)
      .split('\n')
      .filter((l) => /^[A-Z_0-9]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  )

test("the gateway gets every region's load balancer as its three pools, and the Cognito issuer", () => {
  const gateway = env({
    parley_role: 'edge',
    item: { service: 'gateway', port: 8080 },
    region_lb_hosts:
      'us-east-1/internal-a.us-east-1.elb.amazonaws.com,us-west-2/internal-b.us-west-2.elb.amazonaws.com',
    user_pool_id: 'us-east-1_Pool1',
    user_pool_client_id: 'client1',
    api_host: 'abc.execute-api.us-east-1.amazonaws.com',
  })
  expect(gateway).toMatchObject({
    PORT: '8080',
    GATEWAY_METRICS_PORT: '9464',
    GATEWAY_REGIONS: 'us-east-1,us-west-2',
    GATEWAY_US_EAST_1_LLM_URLS: 'http://internal-a.us-east-1.elb.amazonaws.com',
    GATEWAY_US_WEST_2_SCORING_URLS: 'http://internal-b.us-west-2.elb.amazonaws.com',
    GATEWAY_API_URLS: 'https://abc.execute-api.us-east-1.amazonaws.com',
    AUTH_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1',
    AUTH_CLIENT_IDS: 'client1',
  })
})

test('the web app finds the gateway on loopback and Cognito in its region, at run time', () => {
  const web = env({
    parley_role: 'edge',
    item: { service: 'web', port: 3000 },
    user_pool_client_id: 'client1',
    parley_session_secret: 'x'.repeat(48),
  })
  expect(web).toMatchObject({
    WEB_GATEWAY_URL: 'http://127.0.0.1:8080',
    WEB_IDENTITY_ENDPOINT: 'https://cognito-idp.us-east-1.amazonaws.com',
    WEB_COGNITO_CLIENT_ID: 'client1',
    WEB_SESSION_SECRET: 'x'.repeat(48),
  })
})

test('a chat worker uses the zone load balancer, and the api only once its host is known', () => {
  const vars = { parley_role: 'chat', item: { service: 'chat-worker', port: 11435 }, llm_pool_host: 'internal-a.elb' }
  expect(env(vars)).toMatchObject({ CHAT_LLM_URL: 'http://internal-a.elb', CHAT_MODEL: 'smollm2:135m' })
  expect(env(vars).CHAT_API_URL).toBeUndefined()
  expect(env({ ...vars, api_host: 'abc.execute-api.us-east-1.amazonaws.com' }).CHAT_API_URL).toBe(
    'https://abc.execute-api.us-east-1.amazonaws.com',
  )
})
