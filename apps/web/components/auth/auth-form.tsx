'use client'
import type { FormEvent, ReactNode } from 'react'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/card'
import { ApiError, callJson } from '@/lib/client/api'

/**
 * A form that posts its fields as JSON to an auth endpoint and shows the server's message. `onSuccess` decides
 * where to go next. Errors are announced (role=alert) and the form stays filled in.
 */
export function AuthForm(props: {
  endpoint: string
  submitLabel: string
  children: ReactNode
  onSuccess: (fields: Record<string, string>, message?: string, data?: unknown) => void
  footer?: ReactNode
  canSubmit?: boolean
  /** Extra help under an error, by the identity error code (e.g. a link to the confirm page). */
  errorHelp?: (code: string, fields: Record<string, string>) => ReactNode
}) {
  const [error, setError] = useState<{ message: string; help?: ReactNode }>()
  const [busy, setBusy] = useState(false)

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const fields = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>
    setBusy(true)
    setError(undefined)
    try {
      const out = await callJson(props.endpoint, { method: 'POST', json: fields })
      props.onSuccess(fields, out.message, out.data)
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'error'
      setError({ message: (err as Error).message, help: props.errorHelp?.(code, fields) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate={false}>
      {props.children}
      {error ? (
        <Notice kind="error">
          {error.message} {error.help}
        </Notice>
      ) : null}
      <Button type="submit" className="w-full" disabled={busy || props.canSubmit === false}>
        {busy ? 'Please wait…' : props.submitLabel}
      </Button>
      {props.footer}
    </form>
  )
}

export function Field(props: { id: string; label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={props.id} className="block text-sm font-medium">
        {props.label}
      </label>
      {props.children}
      {props.hint}
    </div>
  )
}
