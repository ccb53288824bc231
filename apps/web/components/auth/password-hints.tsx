'use client'
import { passwordChecks } from '@/lib/password-policy'

/** Live, per-rule feedback under the password field; screen readers hear the list as it changes. */
export function PasswordHints({ password, id }: { password: string; id: string }) {
  return (
    <ul id={id} aria-live="polite" className="mt-2 space-y-0.5 text-sm">
      {passwordChecks(password).map((c) => (
        <li key={c.id} data-ok={c.ok} className={c.ok ? 'text-green-800 dark:text-green-300' : 'text-muted'}>
          <span aria-hidden="true">{c.ok ? '✓' : '○'}</span> {c.label}
          <span className="sr-only">{c.ok ? ' (done)' : ' (missing)'}</span>
        </li>
      ))}
    </ul>
  )
}
