'use client'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { AuthForm, Field } from '@/components/auth/auth-form'
import { Input } from '@/components/ui/input'

export default function ForgotPage() {
  const router = useRouter()
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Reset your password</h1>
      <p className="mb-4 text-sm text-muted">We will send a code to your email address.</p>
      <AuthForm
        endpoint="/api/auth/forgot"
        submitLabel="Send code"
        onSuccess={(f) => router.push(`/reset?email=${encodeURIComponent(f.email ?? '')}`)}
        footer={
          <Link className="text-sm text-accent underline" href="/sign-in">
            Back to sign in
          </Link>
        }
      >
        <Field id="email" label="Email">
          <Input id="email" name="email" type="email" autoComplete="email" required />
        </Field>
      </AuthForm>
    </>
  )
}
