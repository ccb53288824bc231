import { expect, test } from 'vitest'
import { gatewayTarget } from '../lib/gateway-paths'

const SUB = 'user-123'
const USER = '0b7c5e1a-2d3f-4a5b-8c9d-0e1f2a3b4c5d'

// The BFF passes only the admin API's own paths (the gateway then refuses them to non-admins).
test('the admin API paths the admin pages call are allowed, and nothing around them', () => {
  expect(gatewayTarget(['admin', 'users'], 'GET', SUB)).toEqual({ path: '/admin/users', region: undefined })
  expect(gatewayTarget(['admin', 'users', USER, 'disable'], 'POST', SUB)).toMatchObject({
    path: `/admin/users/${USER}/disable`,
  })
  expect(gatewayTarget(['admin', 'users', USER], 'DELETE', SUB)).toMatchObject({ path: `/admin/users/${USER}` })
  expect(gatewayTarget(['admin', 'regions', 'us-east-1', 'models', 'pull'], 'POST', SUB)).toMatchObject({
    path: '/admin/regions/us-east-1/models/pull',
  })
  expect(gatewayTarget(['admin', 'regions', 'us-east-1', 'models', 'smollm2:135m'], 'DELETE', SUB)).toMatchObject({
    path: '/admin/regions/us-east-1/models/smollm2%3A135m',
  })
  // Users are named by sub only; other verbs, other segments and a `:` outside a model name are refused.
  expect(gatewayTarget(['admin', 'users', 'ann@example.com', 'disable'], 'POST', SUB)).toEqual({ error: 'not_found' })
  expect(gatewayTarget(['admin', 'users', USER, 'root'], 'POST', SUB)).toEqual({ error: 'not_found' })
  expect(gatewayTarget(['admin', 'users'], 'DELETE', SUB)).toEqual({ error: 'method_not_allowed' })
  expect(gatewayTarget(['admin', 'users:x'], 'GET', SUB)).toEqual({ error: 'not_found' })
  expect(gatewayTarget(['admin', 'metrics'], 'GET', SUB)).toEqual({ error: 'not_found' })
})
