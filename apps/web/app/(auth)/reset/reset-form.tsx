'use client'
import { useRouter, useSearchParams } from 'next/navigation'
import { useState } from 'react'
import { AuthForm, Field } from '@/components/auth/auth-form'
import { PasswordHints } from '@/components/auth/password-hints'
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
      <Field id="code" label="Code from the email">
        <Input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" required />
      </Field>
      <Field id="password" label="New password" hint={<PasswordHints id="password-hints" password={password} />}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          aria-describedby="password-hints"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
    </AuthForm>
  )
}
