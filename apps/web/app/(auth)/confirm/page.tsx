import { Suspense } from 'react'
import { ConfirmForm } from './confirm-form'

export const metadata = { title: 'Confirm your email · Parley' }

export default function ConfirmPage() {
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Confirm your email</h1>
      <p className="mb-4 text-sm text-muted">We sent a code to your email address. Enter it below.</p>
      <Suspense>
        <ConfirmForm />
      </Suspense>
    </>
  )
}
