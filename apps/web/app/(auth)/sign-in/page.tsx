import { Suspense } from 'react'
import { SignInForm } from './sign-in-form'

export const metadata = { title: 'Sign in · Parley' }

export default function SignInPage() {
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
    </>
  )
}
