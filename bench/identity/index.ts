// Sign-ins/s and refreshes/s through HTTP, beside what bounds them, measured in this same run: a sign-in is one
// argon2id verification plus two RS256 signatures and a few queries; a refresh is the signatures and the queries.
// The argon2 rate alone (same cost, same concurrency) is the physical limit of sign-ins; for refreshes the limits
// are RS256 signing alone and a bare HTTP round trip to the same server, both also measured here.
import { generateKeyPairSync } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { loadConfig, silentLogger } from '@parley/core'
import { openPglite } from '@parley/db'
import { identityEnv, startIdentity } from '@parley/identity'
import { SignJWT } from 'jose'
import { printRatio, runLoad } from '../lib/load.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200)
// libuv's thread pool (4 threads) runs the async argon2 hashes; more callers than that only queue.
const CONCURRENCY = 4
const USERS = 8
const PASSWORD = 'Bench-Password-1'

// Auto-confirm (off by default) so that the bench's learners can sign in straight after signing up.
const config = loadConfig(identityEnv, {
  PARLEY_DATA_DIR: 'memory://',
  LOG_LEVEL: 'silent',
  IDENTITY_PORT: '0',
  IDENTITY_AUTO_CONFIRM: 'true',
})
const argon2 = {
  memoryCost: config.IDENTITY_ARGON2_MEMORY_KIB,
  timeCost: config.IDENTITY_ARGON2_TIME_COST,
  parallelism: 1,
}
const db = await openPglite('memory://')
const svc = await startIdentity(config, { db, log: silentLogger() })

async function cognito(op: string, body: unknown) {
  const res = await fetch(`${svc.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${op}`,
    },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as Record<string, unknown>
  if (res.status !== 200) throw new Error(`${op}: ${JSON.stringify(json)}`)
  return json
}

const emails = Array.from({ length: USERS }, (_, i) => `bench-${i}@example.org`)
for (const email of emails)
  await cognito('SignUp', {
    ClientId: svc.clientId,
    Username: email,
    Password: PASSWORD,
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'name', Value: 'Bench' },
    ],
  })
const signIn = async (i: number) => {
  const out = await cognito('InitiateAuth', {
    ClientId: svc.clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: emails[i % USERS], PASSWORD },
  })
  return (out.AuthenticationResult as { RefreshToken: string }).RefreshToken
}
const refreshTokens = await Promise.all(emails.map((_, i) => signIn(i)))
const refresh = (i: number) =>
  cognito('InitiateAuth', {
    ClientId: svc.clientId,
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: refreshTokens[i % USERS] },
  })

// References, measured first so they see the same machine state as the service runs.
const stored = await hash(PASSWORD, argon2)
const argonAlone = await runLoad({ concurrency: CONCURRENCY, requests: REQUESTS, call: () => verify(stored, PASSWORD) })
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const signPair = () =>
  Promise.all(
    [1, 2].map(() => new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().sign(privateKey)),
  )
const rsaAlone = await runLoad({ concurrency: CONCURRENCY, requests: REQUESTS * 5, call: signPair })
// The HTTP floor: a bare round trip to the same server (its /healthz runs one `SELECT 1`).
const httpAlone = await runLoad({
  concurrency: CONCURRENCY,
  requests: REQUESTS * 5,
  call: async () => (await fetch(`${svc.url}/healthz`)).text(),
})

await signIn(0) // warm-up
const signIns = await runLoad({ concurrency: CONCURRENCY, requests: REQUESTS, call: signIn })
const refreshes = await runLoad({ concurrency: CONCURRENCY, requests: REQUESTS * 5, call: refresh })

console.log(
  `argon2id m=${argon2.memoryCost} KiB t=${argon2.timeCost} p=1, ${CONCURRENCY} in flight; node ${process.version}`,
)
printRatio('sign-ins/s (HTTP) vs argon2 verifies/s alone', signIns.perSecond, argonAlone.perSecond, '/s')
printRatio('refreshes/s (HTTP) vs argon2 verifies/s alone', refreshes.perSecond, argonAlone.perSecond, '/s')
printRatio('refreshes/s (HTTP) vs RS256 token pairs/s alone', refreshes.perSecond, rsaAlone.perSecond, '/s')
printRatio('refreshes/s (HTTP) vs bare HTTP round trips/s', refreshes.perSecond, httpAlone.perSecond, '/s')
console.log(
  `latency ms: sign-in p50 ${signIns.p50Ms.toFixed(1)} p99 ${signIns.p99Ms.toFixed(1)}; ` +
    `refresh p50 ${refreshes.p50Ms.toFixed(1)} p99 ${refreshes.p99Ms.toFixed(1)}; ` +
    `argon2 alone p50 ${argonAlone.p50Ms.toFixed(1)}`,
)
await svc.close()
await db.close()
