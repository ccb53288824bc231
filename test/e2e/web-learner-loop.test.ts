// The learner loop in Debian's chromium against the embedded stack: Send is free again as soon as the reply's `done`
// arrives, while that turn's scores are still on their way, and the rules feedback shows (labelled) before the LLM
// check. A proxy between the web server and the gateway holds a turn's stream after a chosen event, so the order is
// fixed by the test, not by timing.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RunningStack } from '../../apps/cli/src/stack.js'
import { chromiumAvailable, freshBrowser, PHONE, screenshot } from './support/browser.js'
import { startStackWithTurnProxy, type TurnProxy } from './support/held-stack.js'
import { signUpAndIn } from './support/learner.js'

const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-e2e-loop-'))
let stack: RunningStack
let proxy: TurnProxy
let closeStack: (() => Promise<void>) | undefined
let browser: BrowserContext
let page: Page
const browserCalls: string[] = []

describe.skipIf(!chromiumAvailable() && !process.env.CI)('the learner loop in the browser', () => {
  beforeAll(async () => {
    ;({
      stack,
      proxy,
      close: closeStack,
    } = await startStackWithTurnProxy({
      ...process.env,
      PARLEY_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      LLM_THREADS: '1',
      CHAT_MAX_REPLY_TOKENS: '24',
      SCORING_MAX_TOKENS: '48',
      GATEWAY_IDLE_TIMEOUT_MS: '180000',
    }))
    browser = await freshBrowser()
    page = await browser.newPage()
    page.on('request', (r) => browserCalls.push(`${r.method()} ${new URL(r.url()).pathname}`))
  }, 900_000)

  afterAll(async () => {
    await browser?.close()
    await closeStack?.()
  }, 120_000)

  test('Send is enabled when the reply is done, before the scores; rules feedback shows first, labelled', async () => {
    await signUpAndIn(page, stack.webUrl!, dataDir, { name: 'Lia', email: `lia.${Date.now()}@example.com` })
    const composer = page.getByLabel('Your message')
    const send = page.getByRole('button', { name: 'Send' })

    // Turn 1 is held after `done`: its score (always after `done`) has not reached the page.
    const first = proxy.hold('event: done')
    await composer.fill('I has went to the market yesterday.')
    await composer.press('Enter')
    await first.held
    await page.getByTestId('assistant-message').first().waitFor({ timeout: 120_000 })
    await composer.fill('We buyed some apples and a orange.')
    await expect.poll(() => send.isEnabled()).toBe(true)
    expect(await page.getByRole('meter').count()).toBe(0)
    await screenshot(page, 'loop-01-send-free-before-scores')
    await page.setViewportSize(PHONE)
    await screenshot(page, 'loop-01-send-free-before-scores-phone')
    await page.setViewportSize({ width: 1280, height: 800 })

    // Turn 2, sent while turn 1 is still held, is held after its first feedback, before the reply is done. That is
    // the rules layer's, labelled as such, unless the refinement was faster (then the rules one is never shown).
    const second = proxy.hold('"layer":"rules"', '"layer":"llm"')
    await send.click()
    const layer = await second.held
    const label = layer.includes('rules') ? /Quick check/ : /AI tutor/
    await expect.poll(() => page.getByTestId('feedback-layer').textContent()).toMatch(label)
    expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(1)
    await screenshot(page, 'loop-02-rules-feedback-first')

    first.release()
    second.release()
    await expect.poll(() => page.getByTestId('assistant-message').count(), { timeout: 120_000 }).toBe(2)
    await expect.poll(() => page.getByRole('meter').count(), { timeout: 120_000 }).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('feedback-layer').textContent(), { timeout: 120_000 }).toMatch(/AI tutor/)
    await screenshot(page, 'loop-03-scores-and-ai-feedback')
    // Both turns are stored: the list says when, not "Not saved yet" (it did after a second turn until a reload).
    const entry = page.getByTestId('conversation-list').locator('li').first()
    await expect.poll(() => entry.locator('time').count()).toBe(1)
    expect(await entry.textContent()).not.toContain('Not saved yet')
  })

  test('the page itself never saves, scores or embeds: the server-side turn does', () => {
    const turnCalls = browserCalls.filter((c) => c.endsWith('/tutor/turn'))
    expect(turnCalls).toEqual(['POST /api/gw/us-east-1/tutor/turn', 'POST /api/gw/us-east-1/tutor/turn'])
    const clientSide = browserCalls.filter((c) =>
      /\/(score|feedback|scoring\/embed|tutor\/chat)$|^POST \/api\/gw\/conversations$/.test(c),
    )
    expect(clientSide).toEqual([])
  })

  test('reopened, the conversation shows both turns with the stored feedback and scores', async () => {
    await page.reload()
    await expect.poll(() => page.getByTestId('assistant-message').count(), { timeout: 60_000 }).toBe(2)
    expect(await page.getByTestId('user-message').count()).toBe(2)
    await expect.poll(() => page.getByRole('meter').count(), { timeout: 60_000 }).toBeGreaterThan(0)
  })
})
