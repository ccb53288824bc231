import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { screenshot, until } from './browser.js'

export const PASSWORD = 'Parley-test-1!'

/** Reads the confirmation code the embedded identity wrote to its outbox for `email`. */
export function outboxCode(
  dataDir: string,
  email: string,
  purpose: 'confirm_sign_up' | 'reset_password' = 'confirm_sign_up',
): Promise<string> {
  const file = path.join(dataDir, 'outbox', `${email.toLowerCase()}.json`)
  return until(`a ${purpose} code for ${email}`, async () => {
    const message = JSON.parse(readFileSync(file, 'utf8')) as { code: string; purpose: string }
    return message.purpose === purpose ? message.code : undefined
  })
}

/** Signs up through the pages (watching the live password hints), confirms with the emailed code, signs in. */
export async function signUpAndIn(
  page: Page,
  web: string,
  dataDir: string,
  who: { name: string; email: string },
  shots = false,
) {
  await page.goto(`${web}/sign-up`)
  await page.getByLabel('Name').fill(who.name)
  await page.getByLabel('Email').fill(who.email)
  const password = page.getByLabel('Password', { exact: true })
  await password.fill('short')
  expect(await page.locator('#password-hints li[data-ok="true"]').count()).toBe(1)
  await expect.poll(() => page.getByRole('button', { name: 'Sign up' }).isDisabled()).toBe(true)
  await password.fill(PASSWORD)
  await expect.poll(() => page.locator('#password-hints li[data-ok="false"]').count()).toBe(0)
  if (shots) await screenshot(page, '01-sign-up')
  await page.getByRole('button', { name: 'Sign up' }).click()

  await page.waitForURL(/\/confirm\?email=/)
  await page.getByLabel('Code').fill(await outboxCode(dataDir, who.email))
  if (shots) await screenshot(page, '02-confirm')
  await page.getByRole('button', { name: 'Confirm' }).click()

  await page.waitForURL(/\/sign-in\?confirmed=1/)
  await page.getByLabel('Password').fill(PASSWORD)
  if (shots) await screenshot(page, '03-sign-in')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/chat/)
}

/** A fetch that carries this browser's cookies, to check the BFF the way the page calls it. */
export async function cookieFetch(context: BrowserContext, web: string) {
  const cookies = await context.cookies(web)
  const header = cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  return (p: string, init: RequestInit = {}) =>
    fetch(`${web}${p}`, { ...init, headers: { cookie: header, ...(init.headers as Record<string, string>) } })
}
