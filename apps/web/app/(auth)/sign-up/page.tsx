'use client'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { AuthForm, Field } from '@/components/auth/auth-form'
import { NewPasswordField } from '@/components/auth/new-password-field'
import { Input } from '@/components/ui/input'
import { meetsPolicy } from '@/lib/password-policy'

export default function SignUpPage() {
  const router = useRouter()
  const [password, setPassword] = useState('')
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Create your account</h1>
      <AuthForm
        endpoint="/api/auth/sign-up"
        submitLabel="Sign up"
        canSubmit={meetsPolicy(password)}
        onSuccess={(f, _message, data) => {
          const email = encodeURIComponent(f.email ?? '')
          // Pools that confirm on sign-up (Parley's embedded default) skip the code step.
          router.push(
            (data as { confirmed?: boolean })?.confirmed
              ? `/sign-in?created=1&email=${email}`
              : `/confirm?email=${email}`,
          )
        }}
        footer={
          <p className="text-sm">
            Already have an account?{' '}
            <Link className="text-accent underline" href="/sign-in">
              Sign in
            </Link>
          </p>
        }
      >
        <Field id="name" label="Name">
          <Input id="name" name="name" autoComplete="name" required maxLength={100} />
        </Field>
        <Field id="email" label="Email">
          <Input id="email" name="email" type="email" autoComplete="email" required />
        </Field>
        <NewPasswordField label="Password" value={password} onChange={setPassword} />
      </AuthForm>
    </>
  )
}
