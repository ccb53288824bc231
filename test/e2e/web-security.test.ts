import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import { loadConfig, type RunningService } from '@parley/core'
import { identityEnv, localAdminCredentials, type RunningIdentity, startIdentity } from '@parley/identity'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startWeb, webEnv } from '../../apps/web/server.js'
import { PASSWORD } from './support/learner.js'

/**
 * The web server (production Next build) in front of a real identity service, attacked over HTTP: login CSRF,
 * one anonymous client locking every learner out, and a copied session cookie outliving sign-out.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-web-security-'))
let identity: RunningIdentity
let web: RunningService
let admin: CognitoIdentityProviderClient

beforeAll(async () => {
  identity = await startIdentity(
    loadConfig(identityEnv, {
      PARLEY_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      IDENTITY_PORT: '0',
      IDENTITY_ARGON2_MEMORY_KIB: '1024',
      IDENTITY_ARGON2_TIME_COST: '1',
      IDENTITY_MAX_FAILURES_PER_IP: '5',
      // As the embedded stack sets it: the web server (on loopback) names the browser.
      IDENTITY_TRUSTED_PROXIES: 'loopback',
    }),
  )
  admin = new CognitoIdentityProviderClient({
    endpoint: identity.url,
    region: 'us-east-1',
    credentials: localAdminCredentials(dataDir) as { accessKeyId: string; secretAccessKey: string },
  })
  web = await startWeb(
    loadConfig(webEnv, {
      PARLEY_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      WEB_PORT: '0',
      WEB_IDENTITY_ENDPOINT: identity.url,
      WEB_COGNITO_CLIENT_ID: identity.clientId,
      WEB_REVOCATIONS_URL: identity.revocationsUrl,
      WEB_GATEWAY_URL: 'http://127.0.0.1:9',
      // The test plays several browsers from one address, each behind this "proxy" with its own X-Forwarded-For.
      WEB_TRUSTED_PROXIES: 'loopback',
    }),
    // Short header and request deadlines, so the slow-client test below is quick; every other request here is prompt.
    { log: () => {}, timeouts: { headersMs: 2_000, requestMs: 5_000 } },
  )
}, 600_000)
afterAll(async () => {
  admin?.destroy()
  await web?.close()
  await identity?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const post = (p: string, body: string, headers: Record<string, string>) =>
  fetch(`${web.url}${p}`, { method: 'POST', body, headers, redirect: 'manual' })
const json = { 'content-type': 'application/json' }
const signInBody = (email: string, password = PASSWORD) => JSON.stringify({ email, password })

async function learner(email: string) {
  const up = await post('/api/auth/sign-up', JSON.stringify({ email, password: PASSWORD, name: 'Sam' }), {
    ...json,
    'x-forwarded-for': '192.0.2.200',
  })
  expect(up.status).toBe(201)
  await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: identity.poolId, Username: email }))
}

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')

describe('login CSRF', () => {
  test('a cross-site form post cannot sign the browser in; the same sign-in from the page can', async () => {
    await learner('csrf-victim@example.org')
    const attacks: [string, Record<string, string>, number][] = [
      [
        'cross-site Origin, text/plain (what an HTML form can send)',
        { 'content-type': 'text/plain', origin: 'https://evil.example' },
        403,
      ],
      ['cross-site fetch metadata', { ...json, 'sec-fetch-site': 'cross-site' }, 403],
      ['same-site but another origin', { ...json, origin: 'http://evil.127.0.0.1.nip.io' }, 403],
      ['opaque origin', { ...json, origin: 'null' }, 403],
      ['form encoding from no origin at all', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ]
    for (const [what, headers, refused] of attacks) {
      const res = await post('/api/auth/sign-in', signInBody('csrf-victim@example.org'), headers)
      expect({ what, status: res.status }).toEqual({ what, status: refused })
      expect(res.headers.getSetCookie(), what).toEqual([])
    }
    const page = await post('/api/auth/sign-in', signInBody('csrf-victim@example.org'), {
      ...json,
      origin: web.url,
      'sec-fetch-site': 'same-origin',
    })
    expect(page.status).toBe(200)
    expect(cookiesOf(page)).toContain('parley_session=')
  })
})

describe('per-IP limits behind the web server', () => {
  test("one anonymous client's failed sign-ins do not lock other learners out", async () => {
    await learner('bystander@example.org')
    const attacker = { ...json, 'x-forwarded-for': '203.0.113.66' }
    const statuses: number[] = []
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await post('/api/auth/sign-in', signInBody(`nobody-${i}@example.org`, 'Wrong-Pass-1!'), attacker)).status,
      )
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.slice(5)).toEqual([429, 429])
    const other = await post('/api/auth/sign-in', signInBody('bystander@example.org'), {
      ...json,
      'x-forwarded-for': '198.51.100.3',
    })
    expect(other.status).toBe(200)
  })
})

describe('sign-out ends the session on the server', () => {
  test('a session cookie copied before sign-out stops working after it', async () => {
    await learner('copied@example.org')
    const signedIn = await post('/api/auth/sign-in', signInBody('copied@example.org'), json)
    expect(signedIn.status).toBe(200)
    const copied = cookiesOf(signedIn)
    const me = () => fetch(`${web.url}/api/auth/me`, { headers: { cookie: copied } }).then((r) => r.status)
    expect(await me()).toBe(200)
    const out = await post('/api/auth/sign-out', '', { cookie: copied })
    expect(out.status).toBe(200)
    // The web server reads identity's revocation list (cached two seconds): wait for it, never past ten.
    let status = await me()
    for (let i = 0; status !== 401 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 200))
      status = await me()
    }
    expect(status).toBe(401)
  })
})

describe('slow clients', () => {
  // The test's own 30 s limit: Node's default header deadline (60 s) and none at all both fail it; 2 s passes.
  test('a client trickling its headers is cut off at the header deadline, as by every service', async () => {
    const { hostname, port } = new URL(web.url)
    const socket = connect(Number(port), hostname)
    let answer = ''
    socket.on('data', (chunk) => {
      answer += String(chunk)
    })
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    socket.write('GET /sign-in HTTP/1.1\r\nHost: x\r\n')
    // One header line every 200 ms, for ever: only the server's deadline can end this connection.
    const trickle = setInterval(() => socket.writable && socket.write('X-Slow: y\r\n'), 200)
    await new Promise<void>((resolve) => socket.once('close', () => resolve()))
    clearInterval(trickle)
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true)
  }, 30_000)
})
