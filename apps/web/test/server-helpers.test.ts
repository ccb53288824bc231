import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { EncryptJWT } from 'jose'
import { beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { passwordChecks } from '../lib/password-policy'
import { parseRegions } from '../lib/regions'
import { setWebConfig } from '../lib/server/config'
import { parseWebEnv } from '../lib/server/env'
import { HttpError, readJson } from '../lib/server/http'
import { cookieOptions, readRefresh, readSession, seal, sessionFromTokens } from '../lib/server/session'

const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-web-'))

beforeAll(() => setWebConfig(parseWebEnv({ PARLEY_DATA_DIR: dataDir })))

/** An unsigned JWT-shaped string, as identity's tokens look to the session (claims are read, not verified). */
const fakeJwt = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`

describe('session cookies', () => {
  test('seal and read back; the generated key is persisted privately', async () => {
    const session = sessionFromTokens({
      accessToken: fakeJwt({ sub: 'u1', username: 'u1', exp: 2_000_000_000 }),
      idToken: fakeJwt({ sub: 'u1', email: 'a@b.co', name: 'Ana' }),
    })
    expect(session).toMatchObject({ sub: 'u1', email: 'a@b.co', name: 'Ana', expiresAt: 2_000_000_000_000 })
    expect(await readSession(await seal(session))).toMatchObject({ sub: 'u1', name: 'Ana' })
    const keyFile = path.join(dataDir, 'web', 'session.key')
    expect(readFileSync(keyFile, 'utf8').length).toBeGreaterThan(40)
    expect(statSync(keyFile).mode & 0o077).toBe(0)
  })

  test('tampered, foreign-key and wrong-shape cookies read as signed out', async () => {
    const good = await seal({ sub: 'u1', accessToken: 'x' })
    expect(await readSession(`${good.slice(0, -4)}AAAA`)).toBeUndefined()
    const foreign = await new EncryptJWT({ sub: 'u1', accessToken: 'x' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(new Uint8Array(32).fill(7))
    expect(await readSession(foreign)).toBeUndefined()
    expect(await readRefresh(good)).toBeUndefined()
    expect(await readSession('not-a-jwe')).toBeUndefined()
    expect(await readSession(undefined)).toBeUndefined()
  })

  test('Secure outside localhost, always httpOnly and SameSite=Lax', () => {
    expect(cookieOptions('http://127.0.0.1:3000/x')).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false })
    expect(cookieOptions('https://parley.example/x')).toMatchObject({ secure: true })
    expect(cookieOptions('http://192.168.1.5:3000/x')).toMatchObject({ secure: true })
  })
})

describe('readJson', () => {
  const schema = z.object({ name: z.string().max(5) })
  const req = (body: string, headers: Record<string, string> = {}) =>
    new Request('http://x/', { method: 'POST', body, headers })

  test('valid bodies parse', async () => {
    expect(await readJson(req('{"name":"ok"}'), schema)).toEqual({ name: 'ok' })
  })

  test('malformed JSON, wrong types and oversized bodies are clear 4xx', async () => {
    await expect(readJson(req('{nope'), schema)).rejects.toMatchObject({ status: 400, code: 'malformed_json' })
    await expect(readJson(req('{"name":7}'), schema)).rejects.toMatchObject({ status: 400, code: 'invalid_input' })
    await expect(readJson(req(JSON.stringify({ name: 'x'.repeat(100) })), schema, 50)).rejects.toBeInstanceOf(HttpError)
    await expect(readJson(req('{}', { 'content-length': '999999' }), schema, 50)).rejects.toMatchObject({ status: 413 })
  })
})

describe('env and small parsers', () => {
  test('a bad variable fails at start, naming it', () => {
    expect(() => parseWebEnv({ WEB_GATEWAY_URL: 'not a url' })).toThrow(/WEB_GATEWAY_URL/)
    expect(() => parseWebEnv({ WEB_SESSION_SECRET: 'short' })).toThrow(/WEB_SESSION_SECRET/)
    expect(parseWebEnv({ WEB_PORT: '' }).WEB_PORT).toBe(3000)
  })

  test('regions: healthy, degraded and down from pool counts', () => {
    const regions = parseRegions({
      regions: [
        { name: 'us-east-1', pools: { llm: { healthy: 2, total: 2 }, chat: { healthy: 1, total: 1 } } },
        { name: 'us-west-2', pools: { llm: { healthy: 0, total: 2 }, chat: { healthy: 1, total: 1 } } },
        { name: 'eu-west-1', pools: { llm: { healthy: 0, total: 1 } } },
      ],
    })
    expect(regions.map((r) => r.status)).toEqual(['healthy', 'degraded', 'down'])
    expect(regions[0]!.summary).toBe('llm 2/2, chat 1/1')
  })

  test('password hints follow each rule', () => {
    expect(
      passwordChecks('abc')
        .filter((c) => c.ok)
        .map((c) => c.id),
    ).toEqual(['lower'])
    expect(passwordChecks('Abcdef1!').every((c) => c.ok)).toBe(true)
  })
})
