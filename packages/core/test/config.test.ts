import { describe, expect, test } from 'vitest'
import { ConfigError, commonEnv, env, loadConfig } from '../src/index.js'

describe('loadConfig', () => {
  const shape = { ...commonEnv, API_PORT: env.port(8081), FAILOVER: env.bool(true), REGIONS: env.list(['a', 'b']) }

  test('applies documented defaults when variables are unset or empty', () => {
    const cfg = loadConfig(shape, { API_PORT: '' })
    expect(cfg).toMatchObject({ API_PORT: 8081, FAILOVER: true, REGIONS: ['a', 'b'], PARLEY_DATA_DIR: './.parley' })
  })

  test('parses numbers, booleans and lists', () => {
    const cfg = loadConfig(shape, { API_PORT: '0', FAILOVER: 'off', REGIONS: 'x, y ,z' })
    expect(cfg).toMatchObject({ API_PORT: 0, FAILOVER: false, REGIONS: ['x', 'y', 'z'] })
  })

  test('a bad value fails with a message naming the variable', () => {
    const load = () => loadConfig(shape, { API_PORT: 'eighty', LOG_LEVEL: 'loud' })
    expect(load).toThrow(ConfigError)
    try {
      load()
    } catch (err) {
      const e = err as ConfigError
      expect(e.issues.map((i) => i.variable).sort()).toEqual(['API_PORT', 'LOG_LEVEL'])
      expect(e.message).toMatch(/API_PORT: /)
    }
  })

  test('an out-of-range port is rejected', () => {
    expect(() => loadConfig(shape, { API_PORT: '70000' })).toThrow(/API_PORT/)
  })
})
