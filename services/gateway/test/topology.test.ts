import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError } from '@parley/core'
import { describe, expect, test } from 'vitest'
import { loadGatewayConfig, parseTopology, topologyFromEnv } from '../src/index.js'

describe('topology', () => {
  test('comes from environment variables, per region and pool', () => {
    const t = topologyFromEnv({
      GATEWAY_API_URLS: 'http://127.0.0.1:8081',
      GATEWAY_REGIONS: 'us-east-1, us-west-2',
      GATEWAY_US_EAST_1_LLM_URLS: 'http://127.0.0.1:1,http://127.0.0.1:2',
      GATEWAY_US_WEST_2_CHAT_URLS: 'http://127.0.0.1:3',
    })
    expect(t).toEqual({
      api: ['http://127.0.0.1:8081'],
      regions: [
        { name: 'us-east-1', pools: { llm: ['http://127.0.0.1:1', 'http://127.0.0.1:2'], chat: [], scoring: [] } },
        { name: 'us-west-2', pools: { llm: [], chat: ['http://127.0.0.1:3'], scoring: [] } },
      ],
    })
  })

  test('defaults to the two standard regions', () => {
    expect(topologyFromEnv({}).regions.map((r) => r.name)).toEqual(['us-east-1', 'us-west-2'])
  })

  test('comes from a JSON file named by GATEWAY_CONFIG', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gw-')), 'topology.json')
    writeFileSync(file, JSON.stringify({ api: [], regions: [{ name: 'eu-west-1', pools: { llm: ['http://h:1'] } }] }))
    const config = loadGatewayConfig({ GATEWAY_CONFIG: file })
    expect(config.topology.regions[0]).toEqual({
      name: 'eu-west-1',
      pools: { llm: ['http://h:1'], chat: [], scoring: [] },
    })
  })

  test.each([
    [{ api: [], regions: [] }, 'at least one region'],
    [{ regions: [{ name: 'US East', pools: {} }] }, 'lowercase'],
    [
      {
        regions: [
          { name: 'a', pools: {} },
          { name: 'a', pools: {} },
        ],
      },
      'unique',
    ],
    [{ regions: [{ name: 'a', pools: { llm: ['ftp://x'] } }] }, 'http'],
  ])('rejects %j naming the problem', (input, problem) => {
    expect(() => parseTopology(input)).toThrow(ConfigError)
    expect(() => parseTopology(input)).toThrow(problem)
  })

  test('a missing or malformed file is a config error naming GATEWAY_CONFIG', () => {
    expect(() => loadGatewayConfig({ GATEWAY_CONFIG: '/nonexistent/t.json' })).toThrow('GATEWAY_CONFIG')
    const file = join(mkdtempSync(join(tmpdir(), 'gw-')), 'bad.json')
    writeFileSync(file, '{not json')
    expect(() => loadGatewayConfig({ GATEWAY_CONFIG: file })).toThrow(ConfigError)
  })

  test('a bad limit is a config error naming the variable', () => {
    expect(() => loadGatewayConfig({ GATEWAY_RATE_BURST: '0' })).toThrow('GATEWAY_RATE_BURST')
    expect(() => loadGatewayConfig({ GATEWAY_STRATEGY: 'random' })).toThrow('GATEWAY_STRATEGY')
  })
})
