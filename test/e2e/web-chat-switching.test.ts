// A streaming reply belongs to its own conversation, in Debian's chromium against the embedded stack. A proxy between
// the web server and the gateway holds a turn's stream after a chosen event (or drops its connection), so what the
// page shows is checked at fixed points of the stream, not after sleeps.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { BrowserContext, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RunningStack } from '../../apps/cli/src/stack.js'
import { chromiumAvailable, DESKTOP, freshBrowser, PHONE, screenshot, until } from './support/browser.js'
import { startStackWithTurnProxy, type TurnProxy } from './support/held-stack.js'
import { cookieFetch, signUpAndIn } from './support/learner.js'
import { e2eStackEnv } from './support/stack-env.js'

type Stored = { data: { conversation: { role: string; content: string; turnId?: string; stopped?: boolean }[] } }

const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-e2e-switch-'))
let stack: RunningStack
let proxy: TurnProxy
let closeStack: (() => Promise<void>) | undefined
let browser: BrowserContext
let page: Page
// Every browser request, and how each turn request ended (`failed`: aborted by the page).
const events: string[] = []

const turnRequests = (r: Request) => r.method() === 'POST' && r.url().endsWith('/tutor/turn')
const listEntry = (name: RegExp) => page.getByTestId('conversation-list').getByRole('button', { name })
const idInUrl = () => new URL(page.url()).searchParams.get('c') ?? ''

async function stored(id: string): Promise<Stored | undefined> {
  const res = await (await cookieFetch(browser, stack.webUrl!))(`/api/gw/conversations/${id}`)
  return res.ok ? ((await res.json()) as Stored) : undefined
}

/** Waits until the server has stored a tutor turn after the last learner message of conversation `id`. */
const replyStored = (id: string) =>
  until(`the reply stored in ${id}`, async () => {
    const turns = (await stored(id))?.data.conversation ?? []
    return turns.at(-1)?.role === 'assistant' && turns.some((t) => t.role === 'user') ? turns : undefined
  })

async function send(text: string) {
  await page.getByLabel('Your message').fill(text)
  await page.getByLabel('Your message').press('Enter')
}

describe.skipIf(!chromiumAvailable() && !process.env.CI)('a streaming reply stays with its conversation', () => {
  beforeAll(async () => {
    ;({
      stack,
      proxy,
      close: closeStack,
    } = await startStackWithTurnProxy(e2eStackEnv(dataDir, { CHAT_MAX_REPLY_TOKENS: '24', SCORING_MAX_TOKENS: '48' })))
    browser = await freshBrowser()
    page = await browser.newPage()
    page.on('request', (r) => events.push(`${r.method()} ${new URL(r.url()).pathname}`))
    page.on('requestfailed', (r) => turnRequests(r) && events.push('turn failed'))
    page.on('requestfinished', (r) => turnRequests(r) && events.push('turn finished'))
  }, 900_000)

  afterAll(async () => {
    await browser?.close()
    await closeStack?.()
  }, 120_000)

  test('a new topic stops the streaming reply; the old turn ending later leaves the new one busy', async () => {
    await signUpAndIn(page, stack.webUrl!, dataDir, { name: 'Noa', email: `noa.${Date.now()}@example.com` })
    const first = proxy.hold('event: token')
    await send('My cat sleeps on the sofa every afternoon.')
    await first.held
    await page.getByTestId('assistant-streaming').waitFor({ state: 'attached' })
    const catId = idInUrl()

    // Records any moment the new topic's opener is still on its way (no tutor message yet) but Stop is gone.
    const opener = proxy.hold('event: token')
    await page.getByRole('button', { name: '+ New topic' }).click()
    await page
      .getByRole('dialog', { name: 'Choose a scenario' })
      .getByRole('button', { name: /Job interview/ })
      .click()
    await opener.held
    await expect.poll(() => page.getByTestId('conversation-title').textContent()).toBe('Job interview')
    await page.evaluate(() => {
      const w = window as unknown as { stopLostEarly: boolean }
      w.stopLostEarly = false
      const check = () => {
        const stop = [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Stop')
        if (!stop && document.querySelectorAll('[data-testid="assistant-message"]').length === 0) w.stopLostEarly = true
      }
      check()
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await expect.poll(() => events.includes('turn failed')).toBe(true) // leaving the cat conversation stopped it

    // The cat turn's stream runs to its end (without the fix its `done` cleared the busy state of the new topic).
    first.release()
    await replyStored(catId)
    opener.release()
    await page.getByTestId('assistant-message').first().waitFor({ timeout: 120_000 })
    expect(await page.evaluate(() => (window as unknown as { stopLostEarly: boolean }).stopLostEarly)).toBe(false)
    await expect.poll(() => page.getByRole('button', { name: 'Send' }).count()).toBe(1)
  })

  test('opening another conversation shows none of the reply still streaming elsewhere', async () => {
    const held = proxy.hold('event: token')
    await send('What questions do interviewers usually ask?')
    await held.held
    await page.getByTestId('assistant-streaming').waitFor({ state: 'attached' })
    const interviewId = idInUrl()

    await listEntry(/^My cat sleeps/).click()
    await expect.poll(() => page.getByTestId('conversation-title').textContent()).toMatch(/^My cat sleeps/)
    expect(await page.getByTestId('assistant-streaming').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0)
    await page.getByLabel('Your message').fill('Draft while the other reply was streaming.')
    expect(await page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true)
    await page.getByLabel('Your message').fill('')
    held.release()
    // The interview's reply was stopped when the learner left; the server keeps it as far as it got.
    await replyStored(interviewId)
  })

  test('a stream that breaks after the message was stored: not unsent, reloaded, Retry does not send it again', async () => {
    const cut = proxy.hold('event: turn')
    await send('Yesterday I cooked pasta for my friends.')
    await cut.held
    const id = idInUrl()
    cut.cut()
    await page.getByText('The connection was lost; the conversation was reloaded.').waitFor()
    await screenshot(page, 'switch-01-connection-lost')
    await page.setViewportSize(PHONE)
    await screenshot(page, 'switch-01-connection-lost-phone')
    await page.setViewportSize(DESKTOP)

    // The server stops the reply it can no longer deliver and stores it; Retry then redoes only the reply.
    await replyStored(id)
    const retried = page.waitForRequest(turnRequests)
    await page.getByRole('button', { name: 'Retry' }).click()
    const request = await retried
    expect((request.postDataJSON() as { text?: string }).text).toBeUndefined()
    await (await request.response())?.finished()
    const pasta = 'Yesterday I cooked pasta for my friends.'
    expect((await replyStored(id)).filter((t) => t.content === pasta)).toHaveLength(1)
    expect(await page.getByTestId('user-message').filter({ hasText: pasta }).count()).toBe(1)
  })

  test('deleting a conversation whose reply streams stops that reply before the delete', async () => {
    const held = proxy.hold('event: token')
    await send('Please answer slowly.')
    await held.held
    const id = idInUrl()
    const from = events.length
    await page.getByRole('button', { name: /^Delete My cat sleeps/ }).click()
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    await expect.poll(() => listEntry(/^My cat sleeps/).count()).toBe(0)
    expect(events.slice(from)).toContain(`DELETE /api/gw/conversations/${id}`)
    // Still held by the proxy, so only the page can have ended it.
    await expect.poll(() => events.slice(from).includes('turn failed')).toBe(true)
    held.release()
  })
})
