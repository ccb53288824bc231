'use client'
import Link from 'next/link'
import { useRouter, useSearchParams } from 'next/navigation'
import { AuthForm, Field } from '@/components/auth/auth-form'
import { Notice } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { safeNext } from '@/lib/sign-in-next'

export function SignInForm() {
  const router = useRouter()
  const params = useSearchParams()
  return (
    <AuthForm
      endpoint="/api/auth/sign-in"
      submitLabel="Sign in"
      errorHelp={(code, f) =>
        code === 'UserNotConfirmedException' ? (
          <Link className="font-medium underline" href={`/confirm?email=${encodeURIComponent(f.email ?? '')}`}>
            Enter your code
          </Link>
        ) : null
      }
      onSuccess={() => {
        router.replace(safeNext(params.get('next')))
        router.refresh()
      }}
      footer={
        <p className="flex justify-between text-sm">
          <Link className="text-accent underline" href="/sign-up">
            Create an account
          </Link>
          <Link className="text-accent underline" href="/forgot">
            Forgot password?
          </Link>
        </p>
      }
    >
      {params.get('expired') ? <Notice>Your session has ended. Please sign in again.</Notice> : null}
      {params.get('confirmed') ? <Notice kind="success">Email confirmed. You can sign in now.</Notice> : null}
      {params.get('created') ? <Notice kind="success">Account created. You can sign in now.</Notice> : null}
      {params.get('reset') ? <Notice kind="success">Password changed. Sign in with the new one.</Notice> : null}
      <Field id="email" label="Email">
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={params.get('email') ?? ''}
        />
      </Field>
      <Field id="password" label="Password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
    </AuthForm>
  )
}
