// The web BFF's cost: the same backend calls made the way the browser makes them (cookie → Next route handler →
// gateway) beside the same calls straight to the gateway with a bearer token, in the same run on the embedded stack.
// Plain JSON (GET tags) at p50/p99 and requests/s, and time to the first SSE token of a tutor reply.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider'
import { silentLogger } from '@parley/core'
import { startStack } from '../../apps/cli/src/stack.js'
import { type LoadResult, percentile, printRatio, runLoad } from '../lib/load.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const STREAMS = Number(process.env.BENCH_STREAMS ?? 6)

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-web-'))
const stack = await startStack({
  env: {
    ...process.env,
    PARLEY_DATA_DIR: dir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    LLM_THREADS: process.env.LLM_THREADS ?? '1',
    // One learner sends all the load: lift the gateway's per-user limits, which are not what is measured.
    GATEWAY_RATE_PER_SECOND: '100000',
    GATEWAY_RATE_BURST: '100000',
    GATEWAY_MAX_CONCURRENT_PER_USER: '64',
  },
  log: silentLogger(),
})
const web = stack.webUrl!
const gateway = stack.gatewayUrl
try {
  const email = `bench.${Date.now()}@example.com`
  const password = 'Parley-bench-1!'
  const json = { 'content-type': 'application/json' }
  await fetch(`${web}/api/auth/sign-up`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ name: 'Bench', email, password }),
  })
  const signIn = await fetch(`${web}/api/auth/sign-in`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, password }),
  })
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`)
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const sdk = new CognitoIdentityProviderClient({
    endpoint: stack.identity.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  })
  const auth = await sdk.send(
    new InitiateAuthCommand({
      ClientId: stack.identity.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  )
  const bearer = `Bearer ${auth.AuthenticationResult?.AccessToken}`

  const viaBff = (p: string, init: RequestInit = {}) =>
    fetch(`${web}/api/gw/${p}`, { ...init, headers: { ...json, cookie } })
  const direct = (p: string, init: RequestInit = {}) =>
    fetch(`${gateway}/${p}`, { ...init, headers: { ...json, authorization: bearer } })
  const drain = async (res: Response) => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    await res.arrayBuffer()
  }

  // Warm both paths (Next compiles nothing at run time, but its route modules load on first use).
  for (let i = 0; i < 20; i++)
    await Promise.all([drain(await viaBff('us-east-1/tags')), drain(await direct('us-east-1/tags'))])
  // Alternating rounds, so both paths see the same (shared, noisy) machine; figures are the rounds' means.
  const ROUNDS = 4
  const rounds = { ref: [] as LoadResult[], bff: [] as LoadResult[] }
  for (let r = 0; r < ROUNDS; r++) {
    const n = Math.ceil(REQUESTS / ROUNDS)
    rounds.ref.push(
      await runLoad({ concurrency: CONCURRENCY, requests: n, call: async () => drain(await direct('us-east-1/tags')) }),
    )
    rounds.bff.push(
      await runLoad({ concurrency: CONCURRENCY, requests: n, call: async () => drain(await viaBff('us-east-1/tags')) }),
    )
  }
  const mean = (xs: LoadResult[], k: 'perSecond' | 'p50Ms' | 'p99Ms') => xs.reduce((a, x) => a + x[k], 0) / xs.length
  console.log(
    `GET /us-east-1/tags, ${REQUESTS} requests, ${CONCURRENCY} concurrent; reference = straight to the gateway`,
  )
  printRatio('through the BFF: requests/s', mean(rounds.bff, 'perSecond'), mean(rounds.ref, 'perSecond'), 'req/s')
  printRatio('through the BFF: p50 latency', mean(rounds.bff, 'p50Ms'), mean(rounds.ref, 'p50Ms'), 'ms')
  printRatio('through the BFF: p99 latency', mean(rounds.bff, 'p99Ms'), mean(rounds.ref, 'p99Ms'), 'ms')

  // Time to the first SSE token, alternating the two paths so both see the same machine load.
  const body = JSON.stringify({
    conversationId: 'bench',
    messages: [{ role: 'user', content: 'Tell me about your weekend.' }],
    learner: { name: 'Bench', level: 'B1', nativeLanguage: 'en' },
    scenario: 'free-talk',
  })
  const firstToken = async (call: typeof direct) => {
    const started = performance.now()
    const res = await call('us-east-1/tutor/chat', { method: 'POST', body })
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`)
    const reader = res.body.getReader()
    const decoder = new TextDecoder()
    let text = ''
    let ttft = Number.NaN
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
      if (Number.isNaN(ttft) && text.includes('event: token')) ttft = performance.now() - started
    }
    return ttft
  }
  const bffTtft: number[] = []
  const refTtft: number[] = []
  for (let i = 0; i < STREAMS; i++) {
    refTtft.push(await firstToken(direct))
    bffTtft.push(await firstToken(viaBff))
  }
  console.log(`POST /us-east-1/tutor/chat, ${STREAMS} streams each, alternating; reference = straight to the gateway`)
  printRatio('through the BFF: time to first token p50', percentile(bffTtft, 50), percentile(refTtft, 50), 'ms')
} finally {
  await stack.close()
}
