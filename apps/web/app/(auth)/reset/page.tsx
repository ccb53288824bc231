import { Suspense } from 'react'
import { codeWhere } from '@/lib/code-delivery'
import { codeDelivery } from '@/lib/server/code-delivery'
import { ResetForm } from './reset-form'

export const metadata = { title: 'Choose a new password · Parley' }

export default async function ResetPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams
  const delivery = codeDelivery()
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Choose a new password</h1>
      {delivery.kind !== 'email' ? (
        <p className="mb-4 text-sm text-muted [overflow-wrap:anywhere]">{codeWhere(delivery, email, 'reset')}</p>
      ) : null}
      <Suspense>
        <ResetForm />
      </Suspense>
    </>
  )
}
