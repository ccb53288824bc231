import { Writable } from 'node:stream'
import { createLogger } from '@parley/core'
import { expect, test } from 'vitest'
import { withHeartbeat } from '../src/heartbeat.js'

test('a long step logs "still …" while it runs and stops when it ends', async () => {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)).msg)
      done()
    },
  })
  const log = createLogger({ name: 'parley', destination: sink })
  let finish: (value: string) => void = () => {}
  const step = withHeartbeat(log, 'opening the database', new Promise<string>((r) => (finish = r)), 20)
  while (lines.length < 2) await new Promise((r) => setTimeout(r, 5))
  finish('ready')
  expect(await step).toBe('ready')
  const seen = lines.length
  await new Promise((r) => setTimeout(r, 60))
  expect(lines).toHaveLength(seen)
  expect(lines[0]).toMatch(/^still opening the database \(\d+ s\)$/)
})

test('a failed step rejects as it did, and the heartbeat stops', async () => {
  const log = createLogger({ name: 'parley', level: 'silent' })
  await expect(withHeartbeat(log, 'x', Promise.reject(new Error('disk full')), 5)).rejects.toThrow('disk full')
})
