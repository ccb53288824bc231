import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider'
import { silentLogger } from '@parley/core'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type RunningStack, startStack } from '../../apps/cli/src/stack.js'
import { readSse, type SseEvent } from '../../apps/web/lib/sse.js'
import { chromiumAvailable, freshBrowser, screenshot, until } from './support/browser.js'
import { cookieFetch, outboxCode, PASSWORD, signUpAndIn } from './support/learner.js'
import { e2eStackEnv } from './support/stack-env.js'

/**
 * The learner's whole path through the real embedded stack (identity, api, gateway, both regions' workers on a
 * generated tiny model, and the production Next.js build) in Debian's chromium.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-e2e-web-'))
let stack: RunningStack
let web: string
let ana: BrowserContext
let page: Page
const anaEmail = `ana.${Date.now()}@example.com`
let conversationId = ''

// Skipped only on a developer machine without chromium; in CI (.ci/run installs it) a missing browser fails the run.
describe.skipIf(!chromiumAvailable() && !process.env.CI)('web client in chromium against the embedded stack', () => {
  beforeAll(async () => {
    stack = await startStack({
      env: e2eStackEnv(dataDir, {
        // Access tokens live 60 s, inside the BFF's refresh margin: every call exercises the refresh path.
        IDENTITY_ACCESS_TOKEN_TTL_S: '60',
        IDENTITY_ID_TOKEN_TTL_S: '60',
        // The BFF's own region failover is under test (on AWS, API Gateway does not fail over between regions);
        // the gateway's failover has its own suite.
        GATEWAY_FAILOVER: 'false',
      }),
      log: silentLogger(),
    })
    web = stack.webUrl!
    ana = await freshBrowser()
    page = await ana.newPage()
  }, 900_000)

  afterAll(async () => {
    await ana?.close()
    await stack?.close()
  }, 120_000)

  test('signed-out visitors are sent to sign-in, and the BFF refuses them', async () => {
    await page.goto(`${web}/chat`)
    await page.waitForURL(/\/sign-in/)
    expect((await fetch(`${web}/api/gw/conversations`)).status).toBe(401)
    const forged = await fetch(`${web}/api/gw/conversations`, { headers: { cookie: 'parley_session=forged.value' } })
    expect(forged.status).toBe(401)
  })

  test('sign up with live password hints, confirm the emailed code, sign in', async () => {
    await signUpAndIn(page, web, dataDir, { name: 'Ana', email: anaEmail }, true)
    const cookies = await ana.cookies(web)
    const session = cookies.find((c) => c.name === 'parley_session')
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
    // No token is visible to page scripts.
    expect(await page.evaluate(() => document.cookie)).not.toContain('parley_session')
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toMatch(/eyJ/)
  })

  test('send a message: the reply streams in and the message gets feedback underlines', async () => {
    const composer = page.getByLabel('Your message')
    await composer.fill('I has went to school yesterday and I buyed a apple.')
    await composer.press('Enter')
    // The reply bubble exists while tokens arrive, then becomes a finished tutor turn.
    await page.getByTestId('assistant-streaming').waitFor({ state: 'attached', timeout: 60_000 })
    await page.getByTestId('assistant-message').first().waitFor({ timeout: 120_000 })
    expect((await page.getByTestId('assistant-message').first().textContent())?.trim().length ?? 0).toBeGreaterThan(0)
    // A finished reply, not a failure note.
    expect(await page.getByTestId('assistant-message').first().getByRole('alert').count()).toBe(0)
    const underline = page.locator('[data-testid="user-message"] button[data-category]').first()
    await underline.waitFor({ timeout: 120_000 })
    // Hovering shows the suggestion; a click pins it; Escape closes it.
    await underline.hover()
    await expect.poll(() => page.getByRole('dialog').count()).toBeGreaterThan(0)
    await underline.click()
    await page.mouse.move(0, 0)
    expect(await page.getByRole('dialog').textContent()).toContain('→')
    await screenshot(page, '04-chat-feedback')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    conversationId = new URL(page.url()).searchParams.get('c') ?? ''
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/)
  })

  test('after a reload the conversation, its feedback and a typed draft are all there', async () => {
    const call = await cookieFetch(ana, web)
    // Saved through the API with feedback, scores and an embedding once the turn is complete.
    await until(
      'the saved turn with its scores',
      async () => {
        const body = (await (await call(`/api/gw/conversations/${conversationId}`)).json()) as {
          data?: { conversation: { feedback?: unknown; score?: unknown }[] }
        }
        const turns = body.data?.conversation ?? []
        return turns.some((t) => t.feedback) && turns.some((t) => t.score) ? turns : undefined
      },
      180_000,
    )
    await page.getByLabel('Your message').fill('A draft I have not sent')
    await page.reload()
    await page.getByTestId('assistant-message').first().waitFor()
    await expect.poll(() => page.getByLabel('Your message').inputValue()).toBe('A draft I have not sent')
    expect(await page.getByTestId('conversation-list').textContent()).toContain('I has went')
    await page.getByTestId('score-bars').waitFor()
    expect(await page.getByRole('meter').count()).toBe(9)
    await screenshot(page, '05-chat-after-reload')
  })

  test('the BFF streams SSE through unbuffered: several token events, then done', async () => {
    const call = await cookieFetch(ana, web)
    const res = await call('/api/gw/us-east-1/tutor/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        conversationId,
        messages: [{ role: 'user', content: 'Tell me about your day.' }],
        learner: { name: 'Ana', level: 'B1', nativeLanguage: 'es' },
        scenario: 'free-talk',
      }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    // Unbuffered: the first piece to arrive is not the whole reply, which ends with `done`.
    const pieces: string[] = []
    const decoder = new TextDecoder()
    const reader = res.body!.getReader()
    for (let r = await reader.read(); !r.done; r = await reader.read())
      pieces.push(decoder.decode(r.value, { stream: true }))
    expect(pieces.length).toBeGreaterThan(1)
    expect(pieces[0]).not.toContain('event: done')
    const events: SseEvent[] = []
    for await (const ev of readSse(new Response(pieces.join('')).body!)) events.push(ev)
    const names = events.map((e) => e.event)
    expect(names.filter((n) => n === 'token').length).toBeGreaterThan(1)
    // The stream ends with `done` (an `error` here would name the failure in the assertion).
    expect(names.filter((n) => n !== 'token')).toEqual(['done'])
    expect((JSON.parse(events.at(-1)!.data) as { reply: string }).reply.length).toBeGreaterThan(0)
  })

  test('stop a reply while it is generating, then retry it', async () => {
    const composer = page.getByLabel('Your message')
    await composer.fill('What should I cook tonight?')
    await composer.press('Enter')
    // Stop is offered from the moment the message is sent; the model is still reading the prompt.
    await page.getByRole('button', { name: 'Stop' }).click()
    await page.getByText('Stopped.').waitFor()
    await page.getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => page.getByText('Stopped.').count(), { timeout: 120_000 }).toBe(0)
    await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 120_000 })
    const last = page.getByTestId('assistant-message').last()
    expect((await last.textContent())?.trim().length ?? 0).toBeGreaterThan(0)
    expect(await last.getByRole('alert').allTextContents()).toEqual([])
  })

  test('a new topic from the scenario picker: the tutor opens the scenario', async () => {
    await page.getByRole('button', { name: '+ New topic' }).click()
    const dialog = page.getByRole('dialog', { name: 'Choose a scenario' })
    await dialog.getByRole('button', { name: /Job interview/ }).click()
    await expect.poll(() => page.getByTestId('conversation-title').textContent()).toBe('Job interview')
    await page.getByTestId('assistant-message').first().waitFor({ timeout: 120_000 })
    await expect.poll(() => page.getByTestId('conversation-list').textContent()).toContain('Job interview')
    await screenshot(page, '05b-new-topic')
    // Back to the first conversation for the steps that follow.
    await page.goto(`${web}/chat?c=${conversationId}`)
    await page.getByTestId('assistant-message').first().waitFor()
  })

  test('rename the conversation', async () => {
    await page
      .getByRole('button', { name: /^Rename I has went/ })
      .first()
      .click()
    await page.getByLabel('Title').fill('My school day')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByTestId('conversation-list').textContent()).toContain('My school day')
    const call = await cookieFetch(ana, web)
    const body = (await (await call(`/api/gw/conversations/${conversationId}`)).json()) as { data: { title: string } }
    expect(body.data.title).toBe('My school day')
  })

  // The endpoint probe (/check) is an admin page now: test/e2e/web-admin.test.ts runs it as an admin.
  test('progress and settings pages render from real data', async () => {
    await page.goto(`${web}/progress`)
    await page.getByText('Overall score per conversation').waitFor()
    await screenshot(page, '06-progress')
    await page.goto(`${web}/settings`)
    await page.getByLabel('Display name').fill('Ana María')
    await page.getByLabel('Explain my mistakes in').selectOption('es')
    await page.getByLabel('My level').selectOption('B1')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByText('Settings saved.').waitFor()
    await expect.poll(() => page.getByTestId('learner-name').textContent()).toBe('Ana María')
    await page.reload()
    await expect.poll(() => page.getByLabel('Explain my mistakes in').inputValue()).toBe('es')
    await screenshot(page, '07-settings')
  })

  test('a second learner sees none of the first one’s conversations, in the UI or through the API', async () => {
    const call = await cookieFetch(ana, web)
    const anaSub = ((await (await call('/api/auth/me')).json()) as { data: { sub: string } }).data.sub
    const ben = await freshBrowser({ width: 390, height: 844 })
    try {
      const benPage = await ben.newPage()
      const benEmail = `ben.${Date.now()}@example.com`
      await signUpAndIn(benPage, web, dataDir, { name: 'Ben', email: benEmail })
      await benPage.getByText('No conversations yet.', { exact: true }).first().waitFor({ state: 'attached' })
      await benPage.getByRole('button', { name: 'Conversations' }).click()
      await screenshot(benPage, '09-mobile-drawer')
      expect(await benPage.getByTestId('conversation-list').first().textContent()).not.toContain('My school day')

      const benCall = await cookieFetch(ben, web)
      expect(((await (await benCall('/api/gw/conversations')).json()) as { data: unknown[] }).data).toEqual([])
      expect((await benCall(`/api/gw/conversations/${conversationId}`)).status).toBe(404)
      expect((await benCall(`/api/gw/conversations/${conversationId}`, { method: 'DELETE' })).status).toBe(404)

      // Straight at the gateway with Ben's own token: Ana's uid is forbidden, her id is invisible.
      const sdk = new CognitoIdentityProviderClient({
        endpoint: stack.identity.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      })
      const auth = await sdk.send(
        new InitiateAuthCommand({
          ClientId: stack.identity.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: benEmail, PASSWORD },
        }),
      )
      const bearer = { authorization: `Bearer ${auth.AuthenticationResult?.AccessToken}` }
      expect((await fetch(`${stack.gatewayUrl}/conversations/${anaSub}`, { headers: bearer })).status).toBe(403)
      const me = auth.AuthenticationResult?.AccessToken?.split('.')[1] ?? ''
      const benSub = (JSON.parse(Buffer.from(me, 'base64url').toString()) as { sub: string }).sub
      const cross = await fetch(`${stack.gatewayUrl}/conversations/${benSub}/${conversationId}`, { headers: bearer })
      expect(cross.status).toBe(404)

      // Ben forgets his password: the emailed reset code sets a new one, which then signs him in.
      await benPage.goto(`${web}/forgot`)
      await benPage.getByLabel('Email').fill(benEmail)
      await benPage.getByRole('button', { name: 'Send code' }).click()
      await benPage.waitForURL(/\/reset\?email=/)
      await benPage.getByLabel('Reset code').fill(await outboxCode(dataDir, benEmail, 'reset_password'))
      await benPage.getByLabel('New password').fill('Another-pass-2?')
      await benPage.getByRole('button', { name: 'Change password' }).click()
      await benPage.waitForURL(/\/sign-in\?reset=1/)
      await benPage.getByLabel('Password').fill('Another-pass-2?')
      await benPage.getByRole('button', { name: 'Sign in' }).click()
      await benPage.waitForURL(/\/chat/)
    } finally {
      await ben.close()
    }
  })

  test('when the chosen region fails, the UI says it switched region and the conversation goes on', async () => {
    await page.goto(`${web}/chat?c=${conversationId}`)
    await page.getByTestId('assistant-message').first().waitFor()
    const before = await page.getByTestId('assistant-message').count()
    for (const name of ['chat-worker us-east-1', 'scoring-worker us-east-1'])
      await stack.services.find((s) => s.name === name)?.close()
    const composer = page.getByLabel('Your message')
    await composer.fill('Where do you usually go on holiday?')
    await composer.press('Enter')
    await page.getByText(/switched to us-west-2/).waitFor({ timeout: 120_000 })
    await expect.poll(() => page.getByTestId('assistant-message').count(), { timeout: 120_000 }).toBe(before + 1)
    await screenshot(page, '09b-region-switched')
  })

  test('the BFF answers bad input with clear 4xx and changes nothing', async () => {
    const call = await cookieFetch(ana, web)
    const json = { 'content-type': 'application/json' }
    expect((await call('/api/gw/conversations', { method: 'POST', headers: json, body: '{nope' })).status).toBe(400)
    expect(
      (await call('/api/gw/conversations', { method: 'POST', headers: json, body: JSON.stringify({ id: 5 }) })).status,
    ).toBe(400)
    const huge = JSON.stringify({
      id: conversationId,
      title: 'x',
      conversation: [{ role: 'user', content: 'y'.repeat(1_100_000) }],
    })
    expect((await call('/api/gw/conversations', { method: 'POST', headers: json, body: huge })).status).toBe(413)
    expect((await call('/api/gw/us-east-1/pull', { method: 'POST', headers: json, body: '{}' })).status).toBe(404)
    expect((await call('/api/gw/..%2F..%2Fmetrics')).status).toBe(404)
    expect((await call('/api/gw/conversations/not-a-uuid')).status).toBe(400)
    expect((await call('/api/auth/sign-in', { method: 'POST', headers: json, body: '{"email":"x"}' })).status).toBe(400)
    const body = (await (await call(`/api/gw/conversations/${conversationId}`)).json()) as { data: { title: string } }
    expect(body.data.title).toBe('My school day')
  })

  test('dark mode, then delete the conversation and sign out', async () => {
    await page.goto(`${web}/chat?c=${conversationId}`)
    await page.getByTestId('assistant-message').first().waitFor()
    await page.getByRole('button', { name: 'Toggle dark mode' }).click()
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true)
    await screenshot(page, '10-chat-dark')

    await page.getByRole('button', { name: 'Delete My school day' }).click()
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    await expect.poll(() => page.getByTestId('conversation-list').textContent()).not.toContain('My school day')
    const call = await cookieFetch(ana, web)
    expect((await call(`/api/gw/conversations/${conversationId}`)).status).toBe(404)

    // The access token is refreshed on its own: each call renews the session cookie.
    const renewed = await call('/api/auth/me')
    expect(renewed.status).toBe(200)
    expect(renewed.headers.get('set-cookie') ?? '').toContain('parley_session=')
    const before = await ana.cookies(web)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(/\/sign-in/)
    await page.goto(`${web}/chat`)
    await page.waitForURL(/\/sign-in/)

    // Sign-out revoked the refresh token: the old cookies cannot be refreshed, and the app returns to sign-in.
    expect((await call('/api/auth/me')).status).toBe(401)
    await ana.addCookies(before)
    await page.goto(`${web}/chat`)
    await page.waitForURL(/\/sign-in\?expired=1/)
  })
})
