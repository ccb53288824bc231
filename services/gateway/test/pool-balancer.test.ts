import { silentLogger } from '@parley/core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startPoolBalancer } from '../src/pool-balancer.js'
import { deadUrl, startUpstream, type TestUpstream } from './support/upstream.js'

// The balancer the local cluster puts in front of each region's llm-workers for the chat and scoring workers.

let live: TestUpstream
let balancer: Awaited<ReturnType<typeof startPoolBalancer>>

beforeAll(async () => {
  live = await startUpstream('live')
  balancer = await startPoolBalancer({
    name: 'llm-balancer-test',
    region: 'us-east-1',
    urls: [await deadUrl(), live.url],
    log: silentLogger(),
    healthIntervalMs: 0,
    forwarding: { attemptsPerRegion: 3, timeouts: { connectMs: 1000, firstByteMs: 5000, idleMs: 5000 } },
  })
})
afterAll(async () => {
  await balancer.close()
  await live.close()
})

test('passes any path through to a live worker, retrying past a dead one, with no token needed', async () => {
  for (let i = 0; i < 4; i++) {
    const res = await fetch(`${balancer.url}/api/chat?x=${i}`, { method: 'POST', body: `{"i":${i}}` })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ upstream: 'live', url: `/api/chat?x=${i}`, body: `{"i":${i}}` })
  }
})

test('refuses path tricks before forwarding', async () => {
  const before = live.seen.length
  expect((await fetch(`${balancer.url}/api/tags%2f..%2fadmin`)).status).toBe(400)
  expect(live.seen.length).toBe(before)
})
