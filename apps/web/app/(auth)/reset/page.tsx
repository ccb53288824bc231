import { Suspense } from 'react'
import { ResetForm } from './reset-form'

export const metadata = { title: 'Choose a new password · Parley' }

export default function ResetPage() {
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Choose a new password</h1>
      <Suspense>
        <ResetForm />
      </Suspense>
    </>
  )
}
