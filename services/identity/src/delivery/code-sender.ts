import { mkdir, rename, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Logger } from '@parley/core'
import type { CodePurpose } from '../store/codes.js'

export type CodeMessage = { email: string; code: string; purpose: CodePurpose }

/** Delivers verification codes. Embedded mode writes them locally; a deployment can plug in SES or SMTP. */
export type CodeSender = { send(message: CodeMessage): Promise<void> }

/** Masks an address the way Cognito's CodeDeliveryDetails do: `a***@e***`. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@')
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`
}

/** A file name for an address: characters outside a safe set become `_`, so no address can leave the folder. */
export function outboxFileName(email: string): string {
  const safe = email
    .toLowerCase()
    .replace(/[^a-z0-9@._+-]/g, '_')
    .replace(/^\.+/, '_')
  return `${basename(safe)}.json`
}

/**
 * The embedded sender: logs the code and writes `<outbox>/<email>.json` (the latest message for that address),
 * which the CLI, tests and a developer can read instead of a mailbox.
 */
export function outboxSender(outboxDir: string, log: Logger): CodeSender {
  return {
    async send(message) {
      await mkdir(outboxDir, { recursive: true })
      const file = join(outboxDir, outboxFileName(message.email))
      const body = JSON.stringify({ ...message, sentAt: new Date().toISOString() }, null, 2)
      // Written aside and renamed, so a reader never sees half a file.
      await writeFile(`${file}.tmp`, body, { mode: 0o600 })
      await rename(`${file}.tmp`, file)
      log.info({ email: message.email, purpose: message.purpose, code: message.code, file }, 'verification code')
    },
  }
}
