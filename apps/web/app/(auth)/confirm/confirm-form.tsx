'use client'
import { useRouter, useSearchParams } from 'next/navigation'
import { useState } from 'react'
import { AuthForm, Field } from '@/components/auth/auth-form'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { callJson } from '@/lib/client/api'

export function ConfirmForm() {
  const router = useRouter()
  const params = useSearchParams()
  const [email, setEmail] = useState(params.get('email') ?? '')
  const [resent, setResent] = useState<string>()
  return (
    <AuthForm
      endpoint="/api/auth/confirm"
      submitLabel="Confirm"
      onSuccess={(f) => router.push(`/sign-in?confirmed=1&email=${encodeURIComponent(f.email ?? '')}`)}
      footer={
        <Button
          variant="ghost"
          size="sm"
          onClick={async () => {
            const out = await callJson('/api/auth/resend', { method: 'POST', json: { email } }).catch((e: Error) => ({
              message: e.message,
            }))
            setResent(out.message)
          }}
        >
          Send a new code
        </Button>
      }
    >
      {resent ? <Notice>{resent}</Notice> : null}
      <Field id="email" label="Email">
        <Input id="email" name="email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field id="code" label="Code">
        <Input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" required pattern="\d{4,8}" />
      </Field>
    </AuthForm>
  )
}
