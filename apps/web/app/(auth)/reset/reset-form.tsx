'use client'
import { useRouter, useSearchParams } from 'next/navigation'
import { useState } from 'react'
import { AuthForm, Field } from '@/components/auth/auth-form'
import { NewPasswordField } from '@/components/auth/new-password-field'
import { Input } from '@/components/ui/input'
import { meetsPolicy } from '@/lib/password-policy'

export function ResetForm() {
  const router = useRouter()
  const params = useSearchParams()
  const [password, setPassword] = useState('')
  return (
    <AuthForm
      endpoint="/api/auth/reset"
      submitLabel="Change password"
      canSubmit={meetsPolicy(password)}
      onSuccess={(f) => router.push(`/sign-in?reset=1&email=${encodeURIComponent(f.email ?? '')}`)}
    >
      <Field id="email" label="Email">
        <Input id="email" name="email" type="email" required defaultValue={params.get('email') ?? ''} />
      </Field>
      <Field id="code" label="Reset code">
        <Input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" required />
      </Field>
      <NewPasswordField label="New password" value={password} onChange={setPassword} />
    </AuthForm>
  )
}
