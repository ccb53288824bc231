import { Writable } from 'node:stream'
import { expect, test } from 'vitest'
import { createLogger } from '../src/logger.js'

function sink() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  return { lines, stream }
}

const first = (lines: string[]) => lines[0] ?? ''
const occurrences = (line: string, key: string) => line.split(`"${key}":`).length - 1

test("a service's child of the stack's logger writes its service and region once, as JSON", () => {
  const { lines, stream } = sink()
  const root = createLogger({ name: 'parley', destination: stream, format: 'json', service: false })
  root.child({ service: 'chat-worker', region: 'us-east-1' }).info('ready')
  expect(lines).toHaveLength(1)
  expect(occurrences(first(lines), 'service')).toBe(1)
  expect(JSON.parse(first(lines))).toMatchObject({ service: 'chat-worker', region: 'us-east-1', msg: 'ready' })
})

test('a standalone service names itself once', () => {
  const { lines, stream } = sink()
  createLogger({ name: 'identity', destination: stream, format: 'json' }).info('up')
  expect(occurrences(first(lines), 'service')).toBe(1)
  expect(occurrences(first(lines), 'name')).toBe(0)
})

test('the pretty format is one readable line: level, service and region, then the message and other fields', () => {
  const { lines, stream } = sink()
  const root = createLogger({ name: 'parley', destination: stream, format: 'pretty', service: false })
  root.child({ service: 'gateway', region: 'us-west-2' }).warn({ worker: 'http://127.0.0.1:1' }, 'worker ejected')
  expect(lines).toHaveLength(1)
  expect(first(lines)).toMatch(/WARN.*gateway us-west-2 · worker ejected/)
  expect(first(lines)).toContain('http://127.0.0.1:1')
  expect(() => JSON.parse(first(lines))).toThrow()
})

test('auto is JSON when the destination is not a terminal', () => {
  const { lines, stream } = sink()
  createLogger({ name: 'api', destination: stream, format: 'auto' }).info('piped')
  expect(JSON.parse(first(lines)).msg).toBe('piped')
})
