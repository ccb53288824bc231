import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider'
import { silentLogger } from '@parley/core'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openPoolAdmin } from '../../apps/cli/src/identity-admin.js'
import { type RunningStack, startStack } from '../../apps/cli/src/stack.js'
import { chromiumAvailable, DESKTOP, freshBrowser, PHONE, screenshot } from './support/browser.js'
import { cookieFetch, PASSWORD } from './support/learner.js'
import { e2eStackEnv } from './support/stack-env.js'

/**
 * The admin section of the web app in chromium against the embedded stack: a learner sees none of it (no menu
 * entry, the pages are not found, the BFF's admin calls get the gateway's 403); an admin sees the users list.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-e2e-admin-'))
let stack: RunningStack
let web: string
const browsers: BrowserContext[] = []

async function newUser(email: string, admin: boolean) {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: stack.identity.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  })
  await cognito.send(
    new SignUpCommand({
      ClientId: stack.identity.clientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'name', Value: admin ? 'Olga Operator' : 'Lena Learner' },
      ],
    }),
  )
  cognito.destroy()
  const pool = await openPoolAdmin({ ...process.env, PARLEY_DATA_DIR: dataDir })
  try {
    await pool.confirmUser(email)
    if (admin) await pool.setGroup(email, 'admin', true)
  } finally {
    await pool.close()
  }
}

async function signedIn(email: string, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await freshBrowser(viewport)
  browsers.push(context)
  const page = await context.newPage()
  await page.goto(`${web}/sign-in`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/chat/)
  return { context, page }
}

describe.skipIf(!chromiumAvailable() && !process.env.CI)('the admin section', () => {
  beforeAll(async () => {
    stack = await startStack({ env: e2eStackEnv(dataDir), log: silentLogger() })
    web = stack.webUrl!
    await newUser('lena@example.com', false)
    await newUser('olga@example.com', true)
  }, 900_000)

  afterAll(async () => {
    for (const b of browsers) await b.close()
    await stack?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('a learner sees none of it: no menu entry, no pages, and 403 from the admin API', async () => {
    const { context, page } = await signedIn('lena@example.com')
    const nav = page.getByRole('navigation').first()
    await expect.poll(() => nav.getByRole('link', { name: 'History' }).count()).toBe(1)
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Check' }).count()).toBe(0)
    for (const p of ['/admin/users', '/admin/models', '/admin/regions', '/admin/cost', '/admin/check', '/check']) {
      const res = await page.goto(`${web}${p}`)
      expect(res?.status(), p).toBe(404)
      expect(await page.getByRole('table', { name: 'Users' }).count()).toBe(0)
    }
    const call = await cookieFetch(context, web)
    const users = await call('/api/gw/admin/users')
    expect(users.status).toBe(403)
    expect(((await users.json()) as { code: string }).code).toBe('forbidden_role')
    expect((await call('/api/gw/admin/regions')).status).toBe(403)
  })

  test('an admin sees the users list (desktop and phone), the models and the regions', async () => {
    const { page } = await signedIn('olga@example.com')
    await page.getByRole('link', { name: 'Admin' }).first().click()
    await page.waitForURL(/\/admin\/users/)
    const table = page.getByRole('table', { name: 'Users' })
    await expect.poll(() => table.getByText('lena@example.com').count(), { timeout: 30_000 }).toBe(1)
    expect(await table.getByText('olga@example.com').count()).toBe(1)
    await page.getByLabel('Search by email').fill('len')
    await expect.poll(() => table.getByText('olga@example.com').count(), { timeout: 30_000 }).toBe(0)
    expect(await table.getByText('lena@example.com').count()).toBe(1)
    await page.getByLabel('Search by email').fill('')
    await expect.poll(() => table.getByText('olga@example.com').count(), { timeout: 30_000 }).toBe(1)
    await screenshot(page, 'admin-users-desktop')

    await page.goto(`${web}/admin/regions`)
    await expect
      .poll(() => page.getByRole('table', { name: 'Workers in us-east-1' }).getByText('usable').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0)
    await screenshot(page, 'admin-regions-desktop')
    await page.goto(`${web}/admin/models`)
    await expect.poll(() => page.getByText(stack.model).count(), { timeout: 30_000 }).toBeGreaterThan(0)
    await screenshot(page, 'admin-models-desktop')
    // The endpoint probe (once the learner's /check): every public path answers, none with an error.
    await page.goto(`${web}/admin/check`)
    await page.getByRole('button', { name: 'Run checks' }).click()
    await expect
      .poll(() => page.getByTestId('check-results').locator('tbody tr').count(), { timeout: 120_000 })
      .toBe(10)
    expect(await page.getByTestId('check-results').textContent()).not.toContain('Error')
    await screenshot(page, 'admin-check-desktop')

    const phone = await signedIn('olga@example.com', PHONE)
    await phone.page.goto(`${web}/admin/users`)
    await expect
      .poll(() => phone.page.getByRole('table', { name: 'Users' }).getByText('lena@example.com').count(), {
        timeout: 30_000,
      })
      .toBe(1)
    await screenshot(phone.page, 'admin-users-phone')
  })
  test('an admin reads a simulator export on the cost page; a file that is not one is refused', async () => {
    const { page } = await signedIn('olga@example.com')
    await page.goto(`${web}/admin/cost`)
    const turn = (conversation: string) =>
      JSON.stringify({
        kind: 'turn',
        run: 'r1',
        conversation,
        role: 'tutor',
        provider: 'ollama',
        model: 'smollm2:135m',
        tokens_in: 600,
        tokens_out: 40,
        cost_usd: 0.0002,
      })
    const jsonl = [turn('c1'), turn('c2'), JSON.stringify({ kind: 'run', run: 'r1', wallSeconds: 30, workers: 1 })]
    const input = page.getByLabel('Simulator export (JSON lines)')
    await input.setInputFiles({ name: 'run.jsonl', mimeType: 'text/plain', buffer: Buffer.from(jsonl.join('\n')) })
    const table = page.getByRole('table', { name: 'Cost per 1,000 conversations' })
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(2)
    // Two conversations at $0.0002 each: $0.200 per 1,000, measured; Bedrock rows price the same tokens.
    expect(await table.locator('tbody tr').first().textContent()).toContain('$0.200')
    expect(await table.getByText('amazon.nova-micro-v1:0').count()).toBe(1)
    await screenshot(page, 'admin-cost-desktop')
    await input.setInputFiles({ name: 'bad.jsonl', mimeType: 'text/plain', buffer: Buffer.from('{"kind":"turn"}') })
    await expect.poll(() => page.getByText(/bad\.jsonl: line 1/).count(), { timeout: 30_000 }).toBe(1)
  })
})
