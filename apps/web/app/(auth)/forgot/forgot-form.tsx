'use client'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { AuthForm, Field } from '@/components/auth/auth-form'
import { Input } from '@/components/ui/input'

/** Asks for a reset code; where the code goes is said by the page around it. */
export function ForgotForm() {
  const router = useRouter()
  return (
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
  )
}
